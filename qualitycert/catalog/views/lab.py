"""A lab's samples: the ones assigned to it, waiting ones first, and the
result form. Another lab's sample is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qualitycert.accounts.decorators import role_required
from qualitycert.accounts.roles import LAB_STAFF

from .. import queries
from ..access import lab_id_of, lab_sample_or_404
from ..forms import ResultForm
from ..models import SampleStatus
from .results import enter_result

PAGE = 50


@require_http_methods(["GET"])
@role_required(*LAB_STAFF)
def samples(request: HttpRequest) -> HttpResponse:
    lab_id = lab_id_of(request.user)
    if lab_id is None:
        raise PermissionDenied
    rows = queries.samples_for_lab(lab_id)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    return render(request, "catalog/lab_samples.html", {
        "page": page, "waiting": rows.filter(status=SampleStatus.DRAWN).count()})


@require_http_methods(["GET", "POST"])
@role_required(*LAB_STAFF)
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    found = lab_sample_or_404(request.user, pk)
    form = ResultForm(request.POST or None, initial={
        "tested_on": timezone.localdate(), "standard": queries.default_standard(found)})
    if request.method == "POST":
        if enter_result(request, found, form):
            messages.success(request, _("检验结论已录入"))
            return redirect("catalog:lab_sample", pk=found.pk)
        return render(request, "catalog/lab_sample.html", {"sample": found, "form": form},
                      status=400)
    return render(request, "catalog/lab_sample.html", {"sample": found, "form": form})
