"""Pages of the plan: the public dashboard (targets; plan users also see task
progress and overdue reports) and plan document, the bureau's overdue list, the yearly assessment and its exports, and
the entry of figures the registry cannot know. Report filing and review are in
reports.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.roles import BUREAU, PLAN_USERS, has_role
from qualitycert.lib.tabular import is_formula_like
from qualitycert.lib.xlsx import write_xlsx

from .. import actions, snapshots
from ..access import department_of, outstanding_visible_to
from ..assessment import RULE_TEXT, assess, export_header, export_rows
from ..charts import sparkline
from ..counts import task_counts
from ..forms import ManualFigureForm, YearForm
from ..models import Indicator, ManualFigure, Plan, Target
from ..queries import current_plan, outstanding_reports, task_progress, tasks_with_items

PUBLIC_CACHE_SECONDS = 300


def _plan_or_404() -> Plan:
    plan = current_plan()
    if plan is None:
        raise Http404("no plan loaded")
    return plan


def _targets(plan: Plan, today: dt.date) -> list[dict[str, Any]]:
    # Past quarter ends from stored snapshots (computed and stored on first use,
    # refreshed nightly by `snapshot-targets`); today's values always live.
    trend = snapshots.trend(plan, today, snapshots.TREND_QUARTERS)
    return [{"now": values[-1], "history": values, "chart": sparkline(
        [v.value for v in values], goal=values[-1].goal)} for values in trend.values()]


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Public: the targets (and a link to the tasks). Plan users also see each
    unit's accepted progress and the overdue reports: the units' internal work."""
    plan = _plan_or_404()
    today = timezone.localdate()
    staff = has_role(request.user, PLAN_USERS)
    if staff:
        targets = _targets(plan, today)
    else:  # a burst of anonymous requests costs one computation
        targets = cache.get_or_set(f"plan:public-targets:{plan.pk}:{today}:{get_language()}",
                                   lambda: _targets(plan, today), PUBLIC_CACHE_SECONDS) or []
    context: dict[str, Any] = {"plan": plan, "today": today, "targets": targets,
                               "staff": staff}
    if staff:
        overdue = [o for o in outstanding_visible_to(request.user, plan, today) if o.overdue]
        context.update({"progress": task_progress(plan), "overdue": overdue[:20],
                        "overdue_count": len(overdue), "unit": department_of(request.user),
                        "may_enter_figures": has_role(request.user, BUREAU)})
    return render(request, "plan/dashboard.html", context)


@require_GET
def plan_document(request: HttpRequest) -> HttpResponse:
    """Public: the plan's text, its tasks and responsible units, and each task's
    counts (cached for everyone; see programmes.indicators)."""
    plan = _plan_or_404()
    today = timezone.localdate()
    return render(request, "plan/document.html", {
        "plan": plan, "sections": plan.sections.order_by("position"), "today": today,
        "tasks": [(task, task_counts(task.number, today)) for task in tasks_with_items(plan)]})


@require_GET
@role_required(*BUREAU)
def overdue(request: HttpRequest) -> HttpResponse:
    plan = _plan_or_404()
    today = timezone.localdate()
    outstanding = outstanding_reports(plan, today)
    return render(request, "plan/overdue.html", {
        "plan": plan, "today": today, "outstanding": outstanding,
        "overdue_count": sum(1 for o in outstanding if o.overdue)})


def _year(request: HttpRequest) -> int:
    form = YearForm(request.GET)
    if not form.is_valid():
        raise Http404("bad year")
    return form.cleaned_data["year"] or timezone.localdate().year


@require_GET
@role_required(*BUREAU)
def assessment(request: HttpRequest) -> HttpResponse:
    plan = _plan_or_404()
    result = assess(plan, _year(request))
    return render(request, "plan/assessment.html", {
        "plan": plan, "assessment": result, "rule_text": RULE_TEXT,
        "rules": plan.assessment_rules.order_by("-effective_year", "-version")})


def _csv_cell(value: object) -> object:
    # Unit names are ours, but an export must never carry a live formula.
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return "" if value is None else value


@require_GET
@role_required(*BUREAU)
def assessment_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    plan = _plan_or_404()
    if not 2000 <= year <= 2100:
        raise Http404("bad year")
    result = assess(plan, year)
    rows = export_rows(result)
    filename = f"assessment-{plan.code}-{year}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(export_header())
        writer.writerows([_csv_cell(v) for v in row] for row in rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        stream = io.BytesIO()
        write_xlsx(stream, [(_("%(year)s年绩效考核") % {"year": year}, export_header(), rows)])
        response = HttpResponse(stream.getvalue(), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def target_figures(request: HttpRequest, code: str) -> HttpResponse:
    plan = _plan_or_404()
    target = get_object_or_404(Target, plan=plan, code=code, indicator=Indicator.MANUAL)
    form = ManualFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_manual_figure(target=target, actor=Actor.of(request.user), **form.cleaned_data)
        except actions.PlanError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("plan:target_figures", code=target.code)
    status = 400 if request.method == "POST" else 200
    return render(request, "plan/target_figures.html", {
        "plan": plan, "target": target, "form": form,
        "figures": ManualFigure.objects.filter(target=target).select_related("entered_by"),
    }, status=status)
