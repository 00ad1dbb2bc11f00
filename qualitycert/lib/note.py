"""C2SP signed notes with Ed25519, and tlog checkpoints in them.

A checkpoint (c2sp.org/tlog-checkpoint) is the note text

    <origin>\\n<tree size>\\n<base64 root hash>\\n[extension lines\\n]

signed as a note (c2sp.org/signed-note): the text, a blank line, then one line
per signature, `— <key name> <base64(key id ‖ signature)>`, where for Ed25519
the key id is the first four bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ the
32-byte public key). Go's golang.org/x/mod/sumdb/note and transparency-dev's
tooling read the same bytes; `verifier_key()` gives their key string.

Pure functions over `cryptography`; no Django.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "  # em dash, space
MAX_SIGNATURES = 16
MAX_NOTE_BYTES = 64 * 1024


class NoteError(ValueError):
    """The text is not a well-formed note or checkpoint, or no trusted
    signature verifies it; the message says which."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = field(default=())

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode("ascii"),
                 *self.extensions]
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class NoteKey:
    """A named Ed25519 public key as note verifiers know it."""

    name: str
    public_key: Ed25519PublicKey

    @property
    def raw(self) -> bytes:
        return self.public_key.public_bytes(serialization.Encoding.Raw,
                                            serialization.PublicFormat.Raw)

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.raw)


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError(f"key name {name!r} must be non-empty, without spaces or '+'")


def key_id(name: str, public_raw: bytes) -> bytes:
    _check_name(name)
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([ED25519]) + public_raw
                          ).digest()[:4]


def verifier_key(name: str, public_raw: bytes) -> str:
    """`<name>+<key id hex>+<base64(0x01 ‖ public key)>`: the verifier key
    string of Go's note package (what `note.NewVerifier` takes)."""
    return (f"{name}+{key_id(name, public_raw).hex()}+"
            f"{base64.b64encode(bytes([ED25519]) + public_raw).decode('ascii')}")


def parse_verifier_key(text: str) -> NoteKey:
    try:
        name, hex_id, encoded = text.strip().split("+", 2)
        blob = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise NoteError("not a verifier key (name+id+base64 key)") from exc
    if len(blob) != 33 or blob[0] != ED25519:
        raise NoteError("the verifier key is not an Ed25519 key")
    if key_id(name, blob[1:]).hex() != hex_id.lower():
        raise NoteError("the verifier key's id does not match its name and key")
    return NoteKey(name, Ed25519PublicKey.from_public_bytes(blob[1:]))


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("note text must end with a newline")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise NoteError("note text must not contain control characters")


def sign(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note: `text`, a blank line, one signature line."""
    _check_text(text)
    public_raw = private_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)
    signature = private_key.sign(text.encode("utf-8"))
    blob = base64.b64encode(key_id(name, public_raw) + signature).decode("ascii")
    return f"{text}\n{SIGNATURE_PREFIX}{name} {blob}\n"


def split(note: str) -> tuple[str, list[tuple[str, bytes, bytes]]]:
    """(text, [(key name, key id, signature)]) of a signed note."""
    if len(note.encode("utf-8")) > MAX_NOTE_BYTES:
        raise NoteError("the note is too large")
    if not note.endswith("\n"):
        raise NoteError("a signed note ends with a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("no blank line separates the text from its signatures")
    text, block = note[:cut + 1], note[cut + 2:]
    _check_text(text)
    signatures: list[tuple[str, bytes, bytes]] = []
    for line in block[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError("a signature line must start with an em dash and a space")
        try:
            name, encoded = line[len(SIGNATURE_PREFIX):].split(" ")
            blob = base64.b64decode(encoded, validate=True)
        except (ValueError, binascii.Error) as exc:
            raise NoteError("malformed signature line") from exc
        if len(blob) < 5:
            raise NoteError("a signature is shorter than its key id")
        signatures.append((name, blob[:4], blob[4:]))
    if not signatures or len(signatures) > MAX_SIGNATURES:
        raise NoteError("a note carries between 1 and 16 signatures")
    return text, signatures


def open_note(note: str, keys: Sequence[NoteKey]) -> tuple[str, list[NoteKey]]:
    """The note's text and the trusted keys whose signatures verified.
    Unknown signatures are ignored; a known key whose signature fails, or no
    known key at all, rejects the note (as the spec asks)."""
    text, signatures = split(note)
    known: Mapping[tuple[str, bytes], NoteKey] = {(k.name, k.key_id): k for k in keys}
    verified: list[NoteKey] = []
    for name, kid, signature in signatures:
        key = known.get((name, kid))
        if key is None:
            continue
        try:
            key.public_key.verify(signature, text.encode("utf-8"))
        except InvalidSignature as exc:
            raise NoteError(f"the signature of {name} does not verify") from exc
        verified.append(key)
    if not verified:
        raise NoteError("no signature by a trusted key")
    return text, verified


def parse_checkpoint(text: str) -> Checkpoint:
    """The fields of a checkpoint's (already verified) note text."""
    _check_text(text)
    lines = text[:-1].split("\n")
    if len(lines) < 3 or any(not line for line in lines):
        raise NoteError("a checkpoint has at least three non-empty lines")
    origin, size_text, root_text, *extensions = lines
    if not size_text.isascii() or not size_text.isdigit() or (size_text != "0"
                                                                and size_text[0] == "0"):
        raise NoteError("the tree size is not a decimal number without leading zeros")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise NoteError("the root hash is not base64") from exc
    if len(root) != 32:
        raise NoteError("the root hash is not 32 bytes")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))


def open_checkpoint(note: str, keys: Sequence[NoteKey]) -> Checkpoint:
    text, verified = open_note(note, keys)
    checkpoint = parse_checkpoint(text)
    if not any(key.name == checkpoint.origin for key in verified):
        # The key name should match the origin; a trusted key for another log
        # must not vouch for this one.
        raise NoteError(f"no verified signature is by a key named after the origin {checkpoint.origin!r}")
    return checkpoint
