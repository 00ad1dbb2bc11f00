"""The back office: Django's admin, in Chinese, open to back-office roles only.

Settings name "qualitycert.backoffice.apps.BackOfficeAdminConfig" in
INSTALLED_APPS instead of "django.contrib.admin", which makes this class the
default site, so `admin.site` in qualitycert/urls.py is this site.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.forms import BackOfficeAuthenticationForm
from qualitycert.accounts.roles import may_enter_back_office
from qualitycert.audit.labels import action_label, object_type_label
from qualitycert.audit.queries import recent_by

from .base import acting_user
from .display import local_datetime
from .tools import staff_tools


class BackOfficeSite(admin.AdminSite):
    site_header = _("滨海新区质量认证监管后台")
    site_title = _("质量认证监管后台")
    index_title = _("后台首页")

    login_form = BackOfficeAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return may_enter_back_office(request.user)

    # A 405 for anything but GET is no TemplateResponse, hence the wider type.
    def index(self, request: HttpRequest,  # type: ignore[override]
              extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """The back-office home is where a working day starts: the staff tools
        outside the admin that this role may open, and the person's own last
        signed actions (from the audit log; Django's LogEntry stays empty)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        context = {"staff_tools": staff_tools(request, back_office=False),
                   "my_recent": _recent(request), **(extra_context or {})}
        return super().index(request, context)


def _recent(request: HttpRequest) -> list[dict[str, str]]:
    rows = []
    for entry in recent_by(acting_user(request).pk):
        url = ""
        try:
            if entry.object_id.isdigit():  # not a batch or a "by-number" entry
                url = reverse(f"admin:{entry.object_type.replace('.', '_')}_history",
                              args=[entry.object_id])
        except NoReverseMatch:  # not an object of the back office (a draw, say)
            pass
        rows.append({"at": local_datetime(entry.at), "action": action_label(entry.action),
                     "object": entry.object_repr or entry.object_id,
                     "type": object_type_label(entry.object_type), "url": url})
    return rows
