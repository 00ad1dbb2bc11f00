"""The State Council's yearly notices (放假调休安排) as data.

A notice is kept as the clerk reads it: every day it gives off (the runs,
statutory days and weekends inside them included) and every weekend day it
says is worked. The statutory holidays themselves are computed by
``qualitycert.lib.statutory_holidays``; a notice only refines them.

A notice is never edited or deleted: an amendment (the 2019 Labour Day
change, the 2020 Spring Festival extension) is entered as a new record for
the same year, which supersedes the one before and keeps it for the record.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitycert.lib.workdays import Arrangement


class ArrangementError(ValueError):
    """Why a notice cannot be kept, as a list of Chinese sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "；".join(self.problems)


class ArrangementSource(models.TextChoices):
    SHIPPED = "shipped", _("随系统提供")
    ENTERED = "entered", _("后台录入")
    IMPORTED = "imported", _("文件导入")


class DayKind(models.TextChoices):
    OFF = "off", _("放假")
    WORK = "work", _("上班")


class HolidayArrangement(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("通知名称"), max_length=200)
    # Blank only for the notices shipped before 2008, whose numbers were not checked.
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=ArrangementSource.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("录入人"))
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    superseded_at = models.DateTimeField(_("被取代时间"), null=True, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name=_("被取代于"))

    class Meta:
        ordering = ["-year", "-entered_at", "-pk"]
        verbose_name = _("年度放假安排")
        verbose_name_plural = _("年度放假安排")
        constraints = [
            models.UniqueConstraint(fields=["year"], condition=Q(superseded_at__isnull=True),
                                    name="workcal_one_current_notice_per_year"),
        ]

    def __str__(self) -> str:
        if self.document_number:
            return gettext("%(year)s年放假安排（%(number)s）") % {
                "year": self.year, "number": self.document_number}
        return gettext("%(year)s年放假安排") % {"year": self.year}

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def days_of(self, kind: DayKind) -> list[dt.date]:
        return sorted(d.day for d in self.days.all() if d.kind == kind)

    @property
    def arrangement(self) -> Arrangement:
        return Arrangement(self.year, frozenset(self.days_of(DayKind.OFF)),
                           frozenset(self.days_of(DayKind.WORK)))


class ArrangementDay(models.Model):
    arrangement = models.ForeignKey(HolidayArrangement, on_delete=models.PROTECT,
                                    related_name="days")
    day = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=4, choices=DayKind.choices)

    class Meta:
        ordering = ["arrangement", "day"]
        verbose_name = _("放假/上班日")
        verbose_name_plural = _("放假/上班日")
        constraints = [models.UniqueConstraint(fields=["arrangement", "day"],
                                               name="workcal_day_once_per_notice")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"
