"""C2SP signed notes and checkpoints, checked against the example of Go's
golang.org/x/mod/sumdb/note package (the reference reader of the format)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from qualitycert.lib import note

# From the documentation of golang.org/x/mod/sumdb/note.
GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_PRIVATE_SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
GO_TEXT = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
GO_NOTE = GO_TEXT + ("\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUg"
                     "YN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")


def test_reads_and_writes_what_go_writes():
    key = note.parse_verifier_key(GO_VERIFIER_KEY)
    assert key.key_id.hex() == "c74f20a3"
    assert note.verifier_key(key.name, key.raw) == GO_VERIFIER_KEY
    text, verified = note.open_note(GO_NOTE, [key])
    assert text == GO_TEXT and verified == [key]
    private = Ed25519PrivateKey.from_private_bytes(GO_PRIVATE_SEED)
    assert note.sign(GO_TEXT, "PeterNeumann", private) == GO_NOTE


def _key(name="qualitycert.test/log"):
    private = Ed25519PrivateKey.generate()
    return private, note.NoteKey(name, private.public_key())


def test_checkpoint_round_trip():
    private, key = _key()
    checkpoint = note.Checkpoint(key.name, 12345, bytes(range(32)), ("time 2026-01-05T02:00:00Z",))
    signed = note.sign(checkpoint.text(), key.name, private)
    assert signed.startswith("qualitycert.test/log\n12345\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
                             "time 2026-01-05T02:00:00Z\n\n\u2014 qualitycert.test/log ")
    assert note.open_checkpoint(signed, [key]) == checkpoint


def test_rejections():
    private, key = _key()
    _, stranger = _key()
    signed = note.sign(note.Checkpoint(key.name, 3, b"\x01" * 32).text(), key.name, private)
    with pytest.raises(note.NoteError, match="trusted"):
        note.open_checkpoint(signed, [stranger])
    tampered = signed.replace("\n3\n", "\n4\n")
    with pytest.raises(note.NoteError, match="does not verify"):
        note.open_checkpoint(tampered, [key])
    # A key trusted for another origin does not vouch for this log.
    other_private, other = _key("another.example/log")
    foreign = note.sign(note.Checkpoint(key.name, 3, b"\x01" * 32).text(), other.name,
                        other_private)
    with pytest.raises(note.NoteError, match="origin"):
        note.open_checkpoint(foreign, [other])
    for bad in ("", "no signatures\n", "text\n\nnot a signature\n", "text\n\n\u2014 a b\n"):
        with pytest.raises(note.NoteError):
            note.split(bad)
    for text in ("log\n012\n" + "A" * 43 + "=\n", "log\n12\nnot base64\n", "log\n12\n"):
        with pytest.raises(note.NoteError):
            note.parse_checkpoint(text)
    with pytest.raises(note.NoteError):
        note.sign("a\x07b\n", key.name, private)
    with pytest.raises(note.NoteError):
        note.key_id("has space", key.raw)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, codec="utf-8"),
               max_size=200).map(lambda s: s + "\n"))
def test_any_text_round_trips(text):
    private, key = _key()
    assert note.open_note(note.sign(text, key.name, private), [key])[0] == text
