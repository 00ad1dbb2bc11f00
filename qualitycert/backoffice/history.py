"""The 历史 (history) button of every back-office object: its lifecycle as
the hash-chained audit log recorded it.

Django's own history page reads the admin's LogEntry table, which nothing
here writes: every change goes through an action that appends to our audit
log instead, so the stock page said "no history" right after a suspension.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from qualitycert.audit.labels import action_label
from qualitycert.audit.models import AuditEntry
from qualitycert.audit.queries import history_of

from .display import local_datetime

PER_PAGE = 100


class AuditHistoryMixin:
    """Mixed into a ModelAdmin: history_view reads the audit log."""

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict[str, Any] | None = None) -> HttpResponse:
        model_admin: Any = self
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        # The admin's scoped queryset: another organisation's object is a 404.
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("not found")
        if not model_admin.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        opts = model_admin.opts
        paginator = Paginator(history_of(opts.label_lower, str(obj.pk)), PER_PAGE)
        page = paginator.get_page(request.GET.get(PAGE_VAR, 1))
        may_read_log = _audit_admin(model_admin).has_view_permission(request)
        rows = [_row(entry, may_read_log) for entry in page]
        context = {
            **model_admin.admin_site.each_context(request),
            "title": _("变更历史：%(object)s") % {"object": obj},
            "subtitle": None,
            "rows": rows,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            "module_name": str(capfirst(opts.verbose_name_plural)),
            "object": obj,
            "opts": opts,
            "preserved_filters": model_admin.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = model_admin.admin_site.name
        return TemplateResponse(request, "backoffice/object_history.html", context)


def _audit_admin(model_admin: Any) -> Any:
    return model_admin.admin_site.get_model_admin(AuditEntry)


def _row(entry: AuditEntry, may_read_log: bool) -> dict[str, Any]:
    return {
        "at": local_datetime(entry.at),
        "actor": entry.actor_label,
        "action": action_label(entry.action),
        "code": entry.action,
        "reason": entry.reason,
        # The full entry (before/after, hashes) for those who may read the log.
        "url": reverse("admin:audit_auditentry_change", args=[entry.pk]) if may_read_log else "",
        "seq": entry.seq,
    }

