"""How a page shows a grade and a fact: each indicator's contribution in the
reader's language, and where each fact came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..grading import parse_spec, subscore
from ..models import CreditGrade, Fact

GROUP_LABELS = {"philosophy": _("质量诚信理念"), "capability": _("履行质量承诺能力"),
                "performance": _("兑现质量承诺表现"), "risk": _("风险信号")}
RULE_LABELS = {"more_is_better": _("越多越好"), "fewer_is_better": _("越少越好"),
               "presence": _("有无"), "ratio": _("比例")}


@dataclass
class Line:
    code: str
    label: str
    group: str
    count: int
    against: int
    subscore: str
    weight: int
    points: str
    fact_ids: list[int]


def indicator_label(indicator: dict[str, Any]) -> str:
    english = (get_language() or "").startswith("en")
    return str(indicator.get("label_en" if english else "label") or indicator["code"])


def explain(grade: CreditGrade) -> list[Line]:
    """One line per indicator of the grade's model: its count, sub-score,
    weight and the points it gave (weight · sub-score / total weight, in
    points of 100). The grade keeps the indicators that counted a fact;
    every other one gave its no-fact value, which the model determines."""
    spec = grade.run.model.spec
    parsed = parse_spec(spec)
    total = parsed.total_weight or 1
    stored = {c[0]: c for c in grade.contributions}
    lines = []
    for raw, ind in zip(spec["indicators"], parsed.indicators, strict=True):
        _, count, against, sub, weight, fact_ids = stored.get(
            ind.code, (ind.code, 0, 0, subscore(ind, 0, 0), ind.weight, []))
        lines.append(Line(ind.code, indicator_label(raw), str(GROUP_LABELS.get(ind.group, "")),
                          count, against, f"{sub / 10:.1f}", weight,
                          f"{weight * sub / (total * 10):.2f}", list(fact_ids)))
    return lines


def _reverse(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def source_url(fact: Fact, *, staff: bool) -> str:
    """The page of the record a fact came from, as far as the reader may go."""
    kind, pk = fact.source_type, fact.source_id
    if kind == "registry.certificate" and staff:
        return _reverse("admin:registry_certificate_change", pk)
    if kind == "registry.certificate_event" and staff:
        return _reverse("admin:registry_certificateevent_change", pk)
    if kind == "catalog.sampling" and staff:
        return _reverse("catalog:sample", int(pk)) if pk.isdigit() else ""
    if kind == "catalog.declaration":
        return _reverse("catalog:my_declaration" if not staff else "catalog:staff_declaration",
                        int(pk)) if pk.isdigit() else ""
    if kind == "inspections.result" and staff:
        return _reverse("inspections:review_result", int(pk)) if pk.isdigit() else ""
    if kind == "credit.dishonesty":
        return f"#entry-{pk}"
    return ""
