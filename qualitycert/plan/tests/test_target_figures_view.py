"""GET/POST /plan/targets/<code>/figures/: figures the registry cannot know."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qualitycert.plan.models import ManualFigure
from qualitycert.plan.targets import compute_targets

from .conftest import is_login_redirect

URL = "/plan/targets/geographical_indications/figures/"


@pytest.fixture(autouse=True)
def _gi_by_hand(gi_by_hand):
    """The GI target is counted from records now; entered by hand for these tests."""


def test_bureau_enters_a_figure_and_the_target_uses_it(plan, client_for, supervisor):
    client = client_for(supervisor)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"value": "6", "as_of": timezone.localdate().isoformat(),
                                 "source": "区知识产权局通报"})
    assert response.status_code == 302
    figure = ManualFigure.objects.get()
    assert (figure.value, figure.entered_by) == (6, supervisor)
    value = {v.code: v for v in compute_targets(timezone.localdate(), plan)}
    assert value["geographical_indications"].met is True


def test_bad_input_is_a_400(plan, client_for, supervisor):
    client = client_for(supervisor)
    assert client.post(URL, {"value": "-1", "as_of": "2026-01-01", "source": "x"}).status_code == 400
    assert client.post(URL, {"value": "1", "as_of": "2999-01-01", "source": "x"}).status_code == 400
    assert client.post(URL, {"value": "1", "as_of": "2026-01-01", "source": ""}).status_code == 400
    assert not ManualFigure.objects.exists()


def test_computed_targets_have_no_figure_page(plan, client_for, supervisor):
    assert client_for(supervisor).get(
        "/plan/targets/management_system_enterprises/figures/").status_code == 404


def test_wrong_method_role_and_anonymous(plan, client_for, supervisor, dept_user):
    assert client_for(supervisor).put(URL).status_code == 405
    assert client_for(dept_user).get(URL).status_code == 403
    assert client_for(dept_user).post(URL, {"value": "9", "as_of": "2026-01-01",
                                            "source": "x"}).status_code == 403
    assert is_login_redirect(client_for(None).get(URL))
