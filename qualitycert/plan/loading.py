"""Loading a plan from its JSON transcription (plan/data/*.json).

The same function serves the data migration (with historical models) and the
`load_plan` command (with the live ones), so a second plan is added exactly as
the first was: a JSON file, nothing hard-coded. The file format is described in
plan/data/README.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
INDICATORS = {"certified_enterprises", "tech_leader_brand_share", "sampling_pass_rate", "manual",
              "records"}
COMPARISONS = {"gt", "gte"}
CATEGORIES = {"management_system", "product", "service", "food_agri"}


class PlanDataError(ValueError):
    pass


def read_plan_file(path: str | Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        # In English like every other check of the plan file below (written by developers).
        raise PlanDataError(f"cannot read plan file {path}: {exc}") from exc
    validate_plan_data(data)
    return data


def _date(value: Any, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise PlanDataError(f"{where}: not a YYYY-MM-DD date: {value!r}") from exc


def validate_plan_data(data: Any) -> None:
    """Refuse a transcription that would load into something inconsistent."""
    if not isinstance(data, dict):
        raise PlanDataError("the plan file must hold one JSON object")
    for key in ("code", "title", "document_number", "written_on", "published_on",
                "departments", "tasks", "reporting"):
        if key not in data:
            raise PlanDataError(f"missing key {key!r}")
    _date(data["written_on"], "written_on")
    _date(data["published_on"], "published_on")
    _date(data["reporting"].get("starts_on"), "reporting.starts_on")
    if data["reporting"].get("frequency", "quarterly") not in {"quarterly", "monthly", "yearly"}:
        raise PlanDataError("reporting.frequency must be quarterly, monthly or yearly")
    names: dict[str, str] = {}
    for dept in data["departments"]:
        for spelling in (dept["name"], *dept.get("aliases", [])):
            if spelling in names:
                raise PlanDataError(f"unit spelling {spelling!r} given twice")
            names[spelling] = dept["name"]
    section_codes = {s["code"] for s in data.get("sections", [])}
    numbers = [t["number"] for t in data["tasks"]]
    if numbers != list(range(1, len(numbers) + 1)):
        raise PlanDataError(f"tasks must be numbered 1..n in order, got {numbers}")
    for task in data["tasks"]:
        if not task.get("items"):
            raise PlanDataError(f"task {task['number']} has no work item")
        if task.get("section") and task["section"] not in section_codes:
            raise PlanDataError(f"task {task['number']}: unknown section {task['section']!r}")
        for item in task["items"]:
            resolved = [names.get(u) for u in item["units"]]
            if None in resolved:
                unknown = [u for u in item["units"] if u not in names]
                raise PlanDataError(f"task {task['number']}: unknown units {unknown}")
            if len(set(resolved)) != len(resolved):
                raise PlanDataError(f"task {task['number']}: a unit is named twice")
    for target in data.get("targets", []):
        if target["indicator"] not in INDICATORS:
            raise PlanDataError(f"target {target['code']}: unknown indicator")
        if target["comparison"] not in COMPARISONS:
            raise PlanDataError(f"target {target['code']}: comparison must be gt or gte")
        if (target["indicator"] == "certified_enterprises"
                and target.get("params", {}).get("category") not in CATEGORIES):
            raise PlanDataError(f"target {target['code']}: params.category must be one of "
                                f"{sorted(CATEGORIES)}")
        if target["indicator"] == "records" and not target.get("params", {}).get("measure"):
            raise PlanDataError(f"target {target['code']}: indicator records needs params.measure")
        try:
            Decimal(str(target["goal"]))
        except InvalidOperation as exc:
            raise PlanDataError(f"target {target['code']}: goal is not a number") from exc
    for rule in data.get("assessment_rules", []):
        weights = rule["weights"]
        if set(weights) != {"timeliness", "completeness", "review"} or sum(weights.values()) <= 0:
            raise PlanDataError("assessment_rules weights need timeliness, completeness, review")


def load_plan(data: dict[str, Any], get_model: Callable[[str], Any]) -> Any:
    """Create the plan and everything under it; departments are shared between
    plans and matched by name or alias. `get_model("Plan")` returns a model class
    (historical inside a migration). Returns the Plan row."""
    validate_plan_data(data)
    Department = get_model("Department")
    Plan = get_model("Plan")
    if Plan.objects.filter(code=data["code"]).exists():
        raise PlanDataError(f"plan {data['code']!r} is already loaded")

    by_spelling: dict[str, Any] = {}
    for dept in Department.objects.all():
        for spelling in (dept.name, *dept.aliases):
            by_spelling[spelling] = dept
    for entry in data["departments"]:
        dept = by_spelling.get(entry["name"])
        if dept is None:
            dept = Department.objects.create(code=entry["code"], name=entry["name"],
                                             aliases=list(entry.get("aliases", [])))
        else:
            missing = [a for a in entry.get("aliases", []) if a not in dept.aliases]
            if missing:
                dept.aliases = [*dept.aliases, *missing]
                dept.save(update_fields=["aliases"])
        for spelling in (entry["name"], *entry.get("aliases", [])):
            by_spelling[spelling] = dept

    reporting = data["reporting"]
    plan = Plan.objects.create(
        code=data["code"], title=data["title"], notice_title=data.get("notice_title", ""),
        document_number=data["document_number"], index_number=data.get("index_number", ""),
        issuer=data.get("issuer", ""), written_on=_date(data["written_on"], "written_on"),
        published_on=_date(data["published_on"], "published_on"),
        target_year=data.get("target_year"), lead_rule=data.get("lead_rule", ""),
        report_frequency=reporting.get("frequency", "quarterly"),
        reporting_starts_on=_date(reporting["starts_on"], "reporting.starts_on"),
        report_due_days=int(reporting.get("due_days", 10)),
    )
    sections = {}
    for position, entry in enumerate(data.get("sections", []), start=1):
        sections[entry["code"]] = get_model("PlanSection").objects.create(
            plan=plan, code=entry["code"], title=entry["title"], text=entry.get("text", ""),
            position=position)
    for entry in data["tasks"]:
        task = get_model("Task").objects.create(
            plan=plan, number=entry["number"], name=entry["name"],
            name_from_row_above=bool(entry.get("name_from_row_above")),
            section=sections.get(entry.get("section", "")))
        for index, item_entry in enumerate(entry["items"], start=1):
            units = [by_spelling[u] for u in item_entry["units"]]
            item = get_model("WorkItem").objects.create(
                task=task, item=index, content=item_entry["content"], lead=units[0])
            get_model("WorkItemUnit").objects.bulk_create(
                get_model("WorkItemUnit")(work_item=item, department=dept, position=position)
                for position, dept in enumerate(units))
    for position, entry in enumerate(data.get("targets", []), start=1):
        get_model("Target").objects.create(
            plan=plan, code=entry["code"], name=entry["name"], goal=Decimal(str(entry["goal"])),
            comparison=entry["comparison"], unit=entry.get("unit", ""),
            indicator=entry["indicator"], params=entry.get("params", {}),
            section=sections.get(entry.get("section", "")), quote=entry.get("quote", ""),
            position=position)
    for entry in data.get("assessment_rules", []):
        weights = entry["weights"]
        get_model("AssessmentRule").objects.create(
            plan=plan, effective_year=entry["effective_year"], version=1,
            weight_timeliness=weights["timeliness"], weight_completeness=weights["completeness"],
            weight_review=weights["review"], note=entry.get("note", ""))
    return plan
