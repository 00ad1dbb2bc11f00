"""Pages of the programmes: the public overview and task pages (the plan is
a published document), and the training sessions units record."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.roles import BUREAU, PLAN_USERS, has_role
from qualitycert.lib.normalize import normalize_identifier
from qualitycert.plan.models import Plan, Task
from qualitycert.plan.queries import current_plan, task_progress, tasks_with_items
from qualitycert.registry.models import CertificationBody

from . import actions, queries
from .access import (
    sees_body_findings,
    sees_internal_notes,
    session_for,
    sessions_visible_to,
    unit_of,
)
from .forms import TrainingSessionForm
from .indicators import (
    TASKS,
    programme_counts,
    public_programme_counts,
    public_task_indicators,
    task_indicators,
)

# The task a training session counts for (培训普及质量管理知识, task 5).
TRAINING_TASK = 5


def _plan_or_404() -> Plan:
    plan = current_plan()
    if plan is None:
        raise Http404("no plan loaded")
    return plan


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    plan = _plan_or_404()
    today = timezone.localdate()
    live = has_role(request.user, PLAN_USERS)
    counts = programme_counts(today) if live else public_programme_counts(today)
    return render(request, "programmes/overview.html", {
        "plan": plan, "today": today, "programmes": counts,
        "tasks": plan.tasks.order_by("number"), "counted": set(TASKS)})


@require_GET
def task_page(request: HttpRequest, number: int) -> HttpResponse:
    plan = _plan_or_404()
    task = tasks_with_items(plan).filter(number=number).first()
    if task is None:
        raise Http404("no such task")
    today = timezone.localdate()
    progress = None
    live = has_role(request.user, PLAN_USERS)
    if live:
        # Report statuses are the units' internal work; the public sees the counts.
        progress = next((items for t, items in task_progress(plan) if t.pk == task.pk), [])
    return render(request, "programmes/task.html", {
        "plan": plan, "task": task, "today": today,
        "indicators": (task_indicators(task.number, today) if live
                       else public_task_indicators(task.number, today)),
        "progress": progress,
        "may_record_training": number == TRAINING_TASK and has_role(request.user, PLAN_USERS),
        "previous": Task.objects.filter(plan=plan, number=number - 1).exists(),
        "next": Task.objects.filter(plan=plan, number=number + 1).exists()})


@require_GET
@role_required(*PLAN_USERS)
def training_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/training_list.html", {
        "sessions": sessions_visible_to(request.user)[:200], "unit": unit_of(request.user)})


@require_GET
@role_required(*PLAN_USERS)
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "programmes/training_detail.html", {
        "session": session_for(request.user, pk),
        "show_note": sees_internal_notes(request.user)})


@require_http_methods(["GET", "POST"])
@role_required(*PLAN_USERS)
def training_new(request: HttpRequest) -> HttpResponse:
    unit = unit_of(request.user)
    if request.method == "POST":
        form = TrainingSessionForm(request.POST, unit=unit)
        if form.is_valid():
            data = form.cleaned_data
            try:
                session = actions.record_training_session(
                    actor=Actor.of(request.user), organiser=data["organiser"],
                    title=data["title"], held_on=data["held_on"], audience=data["audience"],
                    participants=data["participants"], enterprises=data["enterprises"],
                    internal_auditors=data["internal_auditors"], inspectors=data["inspectors"],
                    hours=data["hours"])
            except actions.ProgrammeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已登记培训：%(title)s") % {"title": session.title})
                return redirect("programmes:task", number=TRAINING_TASK)
        return render(request, "programmes/training_form.html", {"form": form, "unit": unit},
                      status=400)
    return render(request, "programmes/training_form.html", {
        "form": TrainingSessionForm(unit=unit), "unit": unit})


@require_GET
@role_required(*BUREAU)
def bodies(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/bodies.html", {
        "bodies": queries.bodies_with_archive_counts(timezone.localdate())[:500]})


@require_GET
def body_archive(request: HttpRequest, approval_number: str) -> HttpResponse:
    body = CertificationBody.objects.filter(
        approval_number=normalize_identifier(approval_number)).first()
    if body is None:
        raise Http404("no such body")
    archive = queries.body_archive(body, timezone.localdate())
    return render(request, "programmes/body.html", {
        "archive": archive, "show_findings": sees_body_findings(request.user, body.pk),
        "show_notes": sees_internal_notes(request.user)})
