"""Certificate tokens, the links they sit in, and the QR codes that carry them.

A token states what the certificate said when it was signed; the landing page
(/v/<token>) always adds what the registry says now, so a withdrawn
certificate shows as withdrawn however good its signature.

Tokens are compact (issue 11): number, body, recorded status and valid-until,
the key id in the header, so that the link with its host stays within
MAX_URL_LENGTH and its QR code within version MAX_QR_VERSION at level M, which
a phone reads off a small printout. Long tokens signed before then still verify.
"""

from __future__ import annotations

import datetime as dt
import io
import urllib.parse

import segno
from django.conf import settings

from qualitycert.lib import signing

from . import keyring
from .queries import PublicCertificate

LANDING_PATH = "/v/"
MAX_URL_LENGTH = 300
MAX_QR_VERSION = 12


def claims_for(cert: PublicCertificate, *, on: dt.date | None = None) -> dict[str, str]:
    """The compact claims. `on` (the signing day) is kept for callers, but a
    compact token carries no date but valid-until: the same certificate signs
    to the same token whatever the day."""
    return signing.compact_certificate_claims(
        number=cert.number, body=cert.body_approval_number, status=cert.status,
        expires_on=cert.expires_on)


def token_for(cert: PublicCertificate, *, on: dt.date | None = None) -> str:
    return keyring.current_signer().sign(claims_for(cert, on=on))


def verification_url(token: str) -> str:
    return f"{settings.PUBLIC_BASE_URL}{LANDING_PATH}{token}"


def token_from_text(text: str) -> str:
    """Accept what a scanner hands over: the bare token or the whole link."""
    text = (text or "").strip()
    if "://" in text or text.startswith(LANDING_PATH):
        path = urllib.parse.urlsplit(text).path
        if LANDING_PATH in path:
            text = path.split(LANDING_PATH, 1)[1]
        text = urllib.parse.unquote(text).rstrip("/")
    return text


def make_qr(url: str) -> segno.QRCode:
    # Level M survives a scuffed printout; a compact link keeps the code at a
    # version (<= 12, 65 modules) a phone camera reads at arm's length.
    # boost_error raises the level only where the version stays the same.
    return segno.make_qr(url, error="m")


def qr_svg(url: str, *, scale: int = 4, border: int = 4) -> bytes:
    # A quiet zone of 4 modules, as ISO/IEC 18004 asks: scanners need it.
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="svg", scale=scale, border=border, xmldecl=False,
                      svgns=True, title="QR", unit="px", light="#fff")
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="png", scale=scale, border=4, light="#fff")
    return buffer.getvalue()
