import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from qualitycert.audit.chain import append, first_break
from qualitycert.audit.models import AppendOnlyError, AuditEntry
from qualitycert.testing.actors import as_actor


@pytest.fixture
def three_entries(db, supervisor):
    for n in range(3):
        append(action="test.write", object_type="test", object_id=str(n), actor=as_actor(supervisor),
               reason=f"理由{n}", before={"n": n}, after={"n": n + 1})
    return list(AuditEntry.objects.order_by("seq"))


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact_chain_verifies(three_entries):
    assert first_break() is None
    call_command("audit_verify")


def test_application_cannot_update_or_delete(three_entries):
    entry = three_entries[0]
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_direct_edit_is_detected_and_named(three_entries):
    _sql("UPDATE audit_auditentry SET reason = %s WHERE seq = 2", ["篡改"])
    broken = first_break()
    assert broken is not None and broken.seq == 2
    with pytest.raises(CommandError, match="#2"):
        call_command("audit_verify")


def test_direct_edit_of_json_is_detected(three_entries):
    _sql("UPDATE audit_auditentry SET after = %s WHERE seq = 1", ['{"n": 99}'])
    assert first_break().seq == 1


def test_deleting_a_middle_entry_is_detected(three_entries):
    _sql("DELETE FROM audit_auditentry WHERE seq = 2")
    assert first_break().seq == 3


def test_deleting_the_last_entry_is_detected(three_entries):
    _sql("DELETE FROM audit_auditentry WHERE seq = 3")
    broken = first_break()
    assert broken is not None and "head" in str(broken)


def test_reordering_is_detected(three_entries):
    # Swap two whole entries between their rows, as someone reordering history would.
    a, b = three_entries[0], three_entries[1]
    columns = ["seq", "object_id", "reason", "prev_hash", "entry_hash"]
    _sql("UPDATE audit_auditentry SET seq = -1, entry_hash = 'tmp-a' WHERE id = %s", [a.id])
    _sql("UPDATE audit_auditentry SET seq = -2, entry_hash = 'tmp-b' WHERE id = %s", [b.id])
    for target, source in ((a, b), (b, a)):
        _sql("UPDATE audit_auditentry SET " + ", ".join(f"{c} = %s" for c in columns)
             + " WHERE id = %s", [getattr(source, c) for c in columns] + [target.id])
    broken = first_break()
    assert broken is not None and broken.seq == 2
