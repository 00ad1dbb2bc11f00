import pytest

from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db


def test_profile_lists_certificates_and_states(client, cert_a, cert_b, in_state, holder):
    in_state(cert_b, "suspended")
    page = client.get(f"/e/{holder.uscc}/").content.decode()
    assert holder.name in page and holder.uscc in page
    assert cert_a.number in page and cert_b.number in page
    assert 'class="badge valid"' in page and 'class="badge suspended"' in page
    # Valid first.
    assert page.index(cert_a.number) < page.index(cert_b.number)


def test_full_width_uscc_redirects_to_the_canonical_address(client, holder):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in holder.uscc)
    response = client.get(f"/e/{wide}/")
    assert response.status_code == 301
    assert response["Location"] == f"/e/{holder.uscc}/"


def test_unknown_uscc_is_404(client, db):
    response = client.get("/e/91120116MA05ABCD1X/")
    assert response.status_code == 404
    assert "未找到企业" in response.content.decode()


def test_no_certificates(client, db):
    lonely = make_enterprise("无证企业有限公司")
    assert "没有该企业的认证证书" in client.get(f"/e/{lonely.uscc}/").content.decode()


def test_name_is_escaped(client, db):
    evil = make_enterprise("<script>alert(1)</script>")
    page = client.get(f"/e/{evil.uscc}/").content.decode()
    assert "<script>alert(1)</script>" not in page


def test_post_is_not_allowed(client, holder):
    assert client.post(f"/e/{holder.uscc}/").status_code == 405
