"""Forms of the certificate back office. They turn what a clerk types into
domain values (a normalised number, the enterprise behind a USCC, a list of
sites) and leave every rule that changes data to the actions."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import is_bureau
from qualitycert.lib.normalize import InvisibleCharacters, normalize_identifier, refuse_invisible
from qualitycert.registry import actions
from qualitycert.registry.corrections import clean_sites
from qualitycert.registry.models import Certificate, Enterprise, EventKind, ReasonCode, reasons_for
from qualitycert.registry.models.lifecycle import (
    BUREAU_NEEDS_DECISION,
    Decision,
    default_expiry,
    validity_refusal,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LinesField(forms.CharField):
    """A JSON list of short texts (sites, former names, fields), one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return clean_sites(value)
        return clean_sites(str(value or "").splitlines())

    def has_changed(self, initial: Any, data: Any) -> bool:
        return clean_sites(initial if isinstance(initial, list) else
                           str(initial or "").splitlines()) != self.to_python(data)


class LinesFieldsMixin:
    """For a ModelAdmin: edit the JSON lists named in `lines_fields` one item a line."""

    lines_fields: ClassVar[tuple[str, ...]] = ()

    def formfield_for_dbfield(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name in self.lines_fields:
            return LinesField(label=capfirst(db_field.verbose_name), required=False,
                              help_text=_("每行一个"))
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


class CertificateIssueForm(forms.ModelForm):
    """The back office's 颁证 form. The admin calls issue_certificate with the
    cleaned data; this form only checks what a clerk can fix on the page."""

    holder_uscc = forms.CharField(
        label=_("获证组织统一社会信用代码"), max_length=40,
        help_text=_("全角、空格、小写均可"))
    sites = LinesField(label=_("认证场所"), required=False,
                       help_text=_("每行一个场所"))
    reason = forms.CharField(label=_("颁证说明"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Certificate
        fields = ("number", "body", "holder_uscc", "scheme", "scope", "sites", "issued_on",
                  "expires_on", "reason")
        widgets = {"issued_on": DATE_WIDGET, "expires_on": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].required = False
        self.fields["expires_on"].help_text = _(
            "留空则按认证项目有效期计算")
        self.holder: Enterprise | None = None

    def clean_number(self) -> str:
        try:
            number = refuse_invisible(self.cleaned_data.get("number"))
        except InvisibleCharacters as exc:
            raise ValidationError(str(exc)) from None
        if not number:
            raise ValidationError(_("证书编号不能为空"))
        return number

    def clean_holder_uscc(self) -> str:
        uscc = normalize_identifier(self.cleaned_data.get("holder_uscc"))
        self.holder = Enterprise.objects.filter(uscc=uscc).first()
        if self.holder is None:
            raise ValidationError(_("登记簿中没有该统一社会信用代码的企业，请先登记企业。"))
        return uscc

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        issued_on, expires_on = cleaned.get("issued_on"), cleaned.get("expires_on")
        scheme = cleaned.get("scheme")
        if issued_on and not expires_on and scheme:
            cleaned["expires_on"] = expires_on = default_expiry(issued_on, scheme.validity_years)
            self.instance.expires_on = expires_on
        if issued_on and expires_on and scheme:
            refused = validity_refusal(issued_on, expires_on, scheme.validity_years)
            if refused is not None:
                self.add_error("expires_on", str(refused))
        if issued_on and issued_on > timezone.localdate():
            self.add_error("issued_on", _("颁证日期不能晚于今天"))
        if self.holder is not None:
            self.instance.holder = self.holder
        return cleaned


class CertificateCorrectionForm(forms.ModelForm):
    """Only scope and sites change here, and only with a reason; everything a
    lifecycle action owns is read-only on the page and ignored if posted."""

    sites = LinesField(label=_("认证场所"), required=False,
                       help_text=_("每行一个场所"))
    correction_reason = forms.CharField(
        label=_("更正理由"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("修改认证范围或场所时必填"))

    class Meta:
        model = Certificate
        fields = ("scope", "sites", "correction_reason")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.details_changed() and not (cleaned.get("correction_reason") or "").strip():
            self.add_error("correction_reason", _("更正须填写理由"))
        return cleaned

    def details_changed(self) -> bool:
        return bool({"scope", "sites"} & set(self.changed_data))


class StepForm(forms.Form):
    """A lifecycle step: who signs is the logged-in user; the form asks why,
    when, and (for the bureau suspending or withdrawing a body's certificate)
    on which decision. For one certificate it asks the lifecycle rules
    (Certificate.can, through actions.require_step) and shows a refusal by
    its field; a bulk step leaves that to the action, certificate by
    certificate."""

    reason_code = forms.ChoiceField(label=_("理由"), choices=(),
                                    error_messages={"required": _("请选择理由")})
    reason = forms.CharField(label=_("理由"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    decision_number = forms.CharField(
        label=_("决定书文号"), max_length=100, required=False,
        help_text=_("局工作人员暂停或撤销认证机构的证书时必填，如：津滨市监认决〔2025〕12号"))
    decision_date = forms.DateField(label=_("决定日期"), widget=DATE_WIDGET,
                                    required=False)

    def __init__(self, *args: Any, certificate: Certificate | None = None,
                 kind: EventKind | None = None, actor: Actor | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The one certificate the step is for (None for a bulk step, whose
        # actions check each certificate), the step's event kind, and who acts.
        self.certificate = certificate
        self.kind = kind
        self.actor = actor
        self.fields["on"].initial = timezone.localdate()
        # Only the bureau acts by an administrative decision; a body's own
        # clerk is never asked for one.
        if kind not in BUREAU_NEEDS_DECISION or (actor is not None and not is_bureau(actor)):
            del self.fields["decision_number"]
            del self.fields["decision_date"]
        grounds = reasons_for(kind) if kind is not None else ()
        if grounds:
            # A standard ground from the list, and the clerk's words beside it:
            # optional as a note, the reason itself for "other".
            choice = cast(forms.ChoiceField, self.fields["reason_code"])
            choice.choices = [
                ("", _("请选择理由")), *((code.value, code.label) for code in grounds)]
            self.fields["reason"].label = _("补充说明")
            self.fields["reason"].help_text = _("选择“其他（请说明）”时必填")
        else:
            del self.fields["reason_code"]

    def clean_reason(self) -> str:
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason and "reason_code" not in self.fields:
            raise ValidationError(_("必须填写理由"))
        return reason

    def chosen_reason_code(self) -> str:
        return str(self.cleaned_data.get("reason_code") or "")

    def decision(self) -> Decision | None:
        number = " ".join((self.cleaned_data.get("decision_number") or "").split())
        if not number:
            return None
        issued_on = self.cleaned_data.get("decision_date") or self.cleaned_data.get("on")
        return Decision(number, issued_on) if issued_on else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if (cleaned.get("decision_number") or "").strip() and not cleaned.get("decision_date"):
            self.add_error("decision_date", _("请填写决定日期"))
        if self.chosen_reason_code() == ReasonCode.OTHER and not cleaned.get("reason"):
            self.add_error("reason", _("必须填写理由"))
            return cleaned
        on = cleaned.get("on")
        if self.certificate is None or self.kind is None or self.actor is None or on is None:
            return cleaned
        try:
            actions.require_step(self.certificate, actions.step_request(
                self.kind, on, actor=self.actor,
                reason=actions.stated_reason(self.kind, cleaned.get("reason", ""),
                                             self.chosen_reason_code()),
                decision=self.decision(), expires_on=cleaned.get("expires_on"),
                reason_code=self.chosen_reason_code()),
                actor=self.actor)
        except actions.StepRefused as exc:
            field = exc.refusal.field if exc.refusal.field in self.fields else None
            self.add_error(field, str(exc))
        return cleaned


class RenewForm(StepForm):
    expires_on = forms.DateField(label=_("新有效期至"), widget=DATE_WIDGET,
                                 required=False,
                                 help_text=_("留空则按认证项目有效期计算"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("新颁证日期")
        self.fields["reason"].required = False

    def clean_reason(self) -> str:
        return (self.cleaned_data.get("reason") or "").strip()

    def clean(self) -> dict[str, Any]:
        on, expires_on = self.cleaned_data.get("on"), self.cleaned_data.get("expires_on")
        if on and not expires_on and self.certificate is not None:
            self.cleaned_data["expires_on"] = default_expiry(
                on, self.certificate.scheme.validity_years)
        return super().clean()
