"""Forms that turn input into the credit actions' arguments."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Enterprise

from .actions.facts import ENTERED_KINDS
from .models import Criterion, FactKind, Measure

DATE = forms.DateInput(attrs={"type": "date"})


class EnterpriseField(forms.CharField):
    """A USCC as people type it (full-width, lower case, spaces), to an Enterprise."""

    def clean(self, value: Any) -> Enterprise:  # type: ignore[override]
        raw = normalize_identifier(super().clean(value))
        found = Enterprise.objects.filter(uscc=raw).first()
        if found is None:
            raise forms.ValidationError(_("登记库中没有该统一社会信用代码的企业"))
        return found


class SpecForm(forms.Form):
    name = forms.CharField(label=_("模型名称"), max_length=120)
    spec = forms.CharField(label=_("模型定义（JSON）"),
                           widget=forms.Textarea(attrs={"class": "spec", "spellcheck": "false"}))

    def clean_spec(self) -> Any:
        try:
            return json.loads(self.cleaned_data["spec"])
        except ValueError as exc:
            raise forms.ValidationError(_("不是有效的 JSON：%(e)s") % {"e": exc}) from None


class PreviewForm(forms.Form):
    as_of = forms.DateField(label=_("评价基准日"), widget=DATE)

    def clean_as_of(self) -> dt.date:
        day: dt.date = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("评价基准日不能晚于今天"))
        return day


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class RepairDecisionForm(ReasonForm):
    approve = forms.TypedChoiceField(
        label=_("决定"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("准予修复，移出公示")), ("no", _("不予修复"))])


class RepairForm(forms.Form):
    corrective_actions = forms.CharField(label=_("整改情况"), max_length=4000,
                                         widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(label=_("证明材料"), max_length=4000,
                               help_text=_("材料名称、编号或可核验的链接"),
                               widget=forms.Textarea(attrs={"rows": 3}))


class ListingForm(forms.Form):
    enterprise = EnterpriseField(label=_("统一社会信用代码"), max_length=40)
    criterion = forms.ChoiceField(label=_("认定情形"), choices=Criterion.choices)
    legal_basis = forms.CharField(label=_("法律依据"), max_length=300)
    decision_number = forms.CharField(label=_("决定书文号"), max_length=120)
    authority = forms.CharField(label=_("认定机关"), max_length=120)
    starts_on = forms.DateField(label=_("列入日期"), widget=DATE)
    ends_on = forms.DateField(label=_("届满日期"), widget=DATE)
    measures = forms.MultipleChoiceField(label=_("惩戒措施"), choices=Measure.choices,
                                         widget=forms.CheckboxSelectMultiple)
    facts = forms.CharField(label=_("失信事实"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class FactForm(forms.Form):
    enterprise = EnterpriseField(label=_("统一社会信用代码"), max_length=40)
    kind = forms.ChoiceField(label=_("事实类别"), choices=[
        (k, label) for k, label in FactKind.choices if k in ENTERED_KINDS])
    occurred_on = forms.DateField(label=_("发生日期"), widget=DATE)
    ends_on = forms.DateField(label=_("终止日期"), required=False, widget=DATE,
                              help_text=_("持续性事实（品牌、承诺）的终止日期，可不填"))
    reference = forms.CharField(label=_("文书编号"), max_length=120)
    summary = forms.CharField(label=_("摘要"), max_length=300, required=False)
