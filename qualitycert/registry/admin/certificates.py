"""Certificates and their history in the back office.

Nothing here writes a certificate directly: adding one calls
issue_certificate, a lifecycle step calls its action, and a correction of
scope or sites calls correct_certificate_details. The fields those actions
own are read-only on the page and are ignored if a crafted POST sends them.

A certification body's staff see and change their own body's certificates
only; another body's certificate is a 404 at every URL.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role
from qualitycert.accounts.roles import BUREAU, CB_STAFF, NOBODY
from qualitycert.backoffice.base import ParentScopedInline, RoleScopedAdmin, acting_user
from qualitycert.backoffice.display import local_datetime
from qualitycert.lib.normalize import name_search_key, normalize_identifier
from qualitycert.registry import actions
from qualitycert.registry.access import certificates_visible_to, may_write_for_body
from qualitycert.registry.corrections import correct_certificate_details
from qualitycert.registry.models import (
    Certificate,
    CertificateEvent,
    CertificationBody,
    Enterprise,
)

from .forms import CertificateCorrectionForm, CertificateIssueForm
from .lifecycle import BULK_LIMIT, STEPS, Step, make_form, run_step, step_data

# Owned by the lifecycle actions; shown, never edited here.
ACTION_OWNED = ("number", "body", "holder", "scheme", "status_badge", "status_changed_on",
                "status_reason_label", "status_signer_name", "last_surveillance_on", "issued_on",
                "expires_on", "updated_display")


# A name fragment may match thousands of enterprises: the list then shows the
# certificates of the first HOLDER_LIMIT and says so.
HOLDER_LIMIT = 200


def certificate_search(queryset: QuerySet[Certificate], term: str
                       ) -> tuple[QuerySet[Certificate], bool]:
    """By holder USCC, else by certificate number, else by holder name;
    returns the matches and whether the holders were cut at HOLDER_LIMIT.

    One branch, chosen by cheap indexed look-ups, rather than an OR of all
    three: with an OR the planner walks the whole certificate table in id
    order (over a second at a million rows on SQLite, against a few ms)."""
    key = normalize_identifier(term)
    holder = Enterprise.objects.filter(uscc=key).values_list("pk", flat=True).first()
    if holder is not None:
        return queryset.filter(holder_id=holder), False
    by_number = queryset.filter(number=key)
    name_key = name_search_key(term)
    if len(name_key) < 2 or by_number.exists():
        return by_number, False
    found = list(Enterprise.objects.filter(name_key__contains=name_key).order_by()
                 .values_list("pk", flat=True)[:HOLDER_LIMIT + 1])
    return queryset.filter(holder_id__in=found[:HOLDER_LIMIT]), len(found) > HOLDER_LIMIT


def status_badge_html(cert: Certificate) -> str:
    return format_html('<span class="qc-badge qc-{}">{}</span>', cert.status,
                       cert.get_status_display())


class EventColumns:
    """Labels for the event fields the model leaves unnamed."""

    @admin.display(description=gettext_lazy("原状态"))
    def from_label(self, event: CertificateEvent) -> str:
        return event.get_from_status_display() or "—"

    @admin.display(description=gettext_lazy("新状态"))
    def to_label(self, event: CertificateEvent) -> str:
        return event.get_to_status_display()

    @admin.display(description=gettext_lazy("理由"))
    def reason_label(self, event: CertificateEvent) -> str:
        # A standard ground in the reader's language, free text as written.
        return event.reason_display() or "—"


class CertificateEventInline(EventColumns, ParentScopedInline, admin.TabularInline):
    model = CertificateEvent
    read_only = True
    can_delete = False
    fields = ("occurred_on", "kind", "from_label", "to_label", "signer_name", "reason_label",
              "recorded_at")
    readonly_fields = fields
    ordering = ("occurred_on", "id")
    verbose_name_plural = gettext_lazy("证书历史")


@admin.register(Certificate)
class CertificateAdmin(RoleScopedAdmin):
    view_roles = add_roles = change_roles = BUREAU | CB_STAFF
    delete_roles = NOBODY  # a certificate is cancelled or withdrawn, never deleted
    list_display = ("number", "holder_display", "body_display", "scheme_display", "status_badge",
                    "issued_on", "expires_on")
    list_select_related = ("holder", "body", "scheme")
    list_filter = ("status", "scheme__category", "scheme", "body")
    search_fields = ("number",)
    search_help_text = gettext_lazy("按证书编号、获证组织统一社会信用代码或名称搜索")
    sortable_by = ("number", "issued_on", "expires_on")
    show_full_result_count = False
    ordering = ("-id",)
    list_per_page = 50
    add_form = CertificateIssueForm
    form = CertificateCorrectionForm
    change_form_template = "admin/registry/certificate/change_form.html"
    add_fieldsets = (
        (None, {"fields": ("number", "body", "holder_uscc", "scheme")}),
        (gettext_lazy("范围与期限"),
         {"fields": ("scope", "sites", "issued_on", "expires_on", "reason")}),
    )
    change_fieldsets = (
        (None, {"fields": ("number", "body", "holder", "scheme")}),
        (gettext_lazy("状态（仅能通过上方的操作按钮变更）"),
         {"fields": ("status_badge", "status_changed_on", "status_reason_label",
                     "status_signer_name",
                     "last_surveillance_on", "issued_on", "expires_on", "updated_display")}),
        (gettext_lazy("认证范围与场所"),
         {"fields": ("scope", "sites", "correction_reason")}),
    )

    # -- who sees what -------------------------------------------------------

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        return certificates_visible_to(request.user, qs)

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        return may_write_for_body(request.user, obj.body_id)

    def get_list_filter(self, request: HttpRequest) -> Any:
        # A body's staff filter nothing by body, and must not get the list of bodies' names.
        if self.role(request) in BUREAU:
            return self.list_filter
        return [f for f in self.list_filter if f != "body"]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Certificate],
                           search_term: str) -> tuple[QuerySet[Certificate], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        found, truncated = certificate_search(queryset, term)
        if truncated:
            messages.warning(request, _(
                "名称匹配的企业超过 %(limit)d 家，仅列出其中 %(limit)d 家的证书，请输入更完整的名称。") % {"limit": HOLDER_LIMIT})
        return found, False

    # -- the columns ---------------------------------------------------------

    @admin.display(description=gettext_lazy("获证组织"))
    def holder_display(self, cert: Certificate) -> str:
        return format_html("{}<br><small>{}</small>", cert.holder.name, cert.holder.uscc)

    @admin.display(description=gettext_lazy("认证机构"))
    def body_display(self, cert: Certificate) -> str:
        return format_html("{}<br><small>{}</small>", cert.body.name, cert.body.approval_number)

    @admin.display(description=gettext_lazy("认证项目"))
    def scheme_display(self, cert: Certificate) -> str:
        return cert.scheme.code

    @admin.display(description=gettext_lazy("证书状态"), ordering="status")
    def status_badge(self, cert: Certificate) -> str:
        return status_badge_html(cert)

    @admin.display(description=gettext_lazy("状态变更理由"))
    def status_reason_label(self, cert: Certificate) -> str:
        return cert.status_reason_display() or "—"

    @admin.display(description=gettext_lazy("最后更新"))
    def updated_display(self, cert: Certificate) -> Any:
        return local_datetime(cert.updated_at)

    # -- the forms -----------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else self.change_fieldsets

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else ACTION_OWNED

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return [] if obj is None else [CertificateEventInline]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "body" and self.role(request) not in BUREAU:
            body_id = acting_user(request).body_id
            kwargs["queryset"] = CertificationBody.objects.filter(
                pk__in=[body_id] if body_id else [])
            kwargs["initial"] = body_id
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # -- the writes: all through actions ------------------------------------

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            cert = actions.issue_certificate(
                number=data["number"], body=data["body"], holder=form.holder,
                scheme=data["scheme"], issued_on=data["issued_on"],
                expires_on=data["expires_on"], scope=data.get("scope") or "",
                sites=data.get("sites") or [], reason=data.get("reason") or "",
                actor=Actor.of(request.user))
            # The admin goes on to log and link to the object it passed in.
            obj.pk, obj._state.adding = cert.pk, False
            return
        if form.details_changed():
            correct_certificate_details(Certificate(pk=obj.pk, body_id=obj.body_id),
                                        scope=data.get("scope") or "",
                                        sites=data.get("sites") or [],
                                        reason=data["correction_reason"],
                                        actor=Actor.of(request.user))

    def changeform_view(self, request: HttpRequest, object_id: str | None = None,
                        form_url: str = "", extra_context: dict[str, Any] | None = None
                        ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        if object_id is not None:
            extra_context["lifecycle_steps"] = self._step_links(request, object_id)
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except actions.RegistryError as exc:
            # A rule the form could not foresee (a race with another clerk, say):
            # the transaction rolled back; say why and show the page again.
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.get_full_path())

    def _step_links(self, request: HttpRequest, object_id: str) -> list[dict[str, Any]]:
        cert = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, cert):
            return []
        return [{"label": step.label, "danger": step.danger,
                 "url": reverse("admin:registry_certificate_step", args=[cert.pk, step.code])}
                for step in STEPS.values() if step.allowed_from(cert)]

    # -- lifecycle steps -----------------------------------------------------

    def get_urls(self) -> list[Any]:
        return [
            path("<path:object_id>/step/<str:code>/",
                 self.admin_site.admin_view(self.step_view), name="registry_certificate_step"),
            *super().get_urls(),
        ]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        found = super().get_actions(request)
        if not self.has_change_permission(request):
            return {}
        for step in STEPS.values():
            if step.bulk:
                found[step.code] = (_bulk_action(step), step.code, step.label)
        return found

    def step_view(self, request: HttpRequest, object_id: str, code: str) -> HttpResponse:
        step = STEPS.get(code)
        if step is None:
            raise Http404("no such step")
        cert = self.get_object(request, unquote(object_id))
        if not self.has_change_permission(request, cert):
            raise PermissionDenied
        change_url = reverse("admin:registry_certificate_change", args=[cert.pk])
        actor = Actor.of(request.user)
        if request.method == "POST":
            form = make_form(step, request.POST, certificate=cert, actor=actor)
            if form.is_valid():
                run_step(request, step, [cert], step_data(form))
                return HttpResponseRedirect(change_url)
        elif request.method in ("GET", "HEAD"):
            form = make_form(step, certificate=cert, actor=actor)
        else:
            return HttpResponse(status=405, headers={"Allow": "GET, POST"})
        return self._render_step(request, step, form, [cert], change_url=change_url)

    def bulk_step(self, request: HttpRequest, queryset: QuerySet[Certificate], step: Step
                  ) -> HttpResponse | None:
        certs = list(queryset.select_related("holder", "body")[:BULK_LIMIT + 1])
        if len(certs) > BULK_LIMIT:
            messages.error(request, _("一次最多处理 %(limit)d 张证书，请缩小选择范围。")
                           % {"limit": BULK_LIMIT})
            return None
        form = make_form(step, request.POST if "apply" in request.POST else None,
                         actor=Actor.of(request.user))
        if "apply" in request.POST and form.is_valid():
            run_step(request, step, certs, step_data(form))
            return None
        return self._render_step(request, step, form, certs, change_url=None)

    def _render_step(self, request: HttpRequest, step: Step, form: Any,
                     certs: list[Certificate], *, change_url: str | None) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts, "title": step.label, "step": step, "form": form,
            "certificates": certs, "change_url": change_url,
            "refused": (refused := [c for c in certs if not step.allowed_from(c)]),
            # Nothing to sign when no certificate may take the step: no form, only the way back.
            "nothing_allowed": len(refused) == len(certs),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/registry/certificate/step.html", context)


def _bulk_action(step: Step) -> Any:
    def action(modeladmin: CertificateAdmin, request: HttpRequest,
               queryset: QuerySet[Certificate]) -> HttpResponse | None:
        return modeladmin.bulk_step(request, queryset, step)

    action.__name__ = step.code
    return action


@admin.register(CertificateEvent)
class CertificateEventAdmin(EventColumns, RoleScopedAdmin):
    """Certificate history, read-only for everyone: events are written by the actions."""

    view_roles = BUREAU | CB_STAFF
    add_roles = change_roles = delete_roles = NOBODY
    list_display = ("certificate", "kind", "occurred_on", "from_label", "to_label",
                    "signer_name", "recorded_at")
    list_select_related = ("certificate",)
    list_filter = ("kind",)
    search_fields = ("certificate__number",)
    search_help_text = gettext_lazy("按证书编号搜索")
    show_full_result_count = False
    ordering = ("-id",)
    fields = ("certificate", "kind", "occurred_on", "recorded_at", "from_label", "to_label",
              "signer_name", "reason_label", "details")
    readonly_fields = fields

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        if role in BUREAU:
            return qs
        if role == Role.CB_OPERATOR:
            return qs.filter(certificate__body_id=acting_user(request).body_id)
        return qs.none()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[CertificateEvent],
                           search_term: str) -> tuple[QuerySet[CertificateEvent], bool]:
        number = normalize_identifier(search_term)
        if not number:
            return queryset, False
        return queryset.filter(certificate__number=number), False
