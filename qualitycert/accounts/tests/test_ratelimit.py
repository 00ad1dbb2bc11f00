import pytest
from django.test import RequestFactory

from qualitycert.accounts import ratelimit


def test_fixed_window_counts_and_refuses(settings):
    decisions = [ratelimit.hit("t:a", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert decisions[2].remaining == 0
    assert 1 <= decisions[3].retry_after <= 60


def test_cost_counts_several(settings):
    assert ratelimit.hit("t:b", 10, cost=8).allowed
    assert not ratelimit.hit("t:b", 10, cost=3).allowed


def test_buckets_are_separate():
    assert ratelimit.hit("t:c", 1).allowed and ratelimit.hit("t:d", 1).allowed
    assert not ratelimit.hit("t:c", 1).allowed


def test_zero_switches_it_off():
    assert all(ratelimit.hit("t:e", 0).allowed for _ in range(50))


def test_window_expiry(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit, "_clock", lambda: now[0])
    assert ratelimit.hit("t:f", 1).allowed
    assert not ratelimit.hit("t:f", 1).allowed
    now[0] += 60
    assert ratelimit.hit("t:f", 1).allowed


def test_forwarded_for_is_not_trusted_by_default(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.client_address(request) == "10.1.1.1"
    settings.QC_RATE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_REAL_IP="198.51.100.7")
    assert ratelimit.client_address(request) == "198.51.100.7"


@pytest.mark.django_db
def test_logged_in_users_are_counted_per_account(settings, supervisor):
    settings.QC_RATE_USER_PER_MINUTE = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9")
    request.user = supervisor
    assert ratelimit.check_request(request).allowed
    assert not ratelimit.check_request(request).allowed


def test_cache_outage_lets_the_request_through_and_logs(monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("redis: connection refused")

    from django.core.cache import caches

    monkeypatch.setattr(caches["shared"], "incr", down)
    monkeypatch.setattr(caches["shared"], "add", down)
    with caplog.at_level("ERROR", logger="qualitycert.accounts.ratelimit"):
        decision = ratelimit.hit("outage-test", 1)
        again = ratelimit.hit("outage-test", 1)
    assert decision.allowed and again.allowed
    assert "cache unavailable" in caplog.text
