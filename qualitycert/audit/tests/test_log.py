"""The transparency log's storage: leaves appended with every audit entry and
in bulk, the subtree hashes kept with them, tree heads and proofs read back."""

import hashlib
import json

import pytest

from qualitycert.audit import log
from qualitycert.audit.chain import append, leaf_data
from qualitycert.audit.models import AppendOnlyError, AuditEntry, AuditHead, LeafKind, LogLeaf
from qualitycert.testing import rfc9162 as ref
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


def _leaf_hashes():
    return [bytes(h) for h in LogLeaf.objects.order_by("index").values_list("leaf_hash",
                                                                            flat=True)]


def test_every_audit_entry_is_a_leaf(supervisor):
    entries = [append(action="test.write", object_type="test", object_id=str(n), actor=as_actor(supervisor),
                      reason=f"理由{n}", after={"n": n, "名称": "甲"}) for n in range(5)]
    leaves = list(LogLeaf.objects.order_by("index"))
    assert [(leaf.kind, leaf.ref) for leaf in leaves] == [("audit", e.seq) for e in entries]
    for entry, leaf in zip(entries, leaves, strict=True):
        stored = AuditEntry.objects.get(seq=entry.seq)
        # The canonical bytes are rebuilt from the row as stored, and hash to the leaf.
        assert leaf.data == leaf_data(stored)
        assert bytes(leaf.leaf_hash) == hashlib.sha256(b"\x00" + leaf.data.encode()).digest()
        document = json.loads(leaf.data)
        assert document["v"] == 1 and document["type"] == "audit"
        assert document["entry_hash"] == stored.entry_hash and document["seq"] == stored.seq
        assert "名称" in leaf.data  # UTF-8 text, not \\u escapes
    assert AuditHead.objects.get(pk=1).tree_size == 5
    assert log.root(5) == ref.mth(_leaf_hashes())


def test_bulk_append_keeps_every_subtree_and_proves(db):
    first = log.append_leaves((LeafKind.CERTIFICATE.value, n, f'{{"n":{n}}}') for n in range(3))
    second = log.append_leaves((LeafKind.CERTIFICATE.value, n, f'{{"n":{n}}}')
                               for n in range(3, 12_345))
    assert (first, second) == (range(0, 3), range(3, 12_345))
    hashes = _leaf_hashes()
    assert len(hashes) == log.tree_size() == 12_345
    for size in (1, 2, 3, 1000, 4096, 12_345):
        assert log.root(size) == ref.mth(hashes[:size])
    root = log.root(12_345)
    for index in (0, 7, 4095, 12_344):
        proof = log.inclusion_proof(index, 12_345)
        assert ref.inclusion_ok(hashes[index], index, 12_345, proof, root)
    for old in (1, 3, 1024, 9999):
        proof = log.consistency_proof(old, 12_345)
        assert ref.consistency_ok(old, 12_345, log.root(old), root, proof)


def test_a_proof_reads_few_rows(db, django_assert_max_num_queries):
    log.append_leaves((LeafKind.AUDIT.value, n, str(n)) for n in range(5000))
    with django_assert_max_num_queries(1):
        log.inclusion_proof(1234, 5000)
    with django_assert_max_num_queries(1):
        log.consistency_proof(777, 5000)
    with django_assert_max_num_queries(1):
        proof, root, leaf = log.inclusion_with_root(1234, 5000)
    assert root == log.root(5000) and proof == log.inclusion_proof(1234, 5000)
    assert leaf == bytes(LogLeaf.objects.get(index=1234).leaf_hash)
    with django_assert_max_num_queries(1):
        proof, old, new = log.consistency_with_roots(777, 5000)
    assert (proof, old, new) == (log.consistency_proof(777, 5000), log.root(777), log.root(5000))


def test_leaves_are_append_only(supervisor):
    append(action="test.write", object_type="test", object_id="1", actor=as_actor(supervisor))
    leaf = LogLeaf.objects.get()
    with pytest.raises(AppendOnlyError):
        leaf.save()
    with pytest.raises(AppendOnlyError):
        leaf.delete()
    with pytest.raises(AppendOnlyError):
        LogLeaf.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LogLeaf.objects.update(data="x")


def test_latest_leaf_of_a_row(db):
    log.append_leaves([("certificate", 7, "a"), ("certificate", 8, "b"), ("certificate", 7, "c")])
    assert log.latest_leaf_index(LeafKind.CERTIFICATE, 7) == 2
    assert log.latest_leaf_index(LeafKind.CERTIFICATE, 9) is None


def test_chunked_bulk_append_equals_one_by_one(db):
    """The import appends its leaves a chunk at a time (each chunk re-reads the
    tree's right edge); rows, subtree hashes and root must be exactly those of
    appending the same leaves one by one."""
    from django.db import transaction

    leaves = [(LeafKind.CERTIFICATE.value, n, f'{{"n":{n}}}') for n in range(1, 3000)]

    def stored():
        return (list(LogLeaf.objects.order_by("index").values_list(
            "index", "kind", "ref", "data", "leaf_hash", "subtrees")), log.root(len(leaves)))

    with transaction.atomic():
        for leaf in leaves:
            log.append_leaves([leaf])
        one_by_one = stored()
        transaction.set_rollback(True)
    assert not LogLeaf.objects.exists()
    for start in range(0, len(leaves), 1000):
        log.append_leaves(leaves[start:start + 1000])
    assert stored() == one_by_one
    assert one_by_one[1] == ref.mth(_leaf_hashes())
