"""Forms turn what people type into domain values (a PlanSpec, a list of
source values, a result); the rules themselves live in the actions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitycert.catalog.models import ProductCategory
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.plan.models import Department
from qualitycert.registry.models import CertificateStatus, Scheme

from .actions import PlanSpec
from .models import CheckItemKind, Plan, ResultCategory, ResultStatus, Target, TargetKind

# <input type="date"> takes and gives ISO dates only; the Chinese locale's first
# input format (2027/01/15) would leave the box empty when a draft is reopened.
ISO_DATE = "%Y-%m-%d"

_LIST_SPLIT = re.compile(r"[\s,，、;；]+")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _codes(text: str) -> list[str]:
    codes = (normalize_identifier(c) for c in _LIST_SPLIT.split(text or ""))
    return [c for c in codes if c]


def _percent(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=Decimal(100),
                              max_digits=5, decimal_places=2)


class PlanForm(forms.Form):
    name = forms.CharField(label=_("计划名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    departments = forms.ModelMultipleChoiceField(
        label=_("实施单位（可多选，联合抽查）"),
        queryset=Department.objects.all(), widget=forms.CheckboxSelectMultiple)
    general_items = forms.CharField(label=_("一般检查事项（每行一项）"),
                                    widget=forms.Textarea(attrs={"rows": 3}), required=False)
    key_items = forms.CharField(label=_("重点检查事项（每行一项）"),
                                widget=forms.Textarea(attrs={"rows": 3}), required=False)
    kinds = forms.MultipleChoiceField(label=_("检查对象类型"),
                                      choices=TargetKind.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      initial=[TargetKind.ENTERPRISE])
    industry_prefixes = forms.CharField(
        label=_("行业代码前缀（逗号分隔）"), required=False)
    divisions = forms.CharField(label=_("行政区划代码（逗号分隔）"), required=False)
    schemes = forms.ModelMultipleChoiceField(
        label=_("持有认证项目"), required=False,
        queryset=Scheme.objects.all(), to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 6}))
    certificate_statuses = forms.MultipleChoiceField(
        label=_("证书状态"), required=False,
        choices=CertificateStatus.choices, widget=forms.CheckboxSelectMultiple)
    ccc_categories = forms.ModelMultipleChoiceField(
        label=_("强制性认证目录产品种类（持有该种类CCC证书或自我声明的企业）"), required=False,
        queryset=ProductCategory.objects.order_by("code"), to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 6}))
    percent_a = _percent(_("A 类抽查比例（%）"))
    percent_b = _percent(_("B 类抽查比例（%）"))
    percent_c = _percent(_("C 类抽查比例（%）"))
    percent_d = _percent(_("D 类抽查比例（%）"))
    team_size = forms.IntegerField(label=_("每组人数"), min_value=2, max_value=10,
                                   initial=2)
    avoid_recent_plans = forms.IntegerField(
        label=_("回避最近几次计划的检查人员"),
        min_value=0, max_value=20, initial=2)
    starts_on = forms.DateField(label=pgettext_lazy("inspection plan", "开始日期"),
                                widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))
    ends_on = forms.DateField(label=_("结束日期"),
                              widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))
    source_announcement = forms.CharField(
        label=_("随机源公告"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("写明将使用哪一期彩票、哪一天的开奖号码（须为冻结名单之后的日期）"))
    source_labels = forms.CharField(
        label=_("随机源名称（每行一个）"),
        widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not _lines(data.get("general_items", "")) and not _lines(data.get("key_items", "")):
            raise forms.ValidationError(_("至少填写一个抽查事项"))
        return data

    def to_spec(self) -> PlanSpec:
        d = self.cleaned_data
        items = ([(n, CheckItemKind.GENERAL.value) for n in _lines(d["general_items"])]
                 + [(n, CheckItemKind.KEY.value) for n in _lines(d["key_items"])])
        return PlanSpec(
            name=d["name"], year=d["year"], departments=list(d["departments"]), items=items,
            starts_on=d["starts_on"], ends_on=d["ends_on"],
            source_announcement=d["source_announcement"],
            source_labels=_lines(d["source_labels"]),
            percents={"A": d["percent_a"], "B": d["percent_b"], "C": d["percent_c"],
                      "D": d["percent_d"]},
            population={
                "kinds": list(d["kinds"]),
                "industry_prefixes": _codes(d["industry_prefixes"]),
                "divisions": _codes(d["divisions"]),
                "schemes": [s.code for s in d["schemes"]],
                "certificate_statuses": list(d["certificate_statuses"]),
                "ccc_categories": [c.code for c in d["ccc_categories"]],
            },
            team_size=d["team_size"], avoid_recent_plans=d["avoid_recent_plans"])

    @classmethod
    def initial_for(cls, plan: Plan | None) -> dict[str, Any]:
        if plan is None:
            today = timezone.localdate()
            return {"year": today.year, "percent_a": 3, "percent_b": 5, "percent_c": 10,
                    "percent_d": 20, "team_size": 2, "avoid_recent_plans": 2,
                    "kinds": [TargetKind.ENTERPRISE]}
        pop = plan.population or {}
        items = list(plan.items.all())
        return {
            "name": plan.name, "year": plan.year, "departments": list(plan.departments.all()),
            "general_items": "\n".join(i.name for i in items if i.kind == CheckItemKind.GENERAL),
            "key_items": "\n".join(i.name for i in items if i.kind == CheckItemKind.KEY),
            "kinds": pop.get("kinds", [TargetKind.ENTERPRISE]),
            "industry_prefixes": ", ".join(pop.get("industry_prefixes", [])),
            "divisions": ", ".join(pop.get("divisions", [])),
            "schemes": pop.get("schemes", []),
            "certificate_statuses": pop.get("certificate_statuses", []),
            "ccc_categories": pop.get("ccc_categories", []),
            "percent_a": plan.percent_a, "percent_b": plan.percent_b,
            "percent_c": plan.percent_c, "percent_d": plan.percent_d,
            "team_size": plan.team_size, "avoid_recent_plans": plan.avoid_recent_plans,
            "starts_on": plan.starts_on, "ends_on": plan.ends_on,
            "source_announcement": plan.source_announcement,
            "source_labels": "\n".join(plan.source_labels),
        }


class DrawForm(forms.Form):
    """One field per announced source, labelled with its published name."""

    def __init__(self, *args: Any, labels: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, label in enumerate(labels, start=1):
            self.fields[f"source_{n}"] = forms.CharField(
                label=label, max_length=500,
                help_text=_("按公布的号码填写，用空格或逗号分隔"))

    def values(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class ResultForm(forms.Form):
    category = forms.ChoiceField(label=_("检查结果"), choices=ResultCategory.choices,
                                 widget=forms.RadioSelect)
    findings = forms.CharField(label=_("检查情况"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    rectification_deadline = forms.DateField(
        label=_("整改期限"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))
    product_name = forms.CharField(label=_("检查的产品（属强制性认证目录的）"), required=False,
                                   max_length=200)
    product_category = forms.CharField(
        label=_("该产品的CCC产品种类代码"), required=False, max_length=8,
        help_text=_("如0301；填写后，审核通过时核查企业当日是否持有有效CCC证书或自我声明"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件（PDF/JPG/PNG，≤10MB）"),
                           widget=forms.ClearableFileInput(
                               attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))


class ReviewForm(forms.Form):
    DECISIONS = [("accept", _("审核通过")), ("return", pgettext_lazy("action", "退回修改")),
                 ("publish", _("公示"))]
    decision = forms.ChoiceField(choices=DECISIONS)
    note = forms.CharField(label=_("审核意见"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(forms.Form):
    identifier = forms.CharField(label=_("对象标识（统一社会信用代码/批准号/CMA编号）"),
                                 max_length=40)
    reason = forms.CharField(label=_("回避理由"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean_identifier(self) -> Target:
        identifier = normalize_identifier(self.cleaned_data["identifier"])
        target = Target.objects.filter(identifier=identifier, active=True).first()
        if target is None:
            raise forms.ValidationError(_("名录库中没有该对象"))
        return target


class TargetFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False,
                             choices=[("", _("全部")), *TargetKind.choices])
    risk_class = forms.ChoiceField(label=_("风险分类"), required=False,
                                   choices=[("", _("全部")), ("A", "A"), ("B", "B"),
                                            ("C", "C"), ("D", "D")])
    q = forms.CharField(label=_("名称或标识"), required=False, max_length=100)


class AssignmentFilterForm(forms.Form):
    """The inspector's list: search, status and due-date filters (GET)."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={
                            "type": "search", "placeholder": _("企业名称、统一社会信用代码或编号")}))
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[
        ("", _("全部")), ("open", _("待办（未录入、草稿、退回）")), ("todo", _("未录入")),
        *ResultStatus.choices])
    due_by = forms.DateField(label=_("截止日期不晚于"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))
