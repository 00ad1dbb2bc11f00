"""The back office shows the credit tables read-only, to the bureau only."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["fact", "gradingmodel", "gradingrun", "creditgrade",
                                  "dishonestyentry", "repairrequest", "sharingconsent",
                                  "financingaccess"])
def test_bureau_reads_cb_does_not(client_for, supervisor, cb_alice, archive, name):
    url = reverse(f"admin:credit_{name}_changelist")
    assert client_for(supervisor).get(url).status_code == 200
    assert client_for(cb_alice).get(url).status_code == 403
    assert client_for(supervisor).get(reverse(f"admin:credit_{name}_add")).status_code == 403
