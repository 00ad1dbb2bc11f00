"""Issue 16's acceptance: every way of rewriting history directly in the
database that the bare hash chain missed or caught, plus direct edits of the
registry, is found by `log-verify` against a checkpoint signed before it, and
the finding names the entry or the certificate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from qualitycert.audit.chain import append, entry_digest, hashed_fields
from qualitycert.audit.models import GENESIS_HASH, AuditEntry, LogLeaf
from qualitycert.registry import actions
from qualitycert.registry.importers import run_import
from qualitycert.registry.models import Certificate
from qualitycert.registry.tests.import_files import cert_row, write_csv
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.testing.factories import make_enterprise
from qualitycert.transparency.checkpoints import sign_checkpoint

pytestmark = pytest.mark.django_db


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def history(tmp_path, supervisor, cert_a, body_a):
    """Entries, lifecycle steps and an import, then a checkpoint kept by an outsider."""
    for n in range(8):
        append(action="test.write", object_type="test", object_id=str(n), actor=as_actor(supervisor),
               reason=f"理由{n}", before={"n": n}, after={"n": n + 1})
    actions.suspend_certificate(cert_a, reason="未按期监督", actor=as_actor(supervisor),
                                on=dt.date(2025, 6, 1), decision=any_decision())
    rows = [cert_row(n) for n in range(5)]
    assert run_import("certificates", write_csv(tmp_path / "c.csv", rows), actor=as_actor(supervisor)).ok
    checkpoint = sign_checkpoint()
    path = tmp_path / "checkpoint.txt"
    path.write_text(checkpoint.note, encoding="utf-8")
    assert AuditEntry.objects.count() >= 12
    return path


def last_seq():
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first()


def refused(path) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("log_verify", checkpoint=str(path))
    return str(caught.value)


def names(path, where: str) -> None:
    message = refused(path)
    assert f"第一处问题是 {where}:" in message, message


def recompute_chain():
    """What the attacker the bare chain could not see does: re-hash every
    entry after an edit, and set the head to match."""
    prev = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("seq"):
        digest = entry_digest(hashed_fields(entry), prev)
        sql("UPDATE audit_auditentry SET prev_hash = %s, entry_hash = %s WHERE id = %s",
            [prev, digest, entry.id])
        prev = digest
    sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [last_seq(), prev])


def test_untouched_history_verifies(history, capsys):
    call_command("log_verify", checkpoint=str(history))
    assert "完整：" in capsys.readouterr().out
    call_command("audit_verify")


# -- the fourteen tamperings of the audit tables ----------------------------------

@pytest.mark.parametrize("column, value", [
    ("reason", "篡改"), ("after", '{"n": 99}'), ("actor_label", "别人"),
    ("at", "2020-01-01 00:00:00"), ("action", "test.other"), ("object_id", "999"),
])
def test_edited_entry(history, column, value):
    sql(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = 5", [value])
    names(history, "entry #5")


def test_edited_chain_link(history):
    sql("UPDATE audit_auditentry SET prev_hash = %s WHERE seq = 5", ["0" * 64])
    names(history, "entry #5")


def test_deleted_middle_entry(history):
    sql("DELETE FROM audit_auditentry WHERE seq = 5")
    names(history, "entry #5")


def test_deleted_first_entry(history):
    sql("DELETE FROM audit_auditentry WHERE seq = 1")
    names(history, "entry #1")


def test_reordered_entries(history):
    a, b = AuditEntry.objects.order_by("seq")[:2]
    columns = ["seq", "object_id", "reason", "prev_hash", "entry_hash"]
    sql("UPDATE audit_auditentry SET seq = -1, entry_hash = 'tmp-a' WHERE id = %s", [a.id])
    sql("UPDATE audit_auditentry SET seq = -2, entry_hash = 'tmp-b' WHERE id = %s", [b.id])
    for target, source in ((a, b), (b, a)):
        sql("UPDATE audit_auditentry SET " + ", ".join(f"{c} = %s" for c in columns)
            + " WHERE id = %s", [getattr(source, c) for c in columns] + [target.id])
    # Both rows now hold a mix of the two entries; the first is named.
    names(history, "entry #1")


def test_forged_entry_appended_with_a_valid_chain(history):
    head_seq = last_seq()
    last = AuditEntry.objects.get(seq=head_seq)
    forged = AuditEntry(seq=head_seq + 1, at=last.at, actor=None, actor_label="system",
                        action="certificate.restore", object_type="registry.certificate",
                        object_id="1", object_repr="伪造", reason="", before=None, after=None,
                        prev_hash=last.entry_hash)
    forged.entry_hash = entry_digest(hashed_fields(forged), last.entry_hash)
    forged.save(force_insert=True)
    sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s",
        [forged.seq, forged.entry_hash])
    names(history, f"entry #{head_seq + 1}")


# The four the bare chain reported as intact:

def test_last_entry_deleted_and_head_set_back(history):
    seq = last_seq()
    before = AuditEntry.objects.get(seq=seq - 1)
    sql("DELETE FROM audit_auditentry WHERE seq = %s", [seq])
    sql("UPDATE audit_audithead SET last_seq = %s, last_hash = %s", [seq - 1, before.entry_hash])
    names(history, f"entry #{seq}")


def test_head_row_deleted(history):
    sql("DELETE FROM audit_audithead")
    names(history, "log head")


def test_every_entry_and_the_head_deleted(history):
    sql("DELETE FROM audit_auditentry")
    sql("DELETE FROM audit_audithead")
    names(history, "entry #1")


def test_entry_edited_and_chain_recomputed(history):
    sql("UPDATE audit_auditentry SET reason = %s WHERE seq = 10", ["改写的理由"])
    recompute_chain()
    names(history, "entry #10")


# -- the registry itself --------------------------------------------------------

@pytest.mark.parametrize("column, value", [
    ("status", "valid"), ("expires_on", "2099-12-31"), ("issued_on", "2020-01-01"),
])
def test_certificate_edited_directly(history, cert_a, column, value):
    sql(f"UPDATE registry_certificate SET {column} = %s WHERE id = %s",
        [value, cert_a.pk])
    message = refused(history)
    assert f"第一处问题是 certificate {cert_a.number} (CNCA-R-2002-001):" in message
    assert column in message


def test_certificate_holder_changed_directly(history, cert_a):
    other = make_enterprise("冒名顶替有限公司")
    sql("UPDATE registry_certificate SET holder_id = %s WHERE id = %s", [other.pk, cert_a.pk])
    message = refused(history)
    assert f"第一处问题是 certificate {cert_a.number} (CNCA-R-2002-001):" in message
    assert "holder_uscc" in message and "holder_name" in message


def test_holder_renamed_directly(history, cert_a):
    sql("UPDATE registry_enterprise SET name = %s WHERE id = %s", ["改名企业", cert_a.holder_id])
    names(history, f"certificate {cert_a.number} (CNCA-R-2002-001)")


def test_imported_row_removed(history):
    cert = Certificate.objects.get(number="Q00000003")
    sql("DELETE FROM registry_certificateevent WHERE certificate_id = %s", [cert.pk])
    sql("DELETE FROM registry_certificate WHERE id = %s", [cert.pk])
    message = refused(history)
    assert "第一处问题是 certificate Q00000003 (CNCA-R-2002-001): is in the log" in message


def test_certificate_inserted_directly(history, cert_a):
    sql("INSERT INTO registry_certificate (number, body_id, holder_id, scheme_id, scope, sites, "
        "issued_on, expires_on, status, status_changed_on, status_reason, status_signer_name, "
        "updated_at) SELECT 'FORGED-1', body_id, holder_id, scheme_id, scope, sites, issued_on, "
        "expires_on, 'valid', issued_on, '', 'x', updated_at FROM registry_certificate "
        "WHERE id = %s", [cert_a.pk])
    names(history, "certificate FORGED-1 (CNCA-R-2002-001)")


# -- an attacker who also knows about the log -----------------------------------

def test_leaves_cut_back(history):
    size = LogLeaf.objects.count()
    sql("DELETE FROM audit_logleaf WHERE \"index\" >= %s", [size - 3])
    sql("UPDATE audit_audithead SET tree_size = %s", [size - 3])
    message = refused(history)
    assert "第一处问题是 checkpoint of" in message and "removed" in message


def test_leaf_rewritten_with_its_hashes(history):
    """Edit an entry, its leaf's data and leaf hash, and every stored subtree
    hash: the database is consistent with itself again, but not with the
    checkpoint the outsider kept."""
    from qualitycert.audit import log
    from qualitycert.audit.chain import leaf_data
    from qualitycert.lib import merkle

    sql("UPDATE audit_auditentry SET reason = %s WHERE seq = 3", ["重写"])
    recompute_chain()
    frontier = merkle.Frontier()
    for leaf in LogLeaf.objects.order_by("index"):
        data = leaf.data
        if leaf.kind == "audit":
            data = leaf_data(AuditEntry.objects.get(seq=leaf.ref))
        digest = merkle.leaf_hash(data.encode())
        subtrees = b"".join(frontier.append(digest))
        sql('UPDATE audit_logleaf SET data = %s, leaf_hash = %s, subtrees = %s '
            'WHERE "index" = %s', [data, digest, subtrees, leaf.index])
    assert log.root(LogLeaf.objects.count()) == frontier.root()
    message = refused(history)
    assert "第一处问题是 checkpoint of" in message and "rewritten" in message


def test_a_new_checkpoint_refuses_to_sign_over_a_rewrite(history):
    sql("DELETE FROM audit_logleaf WHERE \"index\" >= 2")
    sql("UPDATE audit_audithead SET tree_size = 2")
    with pytest.raises(CommandError, match="拒绝签署"):
        call_command("checkpoint")


def test_leaves_moved_to_another_row(history, cert_a):
    """The row a leaf names is outside the hash; moving it (here, far away)
    leaves the certificate without its leaves, and costs the verifier nothing."""
    sql("UPDATE audit_logleaf SET ref = %s WHERE kind = 'certificate' AND ref = %s",
        [10**12, cert_a.pk])
    names(history, f"certificate {cert_a.number} (CNCA-R-2002-001)")
