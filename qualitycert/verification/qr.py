"""Certificate tokens, the links they sit in, and the QR codes that carry them.

A token states what the certificate said when it was signed; the landing page
(/v/<token>) always adds what the registry says now, so a withdrawn
certificate shows as withdrawn however good its signature.
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


def claims_for(cert: PublicCertificate, *, on: dt.date) -> dict[str, str]:
    return signing.certificate_claims(
        number=cert.number, body=cert.body_approval_number, uscc=cert.holder_uscc,
        holder=cert.holder_name, scheme=cert.scheme_code, issued_at=on,
        expires_on=cert.expires_on)


def token_for(cert: PublicCertificate, *, on: dt.date) -> str:
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


def _qr(url: str) -> segno.QRCode:
    # Level M survives a scuffed printout and keeps a ~400-character link to
    # a version a phone camera reads at arm's length.
    return segno.make_qr(url, error="m")


def qr_svg(url: str, *, scale: int = 4) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=2, xmldecl=False,
                  svgns=True, title="QR", unit="px")
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
