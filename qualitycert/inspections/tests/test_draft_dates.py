"""Issue 11: a draft saved with a 整改期限 reopens with the date in the box
(ISO, which <input type=date> needs) and saves again without retyping it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from qualitycert.inspections.models import InspectionResult

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2027, 1, 15)


def _date_box(html: str, name: str) -> str:
    found = re.search(rf'<input type="date" name="{name}" value="([^"]*)"', html)
    assert found, f"no date box {name}"
    return found.group(1)


def test_a_draft_with_a_deadline_round_trips(client_for, inspector, selection) -> None:
    url = reverse("inspections:my_assignment", args=[selection.pk])
    client = client_for(inspector)
    saved = client.post(url, {"category": "corrected", "findings": "标志使用不规范",
                              "rectification_deadline": DEADLINE.isoformat()})
    assert saved.status_code == 302
    reopened = client.get(url).content.decode()
    assert _date_box(reopened, "rectification_deadline") == "2027-01-15"
    # Saving again with what the page holds (a browser sends the box as it is).
    again = client.post(url, {"category": "corrected", "findings": "标志使用不规范，已整改",
                              "rectification_deadline": _date_box(reopened,
                                                                  "rectification_deadline")})
    assert again.status_code == 302
    result = InspectionResult.objects.get(selection=selection)
    assert result.rectification_deadline == DEADLINE and "已整改" in result.findings


def _date_forms() -> list[tuple[type[forms.Form], str]]:
    from qualitycert.catalog import forms as catalog_forms
    from qualitycert.inspections import forms as inspection_forms
    from qualitycert.plan import forms as plan_forms

    found = []
    for module in (inspection_forms, plan_forms, catalog_forms):
        for form_class in vars(module).values():
            if isinstance(form_class, type) and issubclass(form_class, forms.Form):
                for name, field in form_class.base_fields.items():
                    if isinstance(field.widget, forms.DateInput):
                        found.append((form_class, name))
    return found


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_box_renders_iso(language) -> None:
    boxes = _date_forms()
    assert len(boxes) >= 4
    with translation.override(language):
        for form_class, name in boxes:
            html = form_class.base_fields[name].widget.render(name, DEADLINE)
            assert 'value="2027-01-15"' in html, (form_class.__name__, name, html)


def test_a_plain_date_input_renders_iso_in_chinese() -> None:
    """The project's formats put ISO first, so a DateInput without an explicit
    format (a future form, the admin) renders ISO too."""
    with translation.override("zh-hans"):
        assert 'value="2027-01-15"' in forms.DateInput().render("d", DEADLINE)
        assert forms.DateField().clean("2027/01/15") == DEADLINE
