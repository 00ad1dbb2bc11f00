"""Forms turn input into domain types; the rules themselves are in actions.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .figures import FigureValueError, parse_value
from .models import ProgressStatus, ReviewOutcome
from .uploads import ALLOWED_EXTENSIONS

# <input type="date"> takes and gives ISO dates only; the Chinese locale's first
# input format (2027/01/15) would leave the box empty when a draft is reopened.
ISO_DATE = "%Y-%m-%d"


def parse_figures(text: str) -> list[list[str]]:
    """One figure per line, ``名称：数值`` (a full-width or ASCII colon, or a tab)."""
    figures = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        for separator in ("：", ":", "\t"):
            if separator in line:
                key, value = line.split(separator, 1)
                break
        else:
            raise forms.ValidationError(
                _("第%(n)d行缺少冒号，应为“名称：数值”"), params={"n": number})
        if not key.strip():
            raise forms.ValidationError(_("第%(n)d行缺少名称"), params={"n": number})
        try:
            checked = parse_value(value)
        except FigureValueError:
            raise forms.ValidationError(
                _("第%(n)d行“%(name)s”的数值“%(value)s”不是数字：请用阿拉伯数字填写，"
                  "可带单位，如“15”或“15 家”。"),
                params={"n": number, "name": key.strip(), "value": value.strip()}) from None
        figures.append([key.strip(), str(checked)])
    return figures


def figures_text(figures: list[list[str]]) -> str:
    return "\n".join(f"{key}：{value}" for key, value in figures)


class ReportForm(forms.Form):
    status = forms.ChoiceField(label=_("进展状态"), choices=ProgressStatus.choices)
    narrative = forms.CharField(label=_("进展情况"), widget=forms.Textarea(
        attrs={"rows": 8}), max_length=20000, required=False)
    figures = forms.CharField(
        label=_("主要数据"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("新增获证企业：35 家\n培训人次：1200")}),
        help_text=_("每行一项，“名称：数值 单位”；数值用阿拉伯数字，单位可省略，如“培训人次：1200”。"))

    def clean_figures(self) -> list[list[str]]:
        return parse_figures(self.cleaned_data["figures"])


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_(
        "PDF、DOCX、XLSX、JPG、PNG，不超过10 MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(
            f".{ext}" for ext in ALLOWED_EXTENSIONS)}))


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审核结论"), choices=ReviewOutcome.choices)
    comment = forms.CharField(label=_("审核意见"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("outcome") == ReviewOutcome.REVISION_REQUESTED
                and not (data.get("comment") or "").strip()):
            self.add_error("comment", _("退回修改须填写意见"))
        return data


class ManualFigureForm(forms.Form):
    value = forms.DecimalField(label=_("数值"), min_value=Decimal(0), max_digits=14,
                               decimal_places=2)
    as_of = forms.DateField(label=_("截至日期"),
                            widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE))
    source = forms.CharField(label=_("数据来源"), max_length=300, help_text=_(
        "如：区知识产权局2026年3月通报"))

    def clean_as_of(self) -> dt.date:
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("截至日期不能晚于今天"))
        return as_of


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
