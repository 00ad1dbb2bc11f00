"""The public log API: checkpoints and RFC 9162 proofs, checked with an
independent implementation (qualitycert.testing.rfc9162) and with the
stand-alone verifier shipped in docs/."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from qualitycert.audit.chain import append
from qualitycert.audit.models import LeafKind, LogLeaf
from qualitycert.lib import note
from qualitycert.lib.signing import load_jwks
from qualitycert.testing import rfc9162 as ref
from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.transparency.checkpoints import sign_checkpoint

pytestmark = pytest.mark.django_db

BASE = "/api/v1/log"
DOCS_VERIFIER = Path(__file__).resolve().parents[3] / "docs" / "verify_log.py"


def standalone():
    spec = importlib.util.spec_from_file_location("verify_log", DOCS_VERIFIER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def b64(text):
    return base64.b64decode(text)


@pytest.fixture
def grown(db, supervisor, cert_a):
    """Two checkpoints with entries between them."""
    for n in range(9):
        append(action="test.write", object_type="test", object_id=str(n), actor=as_actor(supervisor))
    first = sign_checkpoint()
    for n in range(23):
        append(action="test.more", object_type="test", object_id=str(n), actor=as_actor(supervisor))
    return first, sign_checkpoint()


def test_no_checkpoint_yet(client):
    assert client.get(f"{BASE}/checkpoints").json()["checkpoints"] == []
    response = client.get(f"{BASE}/checkpoints/latest")
    assert response.status_code == 404 and "尚未签署检查点" in response.json()["detail"]
    assert client.get(f"{BASE}/proof/inclusion", {"leaf": 0}).status_code == 400


def test_latest_checkpoint_is_a_signed_note_under_a_published_key(client, grown):
    _, second = grown
    response = client.get(f"{BASE}/checkpoints/latest")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert text == second.note
    listing = client.get(f"{BASE}/checkpoints").json()
    assert [c["tree_size"] for c in listing["checkpoints"]] == [second.tree_size,
                                                                grown[0].tree_size]
    [vkey] = listing["verifier_keys"]
    checkpoint = note.open_checkpoint(text, [note.parse_verifier_key(vkey)])
    assert (checkpoint.origin, checkpoint.size) == (listing["origin"], second.tree_size)
    assert checkpoint.extensions[0].startswith("time ")
    # The same key, under its own kid, in the bureau's JWKS.
    jwks = load_jwks(client.get("/.well-known/qualitycert-keys.json").json())
    assert listing["checkpoints"][0]["kid"] in jwks
    named = [note.NoteKey(listing["origin"], key) for key in jwks.values()]
    assert note.open_checkpoint(text, named) == checkpoint
    # …and the stand-alone verifier agrees.
    assert standalone().open_checkpoint(text, vkey)["size"] == second.tree_size


def test_every_inclusion_proof_verifies_independently(client, grown):
    _, checkpoint = grown
    root = bytes.fromhex(checkpoint.root_hash)
    tool = standalone()
    opened = {"size": checkpoint.tree_size, "root": root}
    for leaf in range(checkpoint.tree_size):
        answer = client.get(f"{BASE}/proof/inclusion",
                            {"leaf": leaf, "size": checkpoint.tree_size}).json()
        stored = LogLeaf.objects.get(index=leaf)
        assert answer["leaf_kind"] == stored.kind
        if stored.kind == LeafKind.CERTIFICATE:
            data = answer["leaf_data"].encode()
            assert b64(answer["leaf_hash"]) == hashlib.sha256(b"\x00" + data).digest()
        else:
            # An audit entry's contents are internal: only its hash is published.
            assert answer["leaf_data"] is None
            assert b64(answer["leaf_hash"]) == hashlib.sha256(
                b"\x00" + stored.data.encode()).digest()
        assert b64(answer["root_hash"]) == root
        path = [b64(h) for h in answer["inclusion_path"]]
        assert ref.inclusion_ok(b64(answer["leaf_hash"]), leaf, checkpoint.tree_size, path, root)
        checked = tool.check_inclusion(answer, opened)
        assert checked is None if stored.kind == LeafKind.AUDIT else checked["v"] == 1
    # Without size, the proof is against the latest checkpoint.
    latest = client.get(f"{BASE}/proof/inclusion", {"leaf": 3}).json()
    assert latest["tree_size"] == checkpoint.tree_size


def test_consistency_between_checkpoints_verifies_independently(client, grown):
    first, second = grown
    answer = client.get(f"{BASE}/proof/consistency",
                        {"from": first.tree_size, "to": second.tree_size}).json()
    assert (answer["from"], answer["to"]) == (first.tree_size, second.tree_size)
    path = [b64(h) for h in answer["consistency_path"]]
    assert ref.consistency_ok(first.tree_size, second.tree_size, first.root, second.root, path)
    standalone().check_consistency(answer, {"size": first.tree_size, "root": first.root},
                                   {"size": second.tree_size, "root": second.root})
    for old in range(1, second.tree_size + 1):
        answer = client.get(f"{BASE}/proof/consistency",
                            {"from": old, "to": second.tree_size}).json()
        assert ref.consistency_ok(old, second.tree_size, b64(answer["from_root"]),
                                  second.root, [b64(h) for h in answer["consistency_path"]])


def test_a_tampered_proof_is_refused_by_the_standalone_verifier(client, grown):
    first, second = grown
    tool = standalone()
    answer = client.get(f"{BASE}/proof/consistency",
                        {"from": first.tree_size, "to": second.tree_size}).json()
    answer["consistency_path"][0] = base64.b64encode(b"\x00" * 32).decode()
    with pytest.raises(tool.Failed, match="NOT consistent"):
        tool.check_consistency(answer, {"size": first.tree_size, "root": first.root},
                               {"size": second.tree_size, "root": second.root})
    inclusion = client.get(f"{BASE}/proof/inclusion", {"leaf": _certificate_leaf()}).json()
    inclusion["leaf_data"] = inclusion["leaf_data"].replace("2", "3")
    with pytest.raises(tool.Failed, match="does not hash"):
        tool.check_inclusion(inclusion, {"size": second.tree_size, "root": second.root})


@pytest.mark.parametrize("path, query", [
    ("proof/inclusion", {"leaf": 10_000}),
    ("proof/inclusion", {"leaf": 0, "size": 10_000}),
    ("proof/consistency", {"from": 30, "to": 5}),
    ("proof/consistency", {"from": 1, "to": 10_000}),
])
def test_impossible_requests_are_400(client, grown, path, query):
    response = client.get(f"{BASE}/{path}", query)
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.parametrize("query", [{}, {"leaf": "x"}, {"leaf": -1}])
def test_malformed_requests_are_4xx(client, grown, query):
    assert client.get(f"{BASE}/proof/inclusion", query).status_code in (400, 422)


def test_wrong_method(client, grown):
    assert client.post(f"{BASE}/checkpoints").status_code == 405
    assert client.post(f"{BASE}/proof/inclusion?leaf=0").status_code == 405


def test_openapi_lists_the_log(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("checkpoints", "checkpoints/latest", "proof/inclusion", "proof/consistency"):
        assert f"{BASE}/{path}" in paths


def _certificate_leaf() -> int:
    return LogLeaf.objects.filter(kind=LeafKind.CERTIFICATE).values_list(
        "index", flat=True).earliest("index")


def test_an_audit_leaf_publishes_its_hash_not_its_contents(client, grown, supervisor):
    append(action="user.roles", object_type="accounts.user", object_id="7",
           before={"role": "enterprise"}, after={"role": "supervisor"},
           reason="内部调岗", actor=as_actor(supervisor))
    sign_checkpoint()
    index = LogLeaf.objects.filter(kind=LeafKind.AUDIT).latest("index").index
    answer = client.get(f"{BASE}/proof/inclusion", {"leaf": index})
    assert answer.status_code == 200
    body = answer.json()
    assert body["leaf_kind"] == "audit" and body["leaf_data"] is None
    assert "内部调岗" not in answer.content.decode() and "supervisor" not in body.values()


def test_leaf_data_is_canonical_json(client, grown):
    answer = client.get(f"{BASE}/proof/inclusion", {"leaf": _certificate_leaf()}).json()
    document = json.loads(answer["leaf_data"])
    assert answer["leaf_data"] == json.dumps(document, sort_keys=True, ensure_ascii=False,
                                             separators=(",", ":"))


def test_a_certificate_answer_points_to_its_provable_leaf(client, supervisor, cert_a):
    from qualitycert.registry import actions

    actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    checkpoint = sign_checkpoint()
    answer = client.get(f"/api/v1/certificates/{cert_a.number}").json()
    index = answer["log_leaf_index"]
    proof = client.get(f"{BASE}/proof/inclusion", {"leaf": index}).json()
    leaf = json.loads(proof["leaf_data"])
    assert (leaf["number"], leaf["event"], leaf["status"]) == (cert_a.number, "suspend",
                                                               "suspended")
    assert ref.inclusion_ok(b64(proof["leaf_hash"]), index, checkpoint.tree_size,
                            [b64(h) for h in proof["inclusion_path"]], checkpoint.root)
    standalone().compare_certificate(leaf, answer)
