"""The bureau's credit pages: the overview, grading models (draft, preview,
publish, export), facts entered by hand, the dishonesty list and repairs."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.reauth import reauth_required
from qualitycert.accounts.roles import BUREAU
from qualitycert.lib.normalize import normalize_identifier

from .. import actions, queries
from ..access import repair_or_404
from ..default_model import DEFAULT_SPEC
from ..forms import FactForm, ListingForm, PreviewForm, ReasonForm, RepairDecisionForm, SpecForm
from ..models import CreditError, CreditGrade, DishonestyEntry, Grade, GradingModel, GradingRun
from .explain import GROUP_LABELS, RULE_LABELS, indicator_label

RUNS_SHOWN = 10
PAGE = 50


@require_GET
@role_required(*BUREAU)
def dashboard(request: HttpRequest) -> HttpResponse:
    uscc = request.GET.get("uscc", "").strip()
    if uscc:
        return redirect("credit:archive", uscc=normalize_identifier(uscc))
    today = timezone.localdate()
    return render(request, "credit/dashboard.html", {
        "model": queries.current_model(), "run": queries.latest_run(),
        "runs": GradingRun.objects.select_related("model").order_by("-id")[:RUNS_SHOWN],
        "listed": queries.active_dishonesty(today).count(),
        "open_repairs": queries.open_repairs().count()})


def _model_or_404(version: int) -> GradingModel:
    found = GradingModel.objects.filter(version=version).first()
    if found is None:
        raise Http404("no such model")
    return found


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def model_list(request: HttpRequest) -> HttpResponse:
    current = queries.current_model()
    base = current.spec if current else DEFAULT_SPEC
    form = SpecForm(request.POST or None, initial={
        "name": _("质量信用评价模型"),
        "spec": json.dumps(base, ensure_ascii=False, indent=2)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                model = actions.create_draft(name=form.cleaned_data["name"],
                                             spec=form.cleaned_data["spec"],
                                             actor=Actor.of(request.user), based_on=current)
            except CreditError as exc:
                form.add_error("spec", str(exc))
            else:
                messages.success(request, _("已建立草稿 v%(v)s") % {"v": model.version})
                return redirect("credit:model", version=model.version)
        status = 400
    return render(request, "credit/models.html", {
        "models": GradingModel.objects.all(), "form": form}, status=status)


def _model_page(request: HttpRequest, model: GradingModel, *, status: int = 200,
                preview_form: PreviewForm | None = None,
                publish_form: ReasonForm | None = None) -> HttpResponse:
    indicators = [{**i, "label_shown": indicator_label(i),
                   "group_label": GROUP_LABELS.get(i["group"], i["group"]),
                   "rule_label": RULE_LABELS.get(i["rule"], i["rule"])}
                  for i in model.spec["indicators"]]
    return render(request, "credit/model.html", {
        "model": model, "indicators": indicators, "vetoes": model.spec.get("vetoes", []),
        "thresholds": model.spec["thresholds"],
        "preview_form": preview_form or PreviewForm(initial={"as_of": timezone.localdate()}),
        "publish_form": publish_form or ReasonForm()}, status=status)


@require_GET
@role_required(*BUREAU)
def model_detail(request: HttpRequest, version: int) -> HttpResponse:
    return _model_page(request, _model_or_404(version))


@require_POST
@role_required(*BUREAU)
def model_preview(request: HttpRequest, version: int) -> HttpResponse:
    model = _model_or_404(version)
    form = PreviewForm(request.POST)
    if form.is_valid():
        try:
            actions.preview_model(model, as_of=form.cleaned_data["as_of"],
                                  actor=Actor.of(request.user))
        except CreditError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("credit:model", version=model.version)
    return _model_page(request, model, status=400, preview_form=form)


@require_POST
@role_required(*BUREAU)
@reauth_required(back=lambda request, version: reverse("credit:model", args=[version]))
def model_publish(request: HttpRequest, version: int) -> HttpResponse:
    model = _model_or_404(version)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            actions.publish_model(model, reason=form.cleaned_data["reason"],
                                  actor=Actor.of(request.user))
        except CreditError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("评价模型 v%(v)s 已发布") % {"v": model.version})
            return redirect("credit:model", version=model.version)
    return _model_page(request, model, status=400, publish_form=form)


@require_GET
@role_required(*BUREAU)
def model_export(request: HttpRequest, version: int) -> HttpResponse:
    model = _model_or_404(version)
    if not model.is_published:
        raise Http404("a draft is not exported")
    body = json.dumps(actions.export_model(model), ensure_ascii=False, indent=2, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="credit-model-v{model.version}'
                                       '.json"')
    return response


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def fact_new(request: HttpRequest) -> HttpResponse:
    form = FactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.enter_fact(enterprise=data["enterprise"], kind=data["kind"],
                                   occurred_on=data["occurred_on"], ends_on=data["ends_on"],
                                   reference=data["reference"], summary=data["summary"],
                                   actor=Actor.of(request.user))
            except CreditError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已记入质量档案"))
                return redirect("credit:archive", uscc=data["enterprise"].uscc)
        status = 400
    return render(request, "credit/form_page.html", {
        "form": form, "title": _("录入档案事实")}, status=status)


@require_GET
@role_required(*BUREAU)
def grades(request: HttpRequest) -> HttpResponse:
    """The latest run's grades, worst first, filtered by grade: the list the
    bureau supervises by class from."""
    run = queries.latest_run()
    wanted = request.GET.get("grade", "")
    rows = CreditGrade.objects.none()
    if run is not None:
        rows = (CreditGrade.objects.filter(run=run).select_related("enterprise")
                .order_by("score", "enterprise_id"))
        if wanted in Grade.values:
            rows = rows.filter(grade=wanted)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "credit/grades.html", {
        "run": run, "page": page, "wanted": wanted, "grades": Grade.values})


@require_GET
@role_required(*BUREAU)
def dishonesty_list(request: HttpRequest) -> HttpResponse:
    entries = DishonestyEntry.objects.select_related("enterprise").order_by("-starts_on", "-id")
    return render(request, "credit/dishonesty_staff.html", {
        "entries": entries[:PAGE * 4], "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def dishonesty_new(request: HttpRequest) -> HttpResponse:
    form = ListingForm(request.POST or None, initial={"authority": _("滨海新区市场监督管理局")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.list_dishonesty(
                    enterprise=data["enterprise"], criterion=data["criterion"],
                    legal_basis=data["legal_basis"], decision_number=data["decision_number"],
                    authority=data["authority"], starts_on=data["starts_on"],
                    ends_on=data["ends_on"], measures=data["measures"], facts=data["facts"],
                    actor=Actor.of(request.user))
            except CreditError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已列入失信名单"))
                return redirect("credit:dishonesty_staff")
        status = 400
    return render(request, "credit/form_page.html", {
        "form": form, "title": _("列入失信名单")}, status=status)


@require_GET
@role_required(*BUREAU)
def repairs(request: HttpRequest) -> HttpResponse:
    return render(request, "credit/repairs.html", {"repairs": queries.open_repairs()})


@require_http_methods(["GET", "POST"])
@role_required(*BUREAU)
def repair_decide(request: HttpRequest, pk: int) -> HttpResponse:
    repair = repair_or_404(pk)
    form = RepairDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.decide_repair(repair, approve=form.cleaned_data["approve"],
                                      reason=form.cleaned_data["reason"],
                                      actor=Actor.of(request.user))
            except CreditError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已作出信用修复决定"))
                return redirect("credit:repairs")
        status = 400
    return render(request, "credit/repair.html", {"repair": repair, "form": form},
                  status=status)
