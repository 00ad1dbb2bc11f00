"""The printable verification slip: the certificate's facts, its live status
on the day of printing, and the signed QR code, as a one-page A4 PDF."""

from __future__ import annotations

import base64

from django.http import HttpRequest
from django.template.loader import render_to_string

from qualitycert.registry.models import Certificate

from . import qr, queries, signed_links
from .wording import wording


def render_slip(cert: Certificate, request: HttpRequest | None = None) -> bytes:
    # WeasyPrint takes half a second to import; only the slip needs it.
    from weasyprint import HTML

    today = queries.today()
    facts = queries.PublicCertificate.from_model(cert)
    status = facts.live_status(today)
    url = qr.verification_url(signed_links.link_for(facts, today).token)
    qr_data_uri = "data:image/svg+xml;base64," + base64.b64encode(
        qr.qr_svg(url, scale=4)).decode("ascii")
    html = render_to_string("verification/slip.html", {
        "cert": cert, "status": status, "wording": wording(status), "today": today,
        "qr_data_uri": qr_data_uri, "verification_url": url,
        "sites": [str(s) for s in cert.sites or []],
    }, request=request)
    return HTML(string=html, base_url=None).write_pdf()
