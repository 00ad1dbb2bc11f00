"""Entering a sample's result, shared by the lab's page and the bureau's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from qualitycert.accounts.actor import Actor

from .. import actions
from ..forms import ResultForm
from ..models import CatalogError, SamplingRecord


def enter_result(request: HttpRequest, sample: SamplingRecord, form: ResultForm) -> bool:
    """True when the result was recorded; else the form carries the reason."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        actions.enter_sample_result(sample, result=data["result"],
                                    failed_items=data["failed_items"], standard=data["standard"],
                                    report_number=data["report_number"],
                                    tested_on=data["tested_on"], actor=Actor.of(request.user))
    except (CatalogError, PermissionDenied) as exc:
        form.add_error(None, str(exc))
        return False
    return True
