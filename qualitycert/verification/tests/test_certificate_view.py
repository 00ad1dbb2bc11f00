import datetime as dt

import pytest

from qualitycert.registry import actions
from qualitycert.testing.actors import as_actor
from qualitycert.testing.factories import make_enterprise

pytestmark = pytest.mark.django_db


def _url(cert, body=None):
    return f"/c/{body or cert.body.approval_number}/{cert.number}/"


def test_page_states_everything(client, cert_a, supervisor):
    cert_a.sites = ["天津市滨海新区测试路1号", "天津市滨海新区测试路2号"]
    cert_a.save()
    actions.record_surveillance(cert_a, audited_on=dt.date(2025, 12, 1), actor=as_actor(supervisor),
                                reason="第一次监督审核")
    page = client.get(_url(cert_a)).content.decode()
    for expected in [cert_a.number, "天津滨海测试制造有限公司", cert_a.holder.uscc,
                     "甲认证有限公司（测试）", "CNCA-R-2002-001", "质量管理体系认证",
                     "GB/T 19001-2016", "测试范围", "测试路1号", "测试路2号", "2025-01-10",
                     "2028-01-09", "2025-12-01", "颁证", "监督审核",
                     "有效（证书在有效期内，状态正常）", 'class="badge valid"',
                     f"/c/{cert_a.body.approval_number}/{cert_a.number}/qr.svg"]:
        assert expected in page, expected


@pytest.mark.parametrize("state, words", [
    ("suspended", "暂停"), ("withdrawn", "撤销"), ("cancelled", "注销"), ("expired", "过期")])
def test_each_state_in_words_and_colour(client, cert_a, in_state, state, words):
    in_state(cert_a, state)
    page = client.get(_url(cert_a)).content.decode()
    assert f'class="status-banner {state}"' in page
    assert f'class="badge {state}"' in page
    assert words in page
    assert "证书在有效期内" not in page


def test_past_its_end_date_is_expired_before_the_nightly_job(client, issue, body_a, holder):
    old = issue(body_a, holder, "OLD-2020", issued_on=dt.date(2020, 1, 1))
    assert old.status == "valid"
    page = client.get(_url(old)).content.decode()
    assert 'class="badge expired"' in page and "夜间更新" in page


def test_history_shows_the_withdrawal(client, cert_a, in_state):
    in_state(cert_a, "withdrawn")
    page = client.get(_url(cert_a)).content.decode()
    assert "撤销" in page and "Withdrawn" not in page and "严重不符合" in page


def test_unknown_number_is_404_with_explanation(client, body_a):
    response = client.get("/c/CNCA-R-2002-001/NOPE-1/")
    assert response.status_code == 404
    assert "尚未报送" in response.content.decode()


def test_another_bodys_path_is_404(client, cert_a, body_b):
    response = client.get(_url(cert_a, body=body_b.approval_number))
    assert response.status_code == 404
    assert cert_a.holder.name not in response.content.decode()


def test_full_width_path_finds_it(client, cert_a):
    assert client.get("/c/cnca-r-2002-001/００１２５Ｑ１０００１Ｒ０Ｍ/").status_code == 200


def test_number_with_slash(client, issue, body_a, holder):
    cert = issue(body_a, holder, "CQC/2025/0001")
    assert client.get(_url(cert)).status_code == 200


def test_what_holders_and_bodies_typed_is_escaped(client, issue, body_a):
    evil = make_enterprise("<script>alert(1)</script>公司")
    cert = issue(body_a, evil, "XSS-2")
    cert.scope = "<img src=x onerror=alert(2)>"
    cert.sites = ["<b>site</b>"]
    cert.save()
    page = client.get(_url(cert)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page and "<b>site</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_logged_in_users_see_the_same_public_page(client_for, cb_bob, cert_a):
    # Public data: another body's operator sees exactly what the public sees.
    assert client_for(cb_bob).get(_url(cert_a)).status_code == 200


def test_post_is_not_allowed(client, cert_a):
    assert client.post(_url(cert_a)).status_code == 405


def test_rate_limited(client, cert_a, settings):
    settings.QC_RATE_ANON_PER_MINUTE = 2
    assert [client.get(_url(cert_a)).status_code for _ in range(3)] == [200, 200, 429]


def test_scheme_named_in_the_pages_language_only(client, cert_a):
    scheme = cert_a.scheme
    scheme.name_en = "Quality management system"
    scheme.save()
    chinese = client.get(_url(cert_a)).content.decode()
    assert "质量管理体系认证" in chinese
    assert "Quality management system" not in chinese
    english = client.get(_url(cert_a), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Quality management system" in english
    assert "质量管理体系认证" not in english
