"""Input of the report pages, turned into domain types with reasons on refusal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .annual import FORMATS, MAX_YEAR, MIN_YEAR


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"), min_value=MIN_YEAR, max_value=MAX_YEAR,
        error_messages={"required": _("请选择年度"),
                        "invalid": _("年度应为四位数字")})
    format = forms.ChoiceField(
        label=_("格式"), choices=[(f, f.upper()) for f in FORMATS],
        error_messages={"required": _("请选择格式"),
                        "invalid_choice": _("格式应为 html、pdf 或 xlsx")})
