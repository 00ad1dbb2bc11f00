"""A registry older than the log enters it once, and then verifies."""

from __future__ import annotations

import pytest
from django.db import connection

from qualitycert.audit.models import AuditEntry, LogLeaf
from qualitycert.transparency.backfill import backfill
from qualitycert.transparency.verify import verify

pytestmark = pytest.mark.django_db


def test_backfill_logs_what_exists_once(cert_a, cert_b):
    with connection.cursor() as cursor:  # as it was before the log existed
        cursor.execute("DELETE FROM audit_logleaf")
        cursor.execute("UPDATE audit_audithead SET tree_size = 0")
    assert not verify().intact
    added = backfill(AuditEntry)
    assert added == AuditEntry.objects.count() + 2
    kinds = list(LogLeaf.objects.order_by("index").values_list("kind", flat=True))
    assert kinds == ["audit"] * AuditEntry.objects.count() + ["certificate"] * 2
    assert verify().intact
    assert backfill(AuditEntry) == 0
