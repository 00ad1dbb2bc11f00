"""The public list shows active entries only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qualitycert.credit import actions
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


def test_public_list(client, supervisor, enterprise_user, archive):
    page = client.get(reverse("credit:dishonesty_public"))
    assert page.status_code == 200
    assert archive["enterprise"].uscc in page.content.decode()
    repair = actions.apply_for_repair(archive["entry"], corrective_actions="a", evidence="b",
                                      actor=as_actor(enterprise_user))
    actions.decide_repair(repair, approve=True, reason="整改到位", actor=as_actor(supervisor))
    after = client.get(reverse("credit:dishonesty_public")).content.decode()
    assert archive["enterprise"].uscc not in after and archive["other"].uscc in after
    assert client.post(reverse("credit:dishonesty_public")).status_code == 405
