import shutil
import subprocess

import pytest
import segno

from qualitycert.verification import keyring, qr, queries

pytestmark = pytest.mark.django_db


def _base(cert):
    return f"/c/{cert.body.approval_number}/{cert.number}"


def _expected_url(cert):
    facts = queries.PublicCertificate.from_model(cert)
    return qr.verification_url(qr.token_for(facts, on=queries.today()))


def test_svg(client, cert_a):
    response = client.get(f"{_base(cert_a)}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content
    assert body.lstrip().startswith(b"<svg")
    # The same link through segno gives the same drawing: the code carries the signed link.
    assert body == qr.qr_svg(_expected_url(cert_a))


def test_png(client, cert_a):
    response = client.get(f"{_base(cert_a)}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_qr_payload_is_the_signed_link(cert_a, settings):
    settings.PUBLIC_BASE_URL = "https://qc.example.gov.cn"
    url = _expected_url(cert_a)
    assert url.startswith("https://qc.example.gov.cn/v/")
    code = segno.make_qr(url, error="m")
    assert code.error in ("M", "Q", "H") and code.version <= qr.MAX_QR_VERSION
    token = qr.token_from_text(url)
    assert keyring.verify(token).number == cert_a.number


def test_unknown_certificate_is_404(client, body_a):
    assert client.get("/c/CNCA-R-2002-001/NOPE/qr.svg").status_code == 404


def test_another_bodys_path_is_404(client, cert_a, body_b):
    assert client.get(f"/c/{body_b.approval_number}/{cert_a.number}/qr.png").status_code == 404


def test_wrong_method(client, cert_a):
    assert client.post(f"{_base(cert_a)}/qr.svg").status_code == 405
    assert client.post(f"{_base(cert_a)}/slip.pdf").status_code == 405


def test_slip_pdf_with_chinese_text(client, cert_a, tmp_path):
    response = client.get(f"{_base(cert_a)}/slip.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    pdf = tmp_path / "slip.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert cert_a.number in text
    assert "天津滨海测试制造有限公司" in text and "证书在有效期内" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NotoSansCJK" in fonts.replace(" ", "") or "Noto" in fonts


def test_slip_unknown_is_404(client, body_a):
    assert client.get("/c/CNCA-R-2002-001/NOPE/slip.pdf").status_code == 404


def test_slips_have_their_own_tighter_limit(client, cert_a, settings):
    settings.QC_RATE_SLIPS_PER_MINUTE = 1
    assert client.get(f"{_base(cert_a)}/slip.pdf").status_code == 200
    response = client.get(f"{_base(cert_a)}/slip.pdf")
    assert response.status_code == 429 and response["Retry-After"] == "30"
    # Ordinary lookups are unaffected.
    assert client.get(f"{_base(cert_a)}/qr.svg").status_code == 200
