"""Bureau pages for supervision sampling: plans, drawing samples, the sample
list, a sample's result and its follow-up."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.roles import BUREAU

from .. import actions, queries
from ..access import staff_sample_or_404
from ..forms import DrawForm, FollowUpForm, PlanForm, ResultForm
from ..models import (
    FOLLOW_UP_FROM,
    CatalogError,
    FollowUpState,
    PlanStatus,
    SampleStatus,
    SamplingPlan,
    SamplingRecord,
    SamplingResult,
)
from .results import enter_result

PAGE = 50


def _plan_or_404(pk: int) -> SamplingPlan:
    found = SamplingPlan.objects.select_related("category").filter(pk=pk).first()
    if found is None:
        raise Http404("no such plan")
    return found


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def plans(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = actions.create_sampling_plan(actor=Actor.of(request.user), **form.cleaned_data)
            except (CatalogError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("抽查计划已建立"))
                return redirect("catalog:plan", pk=plan.pk)
    rows = SamplingPlan.objects.select_related("category").prefetch_related("labs")
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/plans.html", {"page": page, "form": form},
                  status=400 if form.errors else 200)


def _draw_form(plan: SamplingPlan, data: object = None) -> DrawForm:
    return DrawForm(data, labs=plan.labs.order_by("cma_number"))  # type: ignore[arg-type]


def _plan_page(request: HttpRequest, plan: SamplingPlan, form: DrawForm,
               status: int = 200) -> HttpResponse:
    samples = plan.samples.select_related("enterprise", "lab").order_by("-sampled_on", "-id")
    return render(request, "catalog/plan.html", {
        "plan": plan, "form": form, "samples": samples, "drawn": samples.count(),
        "tested": samples.filter(status=SampleStatus.TESTED).count(),
        "passed": samples.filter(result=SamplingResult.PASS).count(),
        "open": plan.status == PlanStatus.OPEN}, status=status)


@require_GET
@role_required(*BUREAU)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan_or_404(pk)
    return _plan_page(request, found, _draw_form(found))


@require_POST
@role_required(*BUREAU)
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan_or_404(pk)
    form = _draw_form(found, request.POST)
    if form.is_valid():
        try:
            sample = actions.draw_sample(found, actor=Actor.of(request.user), **form.cleaned_data)
        except CatalogError as exc:
            form.add_error(None, str(exc))
        else:
            if sample.market_cases.exists():
                messages.warning(request, _("该产品属于强制性产品认证目录，但企业当日未持有有效证书或自我声明，"
                                            "已生成案件线索"))
            messages.success(request, _("样品已登记"))
            return redirect("catalog:plan", pk=found.pk)
    return _plan_page(request, found, form, status=400)


@require_POST
@role_required(*BUREAU)
def close_plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = _plan_or_404(pk)
    try:
        actions.close_sampling_plan(found, actor=Actor.of(request.user))
    except CatalogError as exc:
        messages.error(request, str(exc))
        return _plan_page(request, found, _draw_form(found), status=400)
    messages.success(request, _("抽查计划已结束"))
    return redirect("catalog:plan", pk=found.pk)


@require_GET
@role_required(*BUREAU)
def samples(request: HttpRequest) -> HttpResponse:
    rows = SamplingRecord.objects.select_related("enterprise", "lab", "category").order_by(
        "-sampled_on", "-id")
    filters = {"status": SampleStatus.values, "result": SamplingResult.values,
               "follow_up_state": [s for s in FollowUpState.values if s]}
    chosen = {}
    for name, allowed in filters.items():
        value = request.GET.get(name, "")
        if value in allowed:
            rows = rows.filter(**{name: value})
            chosen[name] = value
    year = request.GET.get("year", "")
    if year.isascii() and year.isdigit() and len(year) == 4:
        rows = rows.filter(sampled_on__year=int(year))
        chosen["year"] = year
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/samples.html", {
        "page": page, "chosen": chosen, "statuses": SampleStatus.choices,
        "results": SamplingResult.choices,
        "states": [c for c in FollowUpState.choices if c[0]]})


def _sample_page(request: HttpRequest, sample: SamplingRecord, *,
                 result_form: ResultForm | None = None, follow_form: FollowUpForm | None = None,
                 status: int = 200) -> HttpResponse:
    allowed = [k for k, states in FOLLOW_UP_FROM.items() if sample.follow_up_state in states]
    today = timezone.localdate()
    return render(request, "catalog/sample.html", {
        "sample": sample, "follow_ups": sample.follow_ups.select_related("recorded_by"),
        "cases": sample.market_cases.all(),
        "result_form": result_form or ResultForm(initial={
            "tested_on": today, "standard": queries.default_standard(sample)}),
        "follow_form": follow_form or FollowUpForm(initial={"occurred_on": today,
                                                            "kind": allowed[0] if allowed else ""}),
        "follow_allowed": allowed}, status=status)


@require_GET
@role_required(*BUREAU)
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    return _sample_page(request, staff_sample_or_404(pk))


@require_POST
@role_required(*BUREAU)
def sample_result(request: HttpRequest, pk: int) -> HttpResponse:
    found = staff_sample_or_404(pk)
    form = ResultForm(request.POST)
    if enter_result(request, found, form):
        messages.success(request, _("检验结论已录入"))
        return redirect("catalog:sample", pk=found.pk)
    return _sample_page(request, found, result_form=form, status=400)


@require_POST
@role_required(*BUREAU)
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    found = staff_sample_or_404(pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            actions.record_follow_up(found, actor=Actor.of(request.user), **form.cleaned_data)
        except CatalogError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("后处理已记录"))
            return redirect("catalog:sample", pk=found.pk)
    return _sample_page(request, found, follow_form=form, status=400)
