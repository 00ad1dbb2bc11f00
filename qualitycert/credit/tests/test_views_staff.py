"""The bureau's pages: models, facts, the list and repairs; one role × object
check per view."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from qualitycert.credit import actions
from qualitycert.credit.models import DishonestyEntry, Fact, GradingModel, RepairStatus
from qualitycert.testing.actors import as_actor

from .builders import spec

pytestmark = pytest.mark.django_db


def test_dashboard(client_for, supervisor, enterprise_user, archive):
    client = client_for(supervisor)
    page = client.get(reverse("credit:dashboard"))
    assert page.status_code == 200 and 'id="distribution"' in page.content.decode()
    jump = client.get(reverse("credit:dashboard"), {"uscc": archive["enterprise"].uscc.lower()})
    assert jump.url == reverse("credit:archive", args=[archive["enterprise"].uscc])
    assert client_for(enterprise_user).get(reverse("credit:dashboard")).status_code == 403
    assert client.post(reverse("credit:dashboard")).status_code == 405


def test_model_draft_preview_publish_through_pages(client_for, supervisor, cb_alice):
    client = client_for(supervisor)
    assert client.get(reverse("credit:models")).status_code == 200
    bad = client.post(reverse("credit:models"), {"name": "坏", "spec": "{not json"})
    assert bad.status_code == 400
    created = client.post(reverse("credit:models"),
                          {"name": "v1", "spec": json.dumps(spec(), ensure_ascii=False)})
    model = GradingModel.objects.get()
    assert created.url == reverse("credit:model", args=[model.version])
    page = reverse("credit:model", args=[model.version])
    assert client.get(page).status_code == 200
    early = client.post(reverse("credit:model_publish", args=[model.version]), {"reason": "r"})
    assert early.status_code == 400  # no preview yet
    assert client.post(reverse("credit:model_preview", args=[model.version]),
                       {"as_of": "2099-01-01"}).status_code == 400
    client.post(reverse("credit:model_preview", args=[model.version]), {"as_of": "2026-06-30"})
    client.post(reverse("credit:model_publish", args=[model.version]), {"reason": "首版"})
    model.refresh_from_db()
    assert model.is_published
    export = client.get(reverse("credit:model_export", args=[model.version]))
    assert export.status_code == 200 and json.loads(export.content)["sha256"] == model.spec_digest
    assert client_for(cb_alice).get(page).status_code == 403
    assert client.get(reverse("credit:model", args=[99])).status_code == 404
    assert client.get(reverse("credit:model_preview", args=[model.version])).status_code == 405


def test_draft_is_not_exported(client_for, supervisor):
    model = actions.create_draft(name="草稿", spec=spec(), actor=as_actor(supervisor))
    response = client_for(supervisor).get(reverse("credit:model_export", args=[model.version]))
    assert response.status_code == 404


def test_enter_fact(client_for, supervisor, holder, enterprise_user):
    client = client_for(supervisor)
    data = {"enterprise": holder.uscc, "kind": "complaint", "occurred_on": "2026-02-01",
            "reference": "12315-2026-001", "summary": "产品说明书不符"}
    response = client.post(reverse("credit:fact_new"), data)
    assert response.status_code == 302 and Fact.objects.filter(kind="complaint").exists()
    assert client.post(reverse("credit:fact_new"),
                       {**data, "enterprise": "91120116MA00000000"}).status_code == 400
    assert client_for(enterprise_user).post(reverse("credit:fact_new"), data).status_code == 403


def test_list_dishonesty_page(client_for, supervisor, holder, cb_alice):
    client = client_for(supervisor)
    data = {"enterprise": holder.uscc, "criterion": "forged_certificate",
            "legal_basis": "《认证认可条例》", "decision_number": "津滨市监信〔2026〕9号",
            "authority": "滨海新区市场监管局", "starts_on": "2026-01-01", "ends_on": "2027-01-01",
            "measures": ["public_listing"]}
    assert client.post(reverse("credit:dishonesty_new"), data).status_code == 302
    again = client.post(reverse("credit:dishonesty_new"), data)
    assert again.status_code == 400 and DishonestyEntry.objects.count() == 1
    assert client.get(reverse("credit:dishonesty_staff")).status_code == 200
    assert client_for(cb_alice).get(reverse("credit:dishonesty_staff")).status_code == 403


def test_decide_repair_page(client_for, supervisor, enterprise_user, archive):
    repair = actions.apply_for_repair(archive["entry"], corrective_actions="已整改",
                                      evidence="整改报告", actor=as_actor(enterprise_user))
    client = client_for(supervisor)
    assert repair.enterprise.name in client.get(reverse("credit:repairs")).content.decode()
    page = reverse("credit:repair", args=[repair.pk])
    assert client.get(page).status_code == 200
    assert client.post(page, {"approve": "yes"}).status_code == 400  # no reason
    assert client.post(page, {"approve": "yes", "reason": "整改到位"}).status_code == 302
    repair.refresh_from_db()
    assert repair.status == RepairStatus.APPROVED
    assert client_for(enterprise_user).get(page).status_code == 403
    assert client.get(reverse("credit:repair", args=[repair.pk + 99])).status_code == 404
    archive["entry"].refresh_from_db()
    assert archive["entry"].repaired_on == dt.date.today()


def test_a_refusal_speaks_the_readers_language(client_for, supervisor):
    model = actions.create_draft(name="草稿", spec=spec(), actor=as_actor(supervisor))
    url = reverse("credit:model_publish", args=[model.version])
    client = client_for(supervisor)
    chinese = client.post(url, {"reason": "r"}).content.decode()
    assert "发布前须先试算" in chinese and "Preview the model" not in chinese
    english = client.post(url, {"reason": "r"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Preview the model before publishing it" in english and "发布前须先试算" not in english


def test_grades_list_filters_by_grade(client_for, supervisor, enterprise_user, archive):
    client = client_for(supervisor)
    url = reverse("credit:grades")
    page = client.get(url, {"grade": "D"}).content.decode()
    assert archive["enterprise"].uscc in page  # vetoed by its listing
    assert archive["enterprise"].uscc not in client.get(url, {"grade": "A"}).content.decode()
    assert client.get(url, {"grade": "Z", "page": "x"}).status_code == 200
    assert client_for(enterprise_user).get(url).status_code == 403
    assert client.post(url).status_code == 405
