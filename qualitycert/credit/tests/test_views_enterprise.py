"""An enterprise applies for repair of its own listing, never another's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualitycert.credit.models import RepairRequest

pytestmark = pytest.mark.django_db


def test_apply_for_repair(client_for, enterprise_user, supervisor, archive):
    client = client_for(enterprise_user)
    page = reverse("credit:apply_repair", args=[archive["entry"].pk])
    assert client.get(page).status_code == 200
    assert client.post(page, {"corrective_actions": "", "evidence": ""}).status_code == 400
    done = client.post(page, {"corrective_actions": "已停用标志", "evidence": "整改报告 R-1"})
    assert done.status_code == 302 and RepairRequest.objects.count() == 1
    assert client.post(page, {"corrective_actions": "x", "evidence": "y"}).status_code == 400
    other = reverse("credit:apply_repair", args=[archive["other_entry"].pk])
    assert client.get(other).status_code == 404
    assert client_for(supervisor).get(page).status_code == 403
    assert client.put(page).status_code == 405
