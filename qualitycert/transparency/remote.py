"""log-verify against a server, as an outsider: only the public API."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from qualitycert.lib import merkle, note, signing

TIMEOUT_SECONDS = 30


class RemoteError(RuntimeError):
    pass


@dataclass(frozen=True)
class RemoteResult:
    old: note.Checkpoint
    new: note.Checkpoint


def _get(url: str) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise RemoteError(f"not an http(s) URL: {url}")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 # nosec B310 # scheme checked
            return bytes(response.read())
    except OSError as exc:
        raise RemoteError(f"{url}: {exc}") from exc


def published_note_keys(server: str, origin: str) -> list[note.NoteKey]:
    """The server's Ed25519 keys, named as the log (the note key id picks the right one)."""
    document = json.loads(_get(f"{server}/.well-known/qualitycert-keys.json"))
    return [note.NoteKey(origin, key) for key in signing.load_jwks(document).values()]


def check_server(server: str, old_note: str, keys: list[note.NoteKey] | None) -> RemoteResult:
    server = server.rstrip("/")
    try:
        origin = note.parse_checkpoint(note.split(old_note)[0]).origin
    except note.NoteError as exc:
        raise RemoteError(f"the checkpoint file is not a checkpoint: {exc}") from exc
    trusted = keys if keys is not None else published_note_keys(server, origin)
    try:
        old = note.open_checkpoint(old_note, trusted)
        new = note.open_checkpoint(_get(f"{server}/api/v1/log/checkpoints/latest").decode(),
                                   trusted)
    except note.NoteError as exc:
        raise RemoteError(f"a checkpoint does not verify: {exc}") from exc
    if new.origin != old.origin:
        raise RemoteError(f"the server's log is {new.origin!r}, the checkpoint's {old.origin!r}")
    if new.size < old.size:
        raise RemoteError(f"the server's latest checkpoint has {new.size} leaves, fewer than "
                          f"your {old.size}: the log was cut")
    query = urllib.parse.urlencode({"from": old.size, "to": new.size})
    answer: Any = json.loads(_get(f"{server}/api/v1/log/proof/consistency?{query}"))
    proof = [base64.b64decode(h) for h in answer.get("consistency_path", [])]
    if not merkle.verify_consistency(old.size, new.size, old.root, new.root, proof):
        raise RemoteError(f"the log at {new.size} leaves is not consistent with your checkpoint "
                          f"at {old.size}: history was rewritten")
    return RemoteResult(old, new)

