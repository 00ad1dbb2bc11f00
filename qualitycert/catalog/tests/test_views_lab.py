"""A lab enters the results of the samples assigned to it, and only those."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitycert.catalog import actions
from qualitycert.catalog.models import SamplingRecord
from qualitycert.testing.actors import as_actor


@pytest.fixture
def sample(lab, other_lab, supervisor, holder):
    plan = actions.create_sampling_plan(name="2025年减速机监督抽查", year=2025, product_class="减速机",
                                        planned_count=5, labs=[lab, other_lab], actor=as_actor(supervisor))
    return actions.draw_sample(plan, enterprise=holder, product="齿轮减速机",
                               sampled_on=dt.date(2025, 4, 1), lab=lab, actor=as_actor(supervisor))


def result(**overrides):  # type: ignore[no-untyped-def]
    data = {"result": "fail", "failed_items": "噪声\n温升", "standard": "JB/T 8853-2015",
            "report_number": "BG-2025-001", "tested_on": "2025-04-10"}
    data.update(overrides)
    return data


def test_the_lab_lists_and_enters_its_sample(client_for, lab_user, sample):
    client = client_for(lab_user)
    listing = client.get("/catalog/lab/samples/").content.decode()
    assert f'data-sample="{sample.pk}"' in listing and "待录入检验结论的样品：1" in listing
    url = f"/catalog/lab/samples/{sample.pk}/"
    assert 'id="result-form"' in client.get(url).content.decode()
    response = client.post(url, result())
    assert response.status_code == 302
    tested = SamplingRecord.objects.get(pk=sample.pk)
    assert (tested.result, tested.failed_items, tested.entered_by) == ("fail", ["噪声", "温升"],
                                                                       lab_user)
    page = client.get(url).content.decode()
    assert 'id="result-form"' not in page and "不合格" in page


def test_a_bad_result_is_a_400(client_for, lab_user, sample):
    response = client_for(lab_user).post(f"/catalog/lab/samples/{sample.pk}/",
                                         result(failed_items=""))
    assert response.status_code == 400 and "不合格项目" in response.content.decode()
    assert SamplingRecord.objects.get(pk=sample.pk).status == "drawn"


def test_another_lab_gets_404(client_for, other_lab_user, sample):
    client = client_for(other_lab_user)
    assert client.get(f"/catalog/lab/samples/{sample.pk}/").status_code == 404
    assert client.post(f"/catalog/lab/samples/{sample.pk}/", result()).status_code == 404
    assert f'data-sample="{sample.pk}"' not in client.get("/catalog/lab/samples/").content.decode()
    assert SamplingRecord.objects.get(pk=sample.pk).status == "drawn"


@pytest.mark.parametrize("persona", ["supervisor", "enterprise_user", "cb_alice"])
def test_other_roles_are_refused(client_for, request, sample, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/catalog/lab/samples/").status_code == 403
    assert client.post(f"/catalog/lab/samples/{sample.pk}/", result()).status_code == 403


def test_wrong_method(client_for, lab_user, sample):
    assert client_for(lab_user).post("/catalog/lab/samples/").status_code == 405
