"""/watch/ pages and the 关注 Watch buttons on certificate and enterprise pages."""

import pytest

from qualitycert.testing.actors import any_decision, as_actor
from qualitycert.watch import actions as watchlists
from qualitycert.watch.models import Watch, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _cert_page(cert):
    return f"/c/{cert.body.approval_number}/{cert.number}/"


def _add_cert(client, cert, **extra):
    return client.post("/watch/add/", {"target": "certificate", "body": cert.body.approval_number,
                                       "number": cert.number, **extra})


def test_pages_need_login(client, cert_a):
    for response in (client.get("/watch/"), _add_cert(client, cert_a),
                     client.post("/watch/1/remove/"), client.post("/watch/webhook/", {"url": ""}),
                     client.post("/watch/webhook/secret/")):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Watch.objects.exists()


def test_watch_button_only_for_signed_in_users(client, client_for, inspector, cert_a):
    assert "关注 Watch" not in client.get(_cert_page(cert_a)).content.decode()
    page = client_for(inspector).get(_cert_page(cert_a)).content.decode()
    assert 'action="/watch/add/"' in page and "☆ 关注" in page


def test_watch_a_certificate_from_its_page(client_for, inspector, cert_a):
    client = client_for(inspector)
    response = _add_cert(client, cert_a, next=_cert_page(cert_a))
    assert response.status_code == 302 and response["Location"] == _cert_page(cert_a)
    watch = Watch.objects.get(owner=inspector)
    assert watch.certificate == cert_a
    page = client.get(_cert_page(cert_a)).content.decode()
    assert f'action="/watch/{watch.pk}/remove/"' in page and "已关注" in page
    listing = client.get("/watch/")
    assert listing.status_code == 200 and cert_a.number in listing.content.decode()
    assert listing["Cache-Control"] == "no-store"


def test_watch_an_enterprise_from_its_profile(client, client_for, inspector, holder):
    assert "关注 Watch" not in client.get(f"/e/{holder.uscc}/").content.decode()
    user_client = client_for(inspector)
    assert 'name="uscc"' in user_client.get(f"/e/{holder.uscc}/").content.decode()
    response = user_client.post("/watch/add/", {"target": "enterprise", "uscc": holder.uscc.lower()})
    assert response.status_code == 302 and response["Location"] == "/watch/"
    assert Watch.objects.get(owner=inspector).enterprise == holder


def test_unknown_target_is_404(client_for, inspector):
    client = client_for(inspector)
    assert client.post("/watch/add/", {"target": "certificate", "body": "CNCA-R-2099-999",
                                       "number": "NOPE"}).status_code == 404
    assert client.post("/watch/add/", {"target": "enterprise",
                                       "uscc": "911201160000000000"}).status_code == 404


def test_offsite_next_is_ignored(client_for, inspector, cert_a):
    response = _add_cert(client_for(inspector), cert_a, next="https://evil.example/")
    assert response["Location"] == "/watch/"


def test_remove_own_watch(client_for, inspector, cert_a):
    watch, _ = watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    response = client_for(inspector).post(f"/watch/{watch.pk}/remove/")
    assert response.status_code == 302 and not Watch.objects.exists()


def test_another_users_watch_is_404(client_for, inspector, supervisor, cert_a):
    watch, _ = watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    other = client_for(supervisor)
    assert other.post(f"/watch/{watch.pk}/remove/").status_code == 404
    assert Watch.objects.filter(pk=watch.pk).exists()
    assert cert_a.number not in other.get("/watch/").content.decode()


def test_wrong_methods(client_for, inspector, cert_a):
    client = client_for(inspector)
    watch, _ = watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    assert client.post("/watch/").status_code == 405
    assert client.get("/watch/add/").status_code == 405
    assert client.get(f"/watch/{watch.pk}/remove/").status_code == 405
    assert client.get("/watch/webhook/").status_code == 405
    assert client.get("/watch/webhook/secret/").status_code == 405


def test_set_webhook_shows_the_secret_once(client_for, inspector):
    client = client_for(inspector)
    response = client.post("/watch/webhook/", {"url": "https://buyer.example/hooks"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    endpoint = WebhookEndpoint.objects.get(owner=inspector)
    assert 'id="new-secret"' in page and endpoint.secret_prefix in page
    later = client.get("/watch/").content.decode()
    assert 'id="new-secret"' not in later and endpoint.secret_prefix in later
    again = client.post("/watch/webhook/", {"url": "https://buyer.example/other"})
    assert again.status_code == 302


def test_regenerate_secret(client_for, inspector):
    client = client_for(inspector)
    client.post("/watch/webhook/", {"url": "https://buyer.example/hooks"})
    before = WebhookEndpoint.objects.get(owner=inspector).sealed_secret
    response = client.post("/watch/webhook/secret/")
    assert response.status_code == 200 and 'id="new-secret"' in response.content.decode()
    assert WebhookEndpoint.objects.get(owner=inspector).sealed_secret != before


def test_bad_webhook_url_is_a_400_with_reason(client_for, inspector, settings):
    settings.QC_WEBHOOK_ALLOW_PRIVATE = False
    response = client_for(inspector).post("/watch/webhook/", {"url": "http://192.168.1.1/h"})
    assert response.status_code == 400 and "内网" in response.content.decode()


def test_delivery_log_is_own_only(client_for, inspector, supervisor, cert_a, settings,
                                  django_capture_on_commit_callbacks):
    from qualitycert.registry import actions

    settings.QC_WEBHOOK_PROMPT_DELIVERY = False
    watchlists.watch_certificate(owner=inspector, certificate=cert_a, actor=as_actor(inspector))
    with django_capture_on_commit_callbacks(execute=True):
        actions.suspend_certificate(cert_a, reason="暂停", actor=as_actor(supervisor), decision=any_decision())
    mine = client_for(inspector).get("/watch/").content.decode()
    assert "data-delivery=" in mine and "未设回调" in mine
    assert "data-delivery=" not in client_for(supervisor).get("/watch/").content.decode()
