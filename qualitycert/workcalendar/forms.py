"""The back-office form for a notice: the days as the notice lists them,
checked against the law before anything is kept, every problem at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qualitycert.lib.arrangement_files import NoticeRecord, default_title
from qualitycert.lib.day_lists import DayListError, parse_days
from qualitycert.lib.statutory_holidays import FIRST_YEAR, describe

from .actions import check_notice
from .models import ArrangementError, HolidayArrangement

DAYS_HELP = _("每行一天或一段，如 2027-01-01 或 2027-02-05至2027-02-11；"
              "放假日期照通知所列的整段填写（含其中的周末和法定节假日）。")


class ArrangementForm(forms.ModelForm):
    days_off = forms.CharField(label=_("放假日期"), widget=forms.Textarea(attrs={"rows": 8}),
                               help_text=DAYS_HELP)
    working_days = forms.CharField(label=_("调休上班日期"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("通知中写明“上班”的周六、周日，每行一天。"))

    class Meta:
        model = HolidayArrangement
        fields = ["year", "document_number", "published_on", "title", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record: NoticeRecord | None = None
        if "title" not in self.fields:
            return  # the read-only view of a kept notice: nothing to fill in
        for name in ("document_number", "published_on"):
            self.fields[name].required = True
        self.fields["title"].required = False
        self.fields["title"].help_text = _("留空则为“国务院办公厅关于某年部分节假日安排的通知”")
        year = self._year_asked()
        if year is not None:
            self.fields["days_off"].help_text = format_lazy(
                "{}<br>{}", DAYS_HELP,
                _("%(year)s年法定节假日：%(days)s") % {"year": year, "days": describe(year)})

    def _year_asked(self) -> int | None:
        raw = self.data.get("year") if self.is_bound else self.initial.get("year")
        try:
            year = int(str(raw))
        except (TypeError, ValueError):
            return None
        return year if FIRST_YEAR <= year <= 2200 else None

    def _days(self, name: str) -> frozenset:
        try:
            return frozenset(parse_days(self.cleaned_data.get(name, "")))
        except DayListError as exc:
            for problem in exc.problems:
                self.add_error(name, problem)
            return frozenset()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        off, work = self._days("days_off"), self._days("working_days")
        year = cleaned.get("year")
        if self.errors or year is None:
            return cleaned
        record = NoticeRecord(
            year=year, title=(cleaned.get("title") or "").strip() or default_title(year),
            document_number=(cleaned.get("document_number") or "").strip(),
            published_on=cleaned.get("published_on"), note=(cleaned.get("note") or "").strip(),
            days_off=off, working_days=work)
        try:
            check_notice(record)
        except ArrangementError as exc:
            raise forms.ValidationError(exc.problems) from None
        self.record = record
        return cleaned
