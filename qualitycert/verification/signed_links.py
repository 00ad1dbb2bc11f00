"""Verification links signed ahead of time, and the link a lookup answers with.

A certificate's link (`/v/<token>`) carries a JWS over its compact claims:
number, body, recorded status and expiry (qr.claims_for); `SignedLink.issued_on`
records the day it was signed. Signing with
Ed25519 cost the public lookup more than its database query, yet the claims
of a certificate change only when it is renewed or its holder renamed. So
`sign_links()` (`qualitycert sign-links`, run after imports and nightly) signs
each link once and keeps the signature in `SignedLink`, and `link_for()`
serves it for as long as it still covers the certificate's claims as they
are now. When it does not (no row yet, a renewal or a status change since),
`link_for()` signs afresh with today's date, which is what every lookup did
before; a stored signature is never served for claims it does not cover.

The status in a link is the one recorded when it was signed; the landing page
always adds the live status, so a link says nothing about whether the
certificate is valid today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from qualitycert.lib import signing
from qualitycert.registry.models import Certificate

from . import keyring, qr, queries
from .lookup_cache import forget_answers
from .models import SignedLink
from .queries import PublicCertificate


@dataclass(frozen=True)
class Link:
    token: str
    kid: str
    issued_on: dt.date


def _stored(cert: PublicCertificate) -> Link | None:
    """The stored link, if there is one and it covers the claims as they are now."""
    if not (cert.link_kid and cert.link_issued_on and cert.link_signature):
        return None
    head = signing.signing_input(qr.claims_for(cert, on=cert.link_issued_on), cert.link_kid)
    if signing.input_digest(head) != cert.link_digest:
        return None
    return Link(f"{head}.{cert.link_signature}", cert.link_kid, cert.link_issued_on)


def link_for(cert: PublicCertificate, today: dt.date) -> Link:
    """The stored link when it covers the certificate's current claims, else a
    fresh signature dated today."""
    stored = _stored(cert)
    if stored is not None:
        return stored
    signer = keyring.current_signer()
    return Link(signer.sign(qr.claims_for(cert, on=today)), signer.kid, today)


@dataclass(frozen=True)
class SigningRun:
    checked: int
    signed: int


def sign_links(*, on: dt.date | None = None, chunk: int = 2000,
               progress: Callable[[int, int], None] | None = None) -> SigningRun:
    """Sign the link of every certificate that has none, whose stored link no
    longer covers its claims, or whose link was signed by a key that is no
    longer current (after `rotate-signing-key`). Links that are current are
    left alone, so a second run signs nothing. Each chunk is written in its
    own transaction (bulk_create's): a run stopped half-way keeps what it did."""
    on = on or queries.today()
    signer = keyring.current_signer()
    checked = signed = 0
    last_pk = 0
    while True:
        rows = list(Certificate.objects.filter(pk__gt=last_pk).order_by("pk")
                    .values_list(*queries.PUBLIC_FIELDS)[:chunk])
        if not rows:
            break
        last_pk = rows[-1][0]
        fresh = []
        for cert in map(PublicCertificate.from_row, rows):
            stored = _stored(cert)
            if stored is not None and stored.kid == signer.kid:
                continue
            head = signing.signing_input(qr.claims_for(cert, on=on), signer.kid)
            fresh.append(SignedLink(
                certificate_id=cert.pk, kid=signer.kid, issued_on=on,
                digest=signing.input_digest(head),
                signature=signing.signature_over(head, signer.private_key)))
        if fresh:
            SignedLink.objects.bulk_create(
                fresh, update_conflicts=True, unique_fields=["certificate"],
                update_fields=["kid", "issued_on", "digest", "signature"])
            # bulk_create sends no model signals: the lookup's cached answers
            # carry the links, so they go out of date here.
            forget_answers()
        checked += len(rows)
        signed += len(fresh)
        if progress is not None:
            progress(checked, signed)
    return SigningRun(checked, signed)
