#!/usr/bin/env python3
"""Check the qualitycert transparency log from outside, without its code.

Needs Python 3.9+ and the `cryptography` package, nothing else. See
docs/transparency-log.md for what is checked and why.

    # Once: keep a checkpoint, and the log's verifier key (pin it).
    curl -s https://HOST/api/v1/log/checkpoints/latest > old.txt
    curl -s https://HOST/api/v1/log/checkpoints | python3 -c \\
        'import json,sys; print(json.load(sys.stdin)["verifier_keys"][0])' > log.vkey

    # Later: is today's log an extension of what I kept?
    python3 verify_log.py consistency --server https://HOST --key log.vkey --old old.txt

    # Is this certificate's current state in the log I hold a checkpoint of?
    python3 verify_log.py certificate --server https://HOST --key log.vkey \\
        --checkpoint old.txt --number 00125Q10001R0M

    # Any leaf:
    python3 verify_log.py inclusion --server https://HOST --key log.vkey \\
        --checkpoint old.txt --leaf 17

Exit status 0 when everything verifies, 1 when something does not (the
message says what), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import urllib.parse
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Failed(Exception):
    pass


# -- RFC 9162 ------------------------------------------------------------------

def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf: bytes, index: int, size: int, path: list, root: bytes) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       path: list) -> bool:
    """RFC 9162 section 2.1.4.2 (equal sizes: equal roots, empty proof)."""
    if not 0 < first <= second:
        return False
    if first == second:
        return first_root == second_root and not path
    if not path:
        return False
    path = list(path)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not (fn & 1 or fn == 0):
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


# -- C2SP signed notes and checkpoints -----------------------------------------

def parse_verifier_key(text: str):
    """`name+keyid+base64(0x01 || 32-byte Ed25519 key)` -> (name, key id, key)."""
    name, key_id_hex, blob = text.strip().split("+", 2)
    raw = base64.b64decode(blob)
    if len(raw) != 33 or raw[0] != 1:
        raise Failed("the verifier key is not an Ed25519 note key")
    key_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if key_id.hex() != key_id_hex:
        raise Failed("the verifier key's id does not match its name and key")
    return name, key_id, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note: str, vkey: str) -> dict:
    """Verify a checkpoint's signature; return its origin, size, root, extensions."""
    name, key_id, public_key = parse_verifier_key(vkey)
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise Failed("not a signed note")
    text, signatures = note[:cut + 1], note[cut + 2:-1].split("\n")
    verified = False
    for line in signatures:
        if not line.startswith("\u2014 "):
            raise Failed("malformed signature line")
        signer, blob = line[2:].split(" ")
        raw = base64.b64decode(blob)
        if signer != name or raw[:4] != key_id:
            continue  # someone else's signature (a witness, an old key): ignore
        try:
            public_key.verify(raw[4:], text.encode("utf-8"))
        except InvalidSignature:
            raise Failed("the checkpoint's signature does not verify") from None
        verified = True
    if not verified:
        raise Failed("the checkpoint carries no signature by the trusted key")
    origin, size, root, *extensions = text[:-1].split("\n")
    if origin != name:
        raise Failed(f"the checkpoint is for {origin!r}, the key for {name!r}")
    return {"origin": origin, "size": int(size), "root": base64.b64decode(root),
            "extensions": extensions}


# -- the server ----------------------------------------------------------------

def get(server: str, path: str, **query) -> bytes:
    url = server.rstrip("/") + path + ("?" + urllib.parse.urlencode(query) if query else "")
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return response.read()


def check_inclusion(answer: dict, checkpoint: dict) -> dict | None:
    """Check an inclusion proof answer against a checkpoint; return the leaf
    (None for an audit leaf, whose data the bureau does not publish: the
    proof then shows only that the hash is in the tree)."""
    leaf = base64.b64decode(answer["leaf_hash"])
    data = answer.get("leaf_data")
    if data is not None and leaf_hash(data.encode("utf-8")) != leaf:
        raise Failed("the leaf's data does not hash to the leaf hash served")
    if answer["tree_size"] != checkpoint["size"]:
        raise Failed("the proof is for another tree size than the checkpoint's")
    path = [base64.b64decode(h) for h in answer["inclusion_path"]]
    if not verify_inclusion(leaf, answer["leaf_index"], checkpoint["size"], path,
                            checkpoint["root"]):
        raise Failed(f"leaf {answer['leaf_index']} is NOT in the tree the checkpoint signed")
    return None if data is None else json.loads(data)


def check_consistency(answer: dict, old: dict, new: dict) -> None:
    path = [base64.b64decode(h) for h in answer["consistency_path"]]
    if not verify_consistency(old["size"], new["size"], old["root"], new["root"], path):
        raise Failed(f"the log at {new['size']} leaves is NOT consistent with the checkpoint "
                     f"at {old['size']}: history was rewritten")


def compare_certificate(leaf: dict, cert: dict) -> None:
    """The public answer must show what the log's latest leaf says. (The
    answer's status may read `expired` where the leaf says `valid`: the
    public status is worked out on the day, and the expiry date decides.)"""
    pairs = [("number", cert.get("number")), ("issued_on", cert.get("issued_on")),
             ("expires_on", cert.get("expires_on")),
             ("holder_uscc", (cert.get("holder") or {}).get("uscc")),
             ("holder_name", (cert.get("holder") or {}).get("name")),
             ("body", (cert.get("body") or {}).get("approval_number"))]
    for field, shown in pairs:
        if leaf.get(field) != shown:
            raise Failed(f"the log says {field} {leaf.get(field)!r}, the server {shown!r}")
    if cert.get("status") != leaf.get("status") and not (
            leaf.get("status") == "valid" and cert.get("status") == "expired"):
        raise Failed(f"the log says status {leaf.get('status')!r}, the server "
                     f"{cert.get('status')!r}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("consistency", "inclusion", "certificate"):
        p = sub.add_parser(name)
        p.add_argument("--server", required=True)
        p.add_argument("--key", required=True, help="verifier key, or a file holding it")
    sub.choices["consistency"].add_argument("--old", required=True, help="checkpoint you kept")
    for name in ("inclusion", "certificate"):
        sub.choices[name].add_argument("--checkpoint", required=True)
    sub.choices["inclusion"].add_argument("--leaf", type=int, required=True)
    sub.choices["certificate"].add_argument("--number", required=True)
    sub.choices["certificate"].add_argument("--body", help="CNCA-R-… if the number is ambiguous")
    args = parser.parse_args(argv)
    try:
        vkey = open(args.key, encoding="utf-8").read() if "+" not in args.key else args.key
    except OSError as exc:
        parser.error(str(exc))
    try:
        if args.command == "consistency":
            old = open_checkpoint(open(args.old, encoding="utf-8").read(), vkey)
            new = open_checkpoint(get(args.server, "/api/v1/log/checkpoints/latest").decode(),
                                  vkey)
            if new["size"] < old["size"]:
                raise Failed("the server's log is shorter than your checkpoint: it was cut")
            answer = json.loads(get(args.server, "/api/v1/log/proof/consistency",
                                    **{"from": old["size"], "to": new["size"]}))
            check_consistency(answer, old, new)
            print(f"OK: the log at {new['size']} leaves extends your checkpoint at "
                  f"{old['size']}")
            return 0
        checkpoint = open_checkpoint(open(args.checkpoint, encoding="utf-8").read(), vkey)
        if args.command == "certificate":
            query = {"body": args.body} if args.body else {}
            cert = json.loads(get(args.server, "/api/v1/certificates/"
                                  + urllib.parse.quote(args.number), **query))
            index = cert.get("log_leaf_index")
            if index is None or index >= checkpoint["size"]:
                raise Failed("the certificate's latest state is not in this checkpoint yet")
        else:
            index = args.leaf
        answer = json.loads(get(args.server, "/api/v1/log/proof/inclusion", leaf=index,
                                size=checkpoint["size"]))
        leaf = check_inclusion(answer, checkpoint)
        if args.command == "certificate":
            if leaf is None:
                raise Failed("the certificate points to a leaf whose data is not served")
            compare_certificate(leaf, cert)
        print(f"OK: leaf {index} is in the log at {checkpoint['size']} leaves")
        if leaf is None:
            print("(an audit entry: the bureau publishes its hash, not its contents)")
        else:
            print(json.dumps(leaf, ensure_ascii=False, indent=2))
        return 0
    except Failed as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
