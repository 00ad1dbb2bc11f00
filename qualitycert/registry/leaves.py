"""A certificate's state as a leaf of the transparency log.

Every change of a certificate's state appends one leaf in the same
transaction as the change: the lifecycle actions one each, an import or the
demo one per certificate it creates (`register`), a rename of a holder, body
or scheme one per certificate it touches. A leaf holds the certificate's
identifying keys and resulting state, and the event that led there, so the
state anyone sees in the registry can be replayed from the log and compared
(qualitycert.transparency.replay). docs/transparency-log.md spells the bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection

from qualitycert.audit import log
from qualitycert.audit.models import LeafKind

from .models import Certificate, CertificationBody, Enterprise, Scheme

LEAF_VERSION = 1
# A certificate entering the log with whatever state it has: a bulk import,
# the demo data, or the one-off backfill of a registry older than the log.
REGISTER = "register"
# Something the leaf names changed outside the certificate's own lifecycle.
HOLDER_CHANGED = "holder_changed"
BODY_CHANGED = "body_changed"
SCHEME_CHANGED = "scheme_changed"
RELATED_EVENTS = frozenset({HOLDER_CHANGED, BODY_CHANGED, SCHEME_CHANGED})

# The state a leaf records, in the order docs/transparency-log.md lists it.
STATE_FIELDS = ("number", "body", "holder_uscc", "holder_name", "scheme", "status",
                "issued_on", "expires_on", "last_surveillance_on", "details_sha256")
READ_CHUNK = 5000

State = dict[str, Any]


@functools.lru_cache(maxsize=4096)
def _details_digest(scope: str, sites: tuple[str, ...]) -> str:
    text = log.canonical_json({"scope": scope, "sites": list(sites)})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def details_sha256(scope: str, sites: Iterable[str] | str | None) -> str:
    """Scope and sites are long free text; the leaf carries their digest.
    (A body's certificates mostly share a few scope texts, hence the cache.)"""
    if isinstance(sites, str):  # the JSON column as SQLite returns it to raw SQL
        sites = json.loads(sites)
    return _details_digest(scope or "", tuple(sites or ()))


def _day(value: dt.date | str | None) -> str | None:
    # Raw SQL gives SQLite's dates as ISO text already.
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def make_state(number: str, body: str, holder_uscc: str, holder_name: str, scheme: str,
               status: str, issued_on: dt.date | str, expires_on: dt.date | str,
               last_surveillance_on: dt.date | str | None, scope: str,
               sites: Iterable[str] | str | None) -> State:
    return {"number": number, "body": body, "holder_uscc": holder_uscc,
            "holder_name": holder_name, "scheme": scheme, "status": str(status),
            "issued_on": _day(issued_on), "expires_on": _day(expires_on),
            "last_surveillance_on": _day(last_surveillance_on),
            "details_sha256": details_sha256(scope, sites)}


def state_of(cert: Certificate) -> State:
    """The state of a certificate instance (its body, holder and scheme loaded)."""
    return make_state(cert.number, cert.body.approval_number, cert.holder.uscc,
                      cert.holder.name, cert.scheme.code, cert.status, cert.issued_on,
                      cert.expires_on, cert.last_surveillance_on, cert.scope, cert.sites)


def leaf_data(state: State, *, event: str, on: dt.date | str, previous_status: str,
              signer: str) -> str:
    return log.canonical_json({
        "v": LEAF_VERSION, "type": LeafKind.CERTIFICATE.value, **state,
        "event": event, "event_on": on if isinstance(on, str) else on.isoformat(),
        "previous_status": previous_status, "signer": signer,
    })


def append_change(cert: Certificate, *, event: str, on: dt.date, previous_status: str,
                  signer: str) -> int:
    """One leaf for one certificate's change; call inside the change's transaction."""
    data = leaf_data(state_of(cert), event=event, on=on, previous_status=previous_status,
                     signer=signer)
    return log.append_leaves([(LeafKind.CERTIFICATE.value, cert.pk, data)]).start


# Columns a caller may narrow current_states() by (a certificate's relations).
NARROWING = frozenset({"holder_id", "body_id", "scheme_id"})


def current_states(*, after: int = 0, where: dict[str, int] | None = None
                   ) -> Iterator[tuple[int, State, tuple[str, str]]]:
    """(id, state, (status date, status signer)) of each certificate with an
    id above `after` (and the `where` relation ids), in id order. Raw SQL in
    keyset pages: at a million rows Django's per-row conversions would cost
    more than the rest of the leaf, and a page at a time keeps memory flat on
    every backend."""
    q = connection.ops.quote_name
    cert, ent, body, scheme = (q(m._meta.db_table) for m in (Certificate, Enterprise,
                                                              CertificationBody, Scheme))
    narrowing = dict(where or {})
    if not set(narrowing) <= NARROWING:
        raise ValueError(f"cannot narrow by {sorted(set(narrowing) - NARROWING)}")
    extra = "".join(f" AND c.{q(column)} = %s" for column in narrowing)
    sql = (f"SELECT c.id, c.number, b.approval_number, e.uscc, e.name, s.code, c.status, "  # noqa: S608 # nosec B608 # quoted table names, values bound
           f"c.issued_on, c.expires_on, c.last_surveillance_on, c.scope, c.sites, "
           f"c.status_changed_on, c.status_signer_name FROM {cert} c "
           f"JOIN {body} b ON b.id = c.body_id JOIN {ent} e ON e.id = c.holder_id "
           f"JOIN {scheme} s ON s.id = c.scheme_id WHERE c.id > %s{extra} "
           f"ORDER BY c.id LIMIT {READ_CHUNK}")
    last = after
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [last, *narrowing.values()])
            rows = cursor.fetchall()
        for (pk, number, body_no, uscc, name, code, status, issued, expires, surveillance,
             scope, sites, changed_on, signer) in rows:
            yield pk, make_state(number, body_no, uscc, name, code, status, issued, expires,
                                 surveillance, scope, sites), (_day(changed_on) or "", signer)
        if len(rows) < READ_CHUNK:
            return
        last = rows[-1][0]


def registered_leaf(number: str, body: str, holder_uscc: str, holder_name: str, scheme: str,
                    status: str, issued_on: str, expires_on: str,
                    last_surveillance_on: str | None, scope: str, sites: Iterable[str] | None,
                    *, on: str, signer: str) -> str:
    """The `register` leaf of a certificate a bulk writer has just inserted,
    from the values it inserted (dates as ISO text, status date and signer as
    written to the row): the same bytes append_registered reads back from the
    row (tests hold them equal), without reading a million rows back. The
    members are laid out in their canonical (sorted) order directly: at a
    million leaves, building two dicts per leaf and sorting them cost more
    than the encoding."""
    q = log.json_string
    surveillance = "null" if last_surveillance_on is None else q(last_surveillance_on)
    return (f'{{"body":{q(body)},"details_sha256":"{details_sha256(scope, sites)}",'
            f'"event":"{REGISTER}","event_on":{q(on)},"expires_on":{q(expires_on)},'
            f'"holder_name":{q(holder_name)},"holder_uscc":{q(holder_uscc)},'
            f'"issued_on":{q(issued_on)},"last_surveillance_on":{surveillance},'
            f'"number":{q(number)},"previous_status":"","scheme":{q(scheme)},'
            f'"signer":{q(signer)},"status":{q(status)},'
            f'"type":"{LeafKind.CERTIFICATE.value}","v":{LEAF_VERSION}}}')


def append_registered(*, after: int = 0) -> range:
    """A `register` leaf for each certificate with an id above `after`, in id
    order: what a bulk writer (import, demo) calls after inserting rows, in
    the same transaction."""
    return log.append_leaves(
        (LeafKind.CERTIFICATE.value, pk,
         leaf_data(state, event=REGISTER, on=changed_on, previous_status="", signer=signer))
        for pk, state, (changed_on, signer) in current_states(after=after))


def append_related_change(relation: str, related_id: int, *, event: str, on: dt.date,
                          signer: str) -> range:
    """A leaf for each certificate whose holder, body or scheme changed name or
    number (relation "holder_id" and so on): their state, as the public sees
    it, changed with it."""
    assert event in RELATED_EVENTS, event
    return log.append_leaves(
        (LeafKind.CERTIFICATE.value, pk,
         leaf_data(state, event=event, on=on, previous_status=state["status"], signer=signer))
        for pk, state, _ in current_states(where={relation: related_id}))


def latest_leaf_index(certificate_id: int) -> int | None:
    return log.latest_leaf_index(LeafKind.CERTIFICATE, certificate_id)
