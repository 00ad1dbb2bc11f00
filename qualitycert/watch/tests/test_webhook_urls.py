"""webhooks.check_url and the retry schedule: which URLs may receive, and when."""

import datetime as dt

import pytest

from qualitycert.watch import webhooks


@pytest.mark.parametrize("url", [
    "ftp://example.com/h", "javascript:alert(1)", "example.com/h", "http:///nohost",
    "https://user:pw@example.com/h", "http://example.com:99999/", "https://" + "a" * 500 + ".com",
])
def test_malformed_or_non_http_urls_are_refused(url, settings):
    settings.QC_WEBHOOK_ALLOW_PRIVATE = True
    with pytest.raises(webhooks.UnsafeUrl):
        webhooks.check_url(url, resolve=False)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/h", "http://localhost/h", "http://api.localhost/h",
    "http://10.1.2.3/h", "http://192.168.0.10/h", "http://172.16.5.4/h", "http://169.254.169.254/",
    "http://[::1]/h", "http://[::ffff:127.0.0.1]/h", "http://0.0.0.0/h", "http://[fd00::1]/h",
])
def test_private_addresses_are_refused_in_production(url, settings):
    settings.QC_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(webhooks.UnsafeUrl, match="内网或本机"):
        webhooks.check_url(url, resolve=False)


def test_private_addresses_are_allowed_in_development(settings):
    settings.QC_WEBHOOK_ALLOW_PRIVATE = True
    assert webhooks.check_url("http://127.0.0.1:8000/h", resolve=True) == "http://127.0.0.1:8000/h"


def test_public_literal_address_is_allowed_in_production(settings):
    settings.QC_WEBHOOK_ALLOW_PRIVATE = False
    assert webhooks.check_url("https://93.184.216.34/h", resolve=True)


def test_a_name_resolving_to_loopback_is_refused_at_send_time(settings, monkeypatch):
    settings.QC_WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(webhooks.socket, "getaddrinfo",
                        lambda *a, **k: [(2, 1, 6, "", ("127.0.0.1", 443))])
    assert webhooks.check_url("https://rebind.example/h", resolve=False)
    with pytest.raises(webhooks.UnsafeUrl, match="内网或本机"):
        webhooks.check_url("https://rebind.example/h", resolve=True)


def test_backoff_doubles_up_to_the_cap(settings):
    settings.QC_WEBHOOK_BACKOFF_SECONDS = 60
    settings.QC_WEBHOOK_BACKOFF_MAX_SECONDS = 600
    assert [webhooks.retry_delay(n).total_seconds() for n in range(1, 7)] == [
        60, 120, 240, 480, 600, 600]
    assert webhooks.retry_delay(1) == dt.timedelta(minutes=1)


def test_signature_is_hmac_sha256_of_the_raw_body():
    # Known-answer test (RFC 4231 test case 2).
    assert webhooks.signature("Jefe", b"what do ya want for nothing?") == (
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
