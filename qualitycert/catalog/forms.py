"""Forms turn what people type into domain values; the rules themselves live
in the actions (a form error and an action's CatalogError read the same)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitycert.lib.identifiers import InvalidIdentifier, validate_cma_number
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.registry.models import Enterprise, Lab

from .models import (
    CaseOutcome,
    DrawnFrom,
    FollowUpKind,
    PlanLevel,
    ProductCategory,
    RevocationGrounds,
    SamplingResult,
)
from .queries import declarable_categories

_SPLIT = re.compile(r"[\n；;、,，]+")


def _date_widget() -> forms.DateInput:
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def lines(text: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text or "") if part.strip()]


class LabField(forms.CharField):
    """A lab by its CMA number, as printed on its reports."""

    def clean(self, value: Any) -> Lab:  # type: ignore[override]
        raw = super().clean(value)
        try:
            number = validate_cma_number(raw)
        except InvalidIdentifier as exc:
            raise forms.ValidationError(exc.reason_zh) from None
        lab = Lab.objects.filter(cma_number=number).first()
        if lab is None:
            raise forms.ValidationError(_("登记系统中没有该资质认定编号的检验检测机构"))
        return lab


class EnterpriseField(forms.CharField):
    def clean(self, value: Any) -> Enterprise:  # type: ignore[override]
        raw = normalize_identifier(super().clean(value))
        enterprise = Enterprise.objects.filter(uscc=raw).first()
        if enterprise is None:
            raise forms.ValidationError(_("登记系统中没有该统一社会信用代码的企业"))
        return enterprise


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class DeclarationForm(forms.Form):
    category = CategoryChoiceField(label=_("产品种类"), queryset=ProductCategory.objects.none(),
                                   empty_label=_("请选择"))
    product = forms.CharField(label=_("产品名称"), max_length=200)
    models = forms.CharField(label=_("型号规格（每行一个）"), max_length=3000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    standards = forms.CharField(label=_("依据标准（每行一项，空白则按目录当日标准）"), required=False,
                                max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    lab = LabField(label=_("检测实验室资质认定（CMA）编号"), max_length=30,
                   widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                 "autocomplete": "off"}))
    report_number = forms.CharField(label=_("检测报告编号"), max_length=64)
    report_date = forms.DateField(label=_("报告日期"), widget=_date_widget())
    declared_on = forms.DateField(label=_("声明日期"), widget=_date_widget())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        ids = [e.category.pk for e in declarable_categories(today)]
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ProductCategory.objects.filter(pk__in=ids).order_by("code")
        self.fields["declared_on"].initial = today

    def clean_models(self) -> list[str]:
        return lines(self.cleaned_data["models"])

    def clean_standards(self) -> list[str]:
        return lines(self.cleaned_data["standards"])


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("注销理由"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RevokeForm(forms.Form):
    grounds = forms.ChoiceField(label=_("撤销依据"), choices=RevocationGrounds.choices,
                                widget=forms.RadioSelect)
    decision_number = forms.CharField(label=_("撤销决定文号"), max_length=80)
    reason = forms.CharField(label=_("撤销理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class LookupForm(forms.Form):
    q = forms.CharField(label=_("声明编号或统一社会信用代码"), max_length=60,
                        widget=forms.TextInput(attrs={"autocomplete": "off",
                                                      "placeholder": "SD-2025-0501-00001"}))


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("检验结论"), choices=SamplingResult.choices,
                               widget=forms.RadioSelect)
    failed_items = forms.CharField(label=_("不合格项目（每行一项）"), required=False,
                                   max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    standard = forms.CharField(label=_("检验依据"), max_length=200)
    report_number = forms.CharField(label=_("检验报告编号"), max_length=64)
    tested_on = forms.DateField(label=_("检验完成日期"), widget=_date_widget())

    def clean_failed_items(self) -> list[str]:
        return lines(self.cleaned_data["failed_items"])


class PlanForm(forms.Form):
    name = forms.CharField(label=_("计划名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("抽查级别"), choices=PlanLevel.choices,
                              initial=PlanLevel.DISTRICT)
    product_class = forms.CharField(label=_("抽查产品"), max_length=120)
    category = forms.ModelChoiceField(label=_("CCC产品种类（如属目录）"), required=False,
                                      queryset=ProductCategory.objects.order_by("code"))
    planned_count = forms.IntegerField(label=_("计划抽样批次"), min_value=1, max_value=100_000)
    labs = forms.CharField(label=_("承检机构CMA编号（每行一个）"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_labs(self) -> list[Lab]:
        numbers = []
        for raw in lines(self.cleaned_data["labs"]):
            try:
                numbers.append(validate_cma_number(raw))
            except InvalidIdentifier as exc:
                raise forms.ValidationError(f"{raw}: {exc.reason_zh}") from None
        found = {lab.cma_number: lab for lab in Lab.objects.filter(cma_number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(_("登记系统中没有这些检验检测机构：%(n)s")
                                        % {"n": "、".join(missing)})
        return [found[n] for n in dict.fromkeys(numbers)]


class DrawForm(forms.Form):
    enterprise = EnterpriseField(label=_("受检企业统一社会信用代码"), max_length=40)
    product = forms.CharField(label=_("产品名称"), max_length=200)
    model = forms.CharField(label=_("规格型号"), max_length=120, required=False)
    batch = forms.CharField(label=_("生产日期/批号"), max_length=60, required=False)
    sample_number = forms.CharField(label=_("抽样单编号"), max_length=64, required=False)
    drawn_from = forms.ChoiceField(label=_("抽样环节"), choices=DrawnFrom.choices,
                                   initial=DrawnFrom.PRODUCER)
    seller_name = forms.CharField(label=_("被抽样单位（流通领域）"), max_length=200, required=False)
    sampled_on = forms.DateField(label=_("抽样日期"), widget=_date_widget())
    lab = forms.ModelChoiceField(label=_("承检机构"), queryset=Lab.objects.none())

    def __init__(self, *args: Any, labs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lab"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = labs
        self.fields["sampled_on"].initial = timezone.localdate()


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("处置"), choices=FollowUpKind.choices)
    occurred_on = forms.DateField(label=_("日期"), widget=_date_widget())
    due_on = forms.DateField(label=_("整改期限"), required=False, widget=_date_widget())
    retest_result = forms.ChoiceField(label=_("复查结论"), required=False,
                                      choices=[("", "—"), *SamplingResult.choices])
    decision_number = forms.CharField(label=_("决定书文号"), max_length=80, required=False)
    link = forms.URLField(label=_("案件链接"), max_length=300, required=False,
                          assume_scheme="https")
    note = forms.CharField(label=_("说明"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CloseCaseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=CaseOutcome.choices,
                                widget=forms.RadioSelect)
    note = forms.CharField(label=_("办结说明"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DateForm(forms.Form):
    on = forms.DateField(label=_("日期"), required=False, widget=_date_widget())

    def day(self) -> dt.date:
        if self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return timezone.localdate()


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("数据类型"))
    file = forms.FileField(label=_("文件（CSV 或 XLSX）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}))

    def __init__(self, *args: Any, kinds: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kinds
