"""Bureau pages: the dashboard, the target library, plans, commit and draw,
result review and publication."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.reauth import reauth_required
from qualitycert.accounts.roles import BUREAU, PLAN_USERS, is_bureau

from .. import actions, queries
from .. import draw as drawlib
from ..access import plan_for, result_for_bureau
from ..forms import DrawForm, PlanForm, ReviewForm, TargetFilterForm
from ..models import GENERAL_MAX_PERCENT, MIN_OVERALL_PERCENT, Plan, PlanError, PlanStatus, Target


@require_GET
@role_required(*BUREAU)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "inspections/dashboard.html", {
        "progress": queries.plans_with_progress(),
        "overdue": queries.overdue_for_publication(today)[:100],
        "unstaffed": queries.unstaffed_selections()[:100],
        "review_count": queries.review_queue().count(),
        "today": today,
    })


@require_GET
@role_required(*BUREAU)
def target_list(request: HttpRequest) -> HttpResponse:
    form = TargetFilterForm(request.GET or None)
    qs = Target.objects.filter(active=True).order_by("kind", "identifier")
    if form.is_valid():
        d = form.cleaned_data
        if d["kind"]:
            qs = qs.filter(kind=d["kind"])
        if d["risk_class"]:
            qs = qs.filter(risk_class=d["risk_class"])
        if d["q"]:
            qs = qs.filter(Q(name__icontains=d["q"]) | Q(identifier__icontains=d["q"].upper()))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/targets.html", {"form": form, "page": page})


@require_POST
@role_required(*BUREAU)
def target_refresh(request: HttpRequest) -> HttpResponse:
    summary = actions.refresh_target_library(actor=Actor.of(request.user))
    messages.success(request, _("名录库已更新：新增 %(c)d，更新 %(u)d，移出 %(d)d")
                     % {"c": summary.created, "u": summary.updated, "d": summary.deactivated})
    return redirect("inspections:targets")


def _plan_form_page(request: HttpRequest, form: PlanForm, plan: Plan | None) -> HttpResponse:
    return render(request, "inspections/plan_form.html", {
        "form": form, "plan": plan, "general_max": GENERAL_MAX_PERCENT,
        "min_overall": MIN_OVERALL_PERCENT,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(None))
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.create_plan(form.to_spec(), actor=Actor.of(request.user))
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("inspections:plan", pk=plan.pk)
    return _plan_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_plan(plan, form.to_spec(), actor=Actor.of(request.user))
        except PlanError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("inspections:plan", pk=plan.pk)
    return _plan_form_page(request, form, plan)


def _plan_page(request: HttpRequest, plan_pk: int, *, error: str = "",
               status: int = 200) -> HttpResponse:
    plan = plan_for(request.user, plan_pk)
    draw = getattr(plan, "draw", None)
    selections = (plan.selections.select_related("candidate", "result")
                  .prefetch_related("team__inspector"))
    return render(request, "inspections/plan_detail.html", {
        "plan": plan, "draw": draw, "error": error,
        "integrity": queries.frozen_list_problems(plan),
        "candidate_count": plan.candidates.count(), "pool_count": plan.pool.count(),
        "selections": Paginator(selections, 100).get_page(request.GET.get("page")),
        "may_manage": is_bureau(request.user),
    }, status=status)


@require_GET
@role_required(*PLAN_USERS)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, pk)


@require_POST
@role_required(*BUREAU)
@reauth_required(back=lambda request, pk: reverse("inspections:plan", args=[pk]))
def plan_commit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    try:
        actions.commit_plan(plan, actor=Actor.of(request.user))
    except PlanError as exc:
        return _plan_page(request, pk, error=str(exc), status=409)
    messages.success(request, _("名单已冻结并公示哈希"))
    return redirect("inspections:plan", pk=pk)


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
@reauth_required()
def plan_draw(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    form = DrawForm(request.POST or None, labels=plan.source_labels)
    status = 200
    if plan.status != PlanStatus.COMMITTED:
        form.add_error(None, _("只有已冻结名单、尚未抽取的计划可以抽取"))
        status = 409
    elif request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.draw_plan(plan, form.values(), actor=Actor.of(request.user))
            except PlanError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("抽取完成"))
                return redirect("inspections:plan", pk=pk)
    return render(request, "inspections/plan_draw.html", {"plan": plan, "form": form},
                  status=status)


@require_POST
@role_required(*BUREAU)
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    try:
        actions.close_plan(plan, actor=Actor.of(request.user))
    except PlanError as exc:
        return _plan_page(request, pk, error=str(exc), status=409)
    return redirect("inspections:plan", pk=pk)


@require_GET
@role_required(*PLAN_USERS)
def plan_candidates_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The exact bytes the committed hash covers: `sha256sum` of this file
    equals the published hash while the list is intact."""
    plan = plan_for(request.user, pk)
    if not plan.committed_at:
        return HttpResponse(_("名单尚未冻结"), status=404,
                            content_type="text/plain; charset=utf-8")
    body = "".join(drawlib.candidate_lines(queries.candidate_entries(plan))).encode("utf-8")
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-candidates.txt"'
    response["X-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    return response


@require_GET
@role_required(*PLAN_USERS)
def plan_record(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    draw = getattr(plan, "draw", None)
    if draw is None:
        return HttpResponse(_("尚未抽取"), status=404,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(draw.record.encode("utf-8"),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-draw-record.json"'
    return response


@require_GET
@role_required(*BUREAU)
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.review_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "inspections/review_queue.html", {"page": page})


REVIEW_ACTIONS = {
    "accept": lambda r, u, note: actions.accept_result(r, actor=u, note=note),
    "return": lambda r, u, note: actions.return_result(r, actor=u, note=note),
    "publish": lambda r, u, note: actions.publish_result(r, actor=u),
}


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def review_result(request: HttpRequest, pk: int) -> HttpResponse:
    result = result_for_bureau(request.user, pk)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                REVIEW_ACTIONS[d["decision"]](result, Actor.of(request.user), d["note"])
            except PlanError as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                messages.success(request, _("已处理"))
                return redirect("inspections:review_result", pk=pk)
    result.refresh_from_db()
    return render(request, "inspections/review_result.html", {
        "result": result, "form": form,
        "team": result.selection.team.select_related("inspector"),
        "attachments": result.attachments.all(),
    }, status=status)
