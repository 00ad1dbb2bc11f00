"""The annual analysis report (年度分析报告) as data: sections of tables, each
table carrying the query (function and parameters) its figures came from.

The HTML, PDF and XLSX builders only lay this out; no figure is computed
there. `AnnualReport.figures()` is everything but the generated-at time, so two
runs on the same data and year can be compared for equality."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from qualitycert.catalog import queries as catalog_queries
from qualitycert.inspections.models import ResultCategory
from qualitycert.registry.models import (
    BodyStatus,
    CertificationBody,
    LabStatus,
    Scheme,
    SchemeCategory,
)
from qualitycert.registry.queries import ANOMALY_KINDS
from qualitycert.transparency import checkpoints

from . import queries
from .charts import BarChart
from .industry import section_label

FORMATS = ("html", "pdf", "xlsx")
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Source:
    """A named query and the parameters it was called with (machine provenance,
    kept in the XLSX and the figures), and `note`, the records it read in words
    a reader of the printed report knows ("认证证书登记库（截至2025-12-31）")."""

    query: str
    params: dict[str, str]
    part: str = ""  # which part of the result, e.g. `.by["scheme"]`
    note: str = ""

    def __str__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.query}({args}){self.part}"


def _ours(name: str, note: str = "", **params: str) -> Source:
    return Source(f"qualitycert.reports.queries.{name}", params, note=note)


def _as_of_note(records: Any, *days: dt.date) -> str:
    return _("%(records)s（截至%(days)s）") % {
        "records": records, "days": "、".join(d.isoformat() for d in days)}


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "int"  # text, int, change, pct (a signed change), rate (a share), date, bool
    width: int | None = None  # percent of the page width, for long-text columns


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    sources: list[Source]
    chart: BarChart | None = None
    note: str = ""
    # The PDF prints at most this many rows (the first ones); HTML and XLSX all.
    pdf_rows: int | None = None


@dataclass
class Section:
    key: str
    title: str
    sheet: str  # XLSX sheet name: ≤ 31 characters, none of []:*?/\
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class AnnualReport:
    year: int
    as_of: dt.date
    previous_as_of: dt.date
    sections: list[Section]
    generated_at: dt.datetime
    # The transparency log's latest signed checkpoint when the report was made
    # (docs/transparency-log.md): printed, it is a copy outside the database.
    log_checkpoint: str | None = None

    @property
    def title(self) -> str:
        return gettext("%(year)s年度质量认证分析报告") % {"year": self.year}

    def tables(self) -> Iterable[tuple[Section, Table]]:
        for section in self.sections:
            for table in section.tables:
                yield section, table

    def figures(self) -> dict[str, Any]:
        """Everything the report states, without the time it was generated."""
        return {
            "year": self.year, "as_of": self.as_of.isoformat(),
            "sections": [{
                "key": s.key, "title": s.title, "notes": s.notes,
                "tables": [{"key": t.key, "title": t.title,
                            "columns": [c.title for c in t.columns],
                            "rows": [[_plain(v) for v in row] for row in t.rows],
                            "sources": [str(src) for src in t.sources], "note": t.note}
                           for t in s.tables],
            } for s in self.sections],
        }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# (title, XLSX sheet name)
SECTION_TITLES = {
    "certificates": (_("一、证书与获证企业"),
                     _("1 证书")),
    "bodies_labs": (_("二、认证机构与检验检测机构"),
                    _("2 机构")),
    "anomalies": (_("三、证书生命周期异常"), _("3 异常")),
    "inspections": (_("四、监督检查及结果"), _("4 检查")),
    "targets": (_("五、目标与任务进展"), _("5 目标")),
    "sampling": (_("六、产品质量监督抽查"), _("6 抽查")),
    "programmes": (_("七、实施方案专项工作"), _("7 专项")),
}
NOT_RECORDED = _("尚未记录")
REGISTER = _("认证证书登记库")
ANOMALY_NOTE = _("按年末（截至日）的证书状态和变更记录判断，年末之后颁发、暂停或监督审核的证书不计入；"
                 "获证组织的登记状态仅有现状。")
NOT_AVAILABLE = _("暂不可用")


def build_annual_report(year: int, *, generated_at: dt.datetime | None = None) -> AnnualReport:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(gettext("年份应在%(first)s–%(last)s之间") % {
            "first": MIN_YEAR, "last": MAX_YEAR})
    as_of, previous = queries.year_end(year), queries.year_end(year - 1)
    sections = [
        _certificates_section(year, as_of, previous),
        _bodies_labs_section(as_of),
        _anomalies_section(as_of),
        _inspections_section(year),
        _targets_section(as_of),
        _sampling_section(year, as_of),
        # Imported here: the programmes' module builds on this one's tables.
        _programmes_section(as_of),
    ]
    latest = checkpoints.latest()
    return AnnualReport(year, as_of, previous, sections, generated_at or timezone.now(),
                        log_checkpoint=latest.note if latest is not None else None)


def _programmes_section(as_of: dt.date) -> Section:
    from .programmes import programmes_section

    return programmes_section(_section("programmes"), as_of)


def _section(key: str) -> Section:
    title, sheet = SECTION_TITLES[key]
    return Section(key, str(title), str(sheet))


# --- 一、certificates ---------------------------------------------------------

DIMENSION_TITLES = {
    "category": _("按认证类别"),
    "scheme": _("按认证项目"),
    "industry": _("按行业门类（GB/T 4754）"),
    "body": _("按认证机构"),
}
DIMENSION_COLUMNS = {
    "category": _("认证类别"),
    "scheme": _("认证项目"),
    "industry": _("行业门类（GB/T 4754）"),
    "body": _("认证机构"),
}


# A province has hundreds of bodies and the nation 1,230: pages of a long tail
# that cost the PDF most of its rendering time. The PDF prints the largest ones
# and says where the rest are.
PDF_BODY_ROWS = 50


def _change_columns(first: str, year: int) -> list[Column]:
    return [
        Column(first, "text"),
        Column(gettext("有效证书 %(year)s") % {"year": year}),
        Column(gettext("有效证书 %(year)s") % {"year": year - 1}),
        Column(gettext("增减"), "change"), Column(gettext("增减率"), "pct"),
        Column(gettext("获证企业 %(year)s") % {"year": year}),
        Column(gettext("获证企业 %(year)s") % {"year": year - 1}),
        Column(gettext("增减"), "change"), Column(gettext("增减率"), "pct"),
    ]


def _change_row(label: str, now: queries.GroupCount | None,
                before: queries.GroupCount | None) -> list[Any]:
    c1, c0 = (now.certificates if now else 0), (before.certificates if before else 0)
    e1, e0 = (now.enterprises if now else 0), (before.enterprises if before else 0)
    return [label, c1, c0, c1 - c0, _ratio(c1 - c0, c0), e1, e0, e1 - e0, _ratio(e1 - e0, e0)]


def _ratio(change: int, base: int) -> float | None:
    return round(change / base, 4) if base else None


def _certificates_section(year: int, as_of: dt.date, previous: dt.date) -> Section:
    section = _section("certificates")
    now, before = queries.certificate_breakdown(as_of), queries.certificate_breakdown(previous)
    sources = [_ours("certificate_breakdown", _as_of_note(REGISTER, as_of),
                     as_of=as_of.isoformat()),
               _ours("certificate_breakdown", _as_of_note(REGISTER, previous),
                     as_of=previous.isoformat())]
    section.tables.append(Table(
        "certificates_total", gettext("总体"), _change_columns(gettext("范围"), year),
        [_change_row(gettext("全部"), now.total, before.total)],
        [dataclasses.replace(s, part=".total") for s in sources],
        note=gettext("有效证书：截至当日在有效期内且状态为有效。获证企业：持有至少一张有效证书的企业（去重）。")))
    labels = _dimension_labels()
    for dim in queries.DIMENSIONS:
        current = {g.key: g for g in now.by[dim]}
        prior = {g.key: g for g in before.by[dim]}
        keys = sorted(set(current) | set(prior), key=_key_order(dim))
        if dim == "body":  # the largest first: a long tail of small bodies
            keys.sort(key=lambda k: -(current[k].certificates if k in current else 0))
        rows = [_change_row(labels[dim](k), current.get(k), prior.get(k)) for k in keys]
        chart = None
        if dim in ("category", "industry"):
            chart = BarChart(gettext("%(dimension)s：有效证书") % {"dimension": DIMENSION_TITLES[dim]},
                             [str(r[0]) for r in rows],
                             [(str(year), [r[1] for r in rows]), (str(year - 1), [r[2] for r in rows])])
        section.tables.append(Table(
            f"certificates_by_{dim}", str(DIMENSION_TITLES[dim]), _change_columns(
                str(DIMENSION_COLUMNS[dim]), year),
            rows, [dataclasses.replace(s, part=f'.by["{dim}"]') for s in sources], chart,
            pdf_rows=PDF_BODY_ROWS if dim == "body" else None))
    return section


def _key_order(dim: str) -> Callable[[str], Any]:
    if dim == "category":
        order = {c: i for i, c in enumerate(SchemeCategory.values)}
        return lambda k: (order.get(k, 99), k)
    return lambda k: (k == "?", k)


def _dimension_labels() -> dict[str, Callable[[str], str]]:
    # English documents name schemes and bodies by their English names where
    # the register has one, by their official Chinese names otherwise.
    english = (get_language() or "").startswith("en")
    schemes = {code: (en if english and en else name) for code, name, en in
               Scheme.objects.values_list("code", "name", "name_en")}
    bodies = {number: (en if english and en else name) for number, name, en in
              CertificationBody.objects.values_list("approval_number", "name", "name_en")}
    return {
        "category": lambda k: str(SchemeCategory(k).label) if k in SchemeCategory.values else k,
        "scheme": lambda k: f"{k} {schemes.get(k, '')}".strip(),
        "industry": section_label,
        "body": lambda k: f"{k} {bodies.get(k, '')}".strip(),
    }


# --- 二、bodies and labs ------------------------------------------------------

FRESHNESS_LABELS = {
    "within_30_days": _("30天内"),
    "31_to_90_days": _("31–90天"),
    "91_to_365_days": _("91–365天"),
    "over_365_days": _("超过365天"),
    "never": _("从未报送"),
    "after_as_of": _("年末后才报送"),
}


def _bodies_labs_section(as_of: dt.date) -> Section:
    section = _section("bodies_labs")
    day = as_of.isoformat()
    bodies = queries.bodies_by_status(as_of)
    section.tables.append(Table(
        "bodies_by_status", gettext("认证机构（按状态）"),
        [Column(gettext("状态"), "text"), Column(gettext("机构数"))],
        [[str(BodyStatus(k).label), n] for k, n in bodies.items()] + [[gettext("合计"), sum(bodies.values())]],
        [_ours("bodies_by_status", _as_of_note(_("认证机构登记信息"), as_of), as_of=day)],
        note=gettext("机构状态为登记的现状（不保留历史）；批准有效期已过的计为过期。")))
    labs = queries.labs_by_status(as_of)
    section.tables.append(Table(
        "labs_by_status", gettext("检验检测机构（按状态）"),
        [Column(gettext("状态"), "text"), Column(gettext("机构数"))],
        [[str(LabStatus(k).label), n] for k, n in labs.items()] + [[gettext("合计"), sum(labs.values())]],
        [_ours("labs_by_status", _as_of_note(_("检验检测机构资质认定登记信息"), as_of),
               as_of=day)]))
    fresh = queries.body_data_freshness(as_of)
    section.tables.append(Table(
        "body_data_freshness", gettext("认证机构数据报送时效"),
        [Column(gettext("距最近报送"), "text"), Column(gettext("机构数"))],
        [[str(FRESHNESS_LABELS[k]), n] for k, n in fresh.items()],
        [_ours("body_data_freshness", _as_of_note(_("认证机构数据报送记录"), as_of), as_of=day)],
        chart=BarChart(gettext("认证机构数据报送时效"), [str(FRESHNESS_LABELS[k]) for k in fresh],
                       [(gettext("机构数"), list(fresh.values()))]),
        note=gettext("仅统计年末处于批准状态的机构。")))
    return section


# --- 三、anomalies --------------------------------------------------------------

def _anomalies_section(as_of: dt.date) -> Section:
    section = _section("anomalies")
    counts = queries.anomaly_counts(as_of)
    rows: list[list[Any]] = [[_anomaly_title(k), counts[k.code]] for k in ANOMALY_KINDS]
    section.tables.append(Table(
        "anomaly_counts", gettext("异常类型及数量"),
        [Column(gettext("异常类型"), "text"), Column(gettext("证书数"))], rows,
        [_ours("anomaly_counts", _as_of_note(_("认证证书登记库及证书变更记录"), as_of),
               as_of=as_of.isoformat())],
        note=str(ANOMALY_NOTE)))
    titles = {k.code: _anomaly_title(k) for k in ANOMALY_KINDS}
    examples = queries.anomaly_examples(as_of, ANOMALY_EXAMPLES)
    section.tables.append(Table(
        "anomaly_certificates", str(_("异常证书（每类前%(n)s张）") % {"n": ANOMALY_EXAMPLES}), [
            Column(str(_("异常类型")), "text", 24), Column(str(_("证书编号")), "text", 18),
            Column(str(_("获证组织")), "text", 24), Column(str(_("认证机构")), "text", 22),
            Column(str(_("颁证日期")), "date", 12)],
        [[titles[e.kind], e.number, e.holder, e.body, e.issued_on] for e in examples],
        [_ours("anomaly_examples", _as_of_note(_("认证证书登记库及证书变更记录"), as_of),
               as_of=as_of.isoformat(), per_kind=str(ANOMALY_EXAMPLES))]))
    return section


ANOMALY_EXAMPLES = 20


# --- 四、inspections ------------------------------------------------------------

INSPECTION_LABELS = {
    "plans": _("抽查计划"),
    "plans_drawn": _("已完成抽取的计划"),
    "targets_drawn": _("抽取的检查对象"),
    "targets_unstaffed": _("未配齐检查人员的对象"),
    "results_published": _("已公示结果"),
    "published_on_time": _("按时公示"),
    "on_time_share": _("按时公示率"),
}


def _inspections_section(year: int) -> Section:
    section = _section("inspections")
    summary = queries.inspection_summary(year)
    if isinstance(summary, queries.Unavailable) or not summary:
        section.notes.append(f"{NOT_RECORDED}（{_why(summary)}）")
        return section
    source = Source("qualitycert.inspections.queries.annual_summary",
                    {"year": str(year), "as_of": queries.year_end(year).isoformat()},
                    note=_("“双随机、一公开”抽查计划、抽取及检查结果记录（%(year)s年度）")
                    % {"year": year})
    data = summary.as_dict() if hasattr(summary, "as_dict") else summary
    if not isinstance(data, dict):
        section.tables.extend(_tabulate("inspections", gettext("监督检查汇总"), data,
                                        source))
        return section
    by_category = data.get("results_by_category")
    rows: list[list[Any]] = []
    for key, value in data.items():
        if key in ("year", "results_by_category"):
            continue
        shown = f"{value:.1%}" if key.endswith("_share") and isinstance(value, float) else value
        rows.append([str(INSPECTION_LABELS.get(key, key)), _cell(shown)])
    section.tables.append(Table(
        "inspections_overview", gettext("“双随机、一公开”监督检查概况"),
        [Column(gettext("项目"), "text"), Column(gettext("数值"), "int")], rows, [source]))
    if isinstance(by_category, dict):
        labels: dict[str, str] = _result_category_labels()
        section.tables.append(Table(
            "inspection_results", gettext("检查结果（按类别）"),
            [Column(gettext("结果类别"), "text"), Column(gettext("结果数"))],
            [[labels.get(k, k), n] for k, n in by_category.items()],
            [dataclasses.replace(source, part='.results_by_category')],
            chart=BarChart(gettext("检查结果"),
                           [labels.get(str(k), str(k)) for k in by_category],
                           [(gettext("结果数"), [int(n) for n in by_category.values()])])))
    return section


def _anomaly_title(kind: Any) -> str:
    """The registry names each kind in both languages; the report prints one."""
    return str(kind.title_en if (get_language() or "").startswith("en") else kind.title_zh)


# SAMR's result categories in one language each. The inspections app's labels
# (ResultCategory) still pair both languages in one msgid; until they are
# split there, the printed report names them itself.
RESULT_CATEGORY_LABELS = {
    ResultCategory.NO_PROBLEM: _("未发现问题"),
    ResultCategory.CORRECTED: _("发现问题已责令改正"),
    ResultCategory.NONCONFORMING: pgettext_lazy("inspection result", "不合格"),
    ResultCategory.UNDISCLOSED: _("未按规定公示应当公示的信息"),
    ResultCategory.NO_ACTIVITY: _("未发现开展本次抽查涉及的经营活动"),
    ResultCategory.UNREACHABLE: _("通过登记的住所无法联系"),
    ResultCategory.NONCOOPERATIVE: _("不配合检查情节严重"),
    ResultCategory.OTHER: _("其他"),
}


def _result_category_labels() -> dict[str, str]:
    return {c.value: str(RESULT_CATEGORY_LABELS.get(c, c.label)) for c in ResultCategory}


# --- 五、targets and tasks ------------------------------------------------------

COMPARISON_SYMBOLS = {"gt": ">", "gte": "≥"}


def quantity(value: Decimal | int | float, unit: str) -> str:
    """A figure with its unit as people write it: no trailing zeros
    ("2600.00" → "2600"), thousands unseparated as in the plan's text, and
    a percent sign set close ("≥ 100%", "> 2600 家")."""
    number = Decimal(str(value))
    text = f"{number.normalize():f}"  # normalize() alone would give 2.6E+3
    unit = (unit or "").strip()
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%", "％", "‰") else f"{text} {unit}"


def _targets_section(as_of: dt.date) -> Section:
    section = _section("targets")
    params = {"as_of": as_of.isoformat()}
    targets = queries.target_progress(as_of)
    if isinstance(targets, queries.Unavailable) or not targets:
        section.notes.append(f"{gettext('主要目标')}：{NOT_AVAILABLE}（{_why(targets)}）")
    else:
        section.tables.append(Table(
            "targets", gettext("主要目标"), [
                Column(gettext("指标"), "text", 24), Column(gettext("目标"), "text", 12),
                Column(gettext("实际"), "text", 12), Column(gettext("截至"), "date", 11),
                Column(gettext("达成"), "bool", 7), Column(gettext("数据来源"), "text", 34)],
            [[t.name,
              f"{COMPARISON_SYMBOLS.get(t.comparison, t.comparison)} {quantity(t.goal, t.unit)}",
              "—" if t.value is None else quantity(t.value, t.unit),
              t.as_of, t.met, t.source]
             for t in targets],
            [Source("qualitycert.plan.targets.compute_targets", params,
                    note=_as_of_note(_("实施方案目标及各指标数据"), as_of))]))
    progress = queries.task_progress(as_of)
    if isinstance(progress, queries.Unavailable) or not progress.items:
        section.notes.append(f"{gettext('重点任务进展')}：{NOT_AVAILABLE}（{_why(progress)}）")
    else:
        section.tables.append(Table(
            "task_progress", gettext("重点任务进展（%(plan)s）") % {"plan": progress.plan}, [
                Column(gettext("序号"), "text", 7), Column(gettext("重点工作"), "text", 51),
                Column(gettext("牵头单位"), "text", 14),
                Column(gettext("各单位最新进展"), "text", 20),
                Column(gettext("待审核"), "int", 8)],
            [[i.label, i.content, i.lead, i.statuses, i.pending] for i in progress.items],
            [Source(progress.provider, progress.params,
                    note=_as_of_note(_("实施方案任务进展报送记录"), as_of))],
            note=progress.note))
    return section


# --- 六、sampling ------------------------------------------------------------------

def _catalog(name: str, start: dt.date, end: dt.date, **params: str) -> Source:
    note = _("产品质量监督抽查记录（%(start)s至%(end)s）") % {
        "start": start.isoformat(), "end": end.isoformat()}
    return Source(f"qualitycert.catalog.queries.{name}",
                  {"start": start.isoformat(), "end": end.isoformat(), **params}, note=note)


def _sampling_section(year: int, as_of: dt.date) -> Section:
    """The pass rates the plan's 95% target is measured by, year on year, and
    this year's by product category and by industry (GB/T 4754 division)."""
    section = _section("sampling")
    start, previous_start = dt.date(year, 1, 1), dt.date(year - 1, 1, 1)
    previous_end = queries.year_end(year - 1)
    rows: list[list[Any]] = []
    sources = []
    for label, equipment in ((gettext("全部产品"), False), (gettext("装备制造业"), True)):
        now = catalog_queries.sampling_tally(start, as_of, equipment_only=equipment)
        before = catalog_queries.sampling_tally(previous_start, previous_end,
                                                equipment_only=equipment)
        rows.append([label, now.total, now.passed, now.rate, before.total, before.rate])
        for s, e in ((start, as_of), (previous_start, previous_end)):
            sources.append(_catalog("sampling_tally", s, e, equipment_only=str(equipment)))
    if not any(r[1] or r[4] for r in rows):
        section.notes.append(f"{NOT_RECORDED}（{_('本年度及上年度无已出检验结论的抽查样品')}）")
        return section
    section.tables.append(Table(
        "sampling_pass_rate", gettext("监督抽查合格率"), [
            Column(gettext("范围"), "text"), Column(gettext("批次 %(year)s") % {"year": year}),
            Column(gettext("合格 %(year)s") % {"year": year}),
            Column(gettext("合格率 %(year)s") % {"year": year}, "rate"),
            Column(gettext("批次 %(year)s") % {"year": year - 1}),
            Column(gettext("合格率 %(year)s") % {"year": year - 1}, "rate")],
        rows, sources,
        note=gettext("按批次计：每个已出检验结论的样品计一次，以其检验结论为准；整改后复查不改变原结论。"
                     "装备制造业为GB/T 4754-2017制造业大类33–40的企业。")))
    for dim, title, first in (
            ("category", gettext("按产品种类"), gettext("产品种类")),
            ("industry", gettext("按行业（GB/T 4754大类）"), gettext("行业（GB/T 4754大类）"))):
        breakdown = catalog_queries.sampling_breakdown(start, as_of, dim)
        table_rows: list[list[Any]] = [
            [_breakdown_label(r), r.tally.total, r.tally.passed, r.tally.failed, r.tally.rate]
            for r in breakdown]
        section.tables.append(Table(
            f"sampling_by_{dim}", title, [
                Column(first, "text"), Column(gettext("批次")),
                Column(gettext("合格")), Column(gettext("不合格")),
                Column(gettext("合格率"), "rate")],
            table_rows, [_catalog("sampling_breakdown", start, as_of, by=dim)],
            chart=BarChart(gettext("%(title)s：批次") % {"title": title}, [str(r[0]) for r in table_rows],
                           [(gettext("合格"), [r[2] for r in table_rows]),
                            (gettext("不合格"), [r[3] for r in table_rows])]),
            ))
    return section


def _breakdown_label(row: catalog_queries.BreakdownRow) -> str:
    if row.key == catalog_queries.UNCLASSIFIED:
        return gettext("未分类")
    if row.key.startswith("~"):
        return row.label
    return f"{row.key} {row.label}" if row.label != row.key else row.key


def _why(result: Any) -> str:
    """Why a figure is missing, in words (the provider's name stays out of print)."""
    if isinstance(result, queries.Unavailable):
        return str(UNAVAILABLE_REASONS.get(result.reason, result.reason))
    return str(_("无记录"))


UNAVAILABLE_REASONS = {"no plan loaded": _("尚未导入实施方案")}


def _tabulate(key: str, title: str, data: Any, source: Source) -> list[Table]:
    """A table from whatever another app returns: a mapping (item → value) or a
    list of records (dataclasses or mappings)."""
    if isinstance(data, dict):
        rows = [[str(k), _cell(v)] for k, v in _flatten(data)]
        return [Table(key, title, [Column(gettext("项目"), "text"), Column(gettext("数值"), "text")],
                      rows, [source])]
    records = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) and not isinstance(r, type)
               else dict(r) for r in data]
    columns = list(dict.fromkeys(k for r in records for k in r))
    rows = [[_cell(r.get(c)) for c in columns] for r in records]
    return [Table(key, title, [Column(c, "text") for c in columns], rows, [source])]


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for k, v in data.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            yield from _flatten(v, f"{name} / ")
        else:
            yield name, v


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str, dt.date)):
        return value
    return str(value)
