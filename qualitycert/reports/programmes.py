"""七、the plan's programmes in the annual report (issue 15): one table per
programme, each indicator with its value at the year's end and its source,
counted by qualitycert.programmes.indicators (the task pages' numbers)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from qualitycert.programmes.indicators import programme_counts

from .annual import Column, Section, Source, Table


def programmes_section(section: Section, as_of: dt.date) -> Section:
    for programme in programme_counts(as_of):
        tasks = "、".join(pgettext("task number", "第%(n)s项") % {"n": n} for n in programme.tasks)
        section.tables.append(Table(
            f"programme_{programme.code}",
            _("%(name)s（重点任务%(tasks)s）") % {"name": programme.name, "tasks": tasks}, [
                Column(_("指标"), "text", 40), Column(_("数值"), "text", 14),
                Column(_("数据来源"), "text", 46)],
            [[i.name, _("无数据") if i.value is None else f"{i.value.normalize():f} {i.unit}"
              .replace(" %", "%"), i.source] for i in programme.indicators],
            [Source("qualitycert.programmes.indicators.programme_counts",
                    {"day": as_of.isoformat()}, f"[{programme.code}]",
                    note=_("专项工作各指标记录（截至%(day)s）") % {"day": as_of.isoformat()})]))
    return section
