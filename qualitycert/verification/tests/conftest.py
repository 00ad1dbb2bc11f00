import pytest


@pytest.fixture(autouse=True)
def _fresh_limits_and_keys(request, monkeypatch):
    """Rate-limit counters live in the process-wide cache and the signing key
    in a process-wide memo, while the database rolls back after every test:
    start each test with neither. The limiter's clock stands still 30 s into
    a window, so a slow test cannot straddle a window edge and pass or fail
    by luck."""
    from django.core.cache import cache

    from qualitycert.verification import keyring, ratelimit

    monkeypatch.setattr(ratelimit, "_clock", lambda: 1_800_000_030.0)

    cache.clear()
    keyring.reset()
    yield
    keyring.reset()


@pytest.fixture
def in_state(supervisor):
    """Put a certificate in a lifecycle state through the real actions."""
    import datetime as dt

    from qualitycert.registry import actions

    def put(cert, state):
        on = dt.date(2025, 6, 1)
        if state == "suspended":
            return actions.suspend_certificate(cert, reason="未按期监督审核", actor=supervisor, on=on)
        if state == "withdrawn":
            return actions.withdraw_certificate(cert, reason="严重不符合", actor=supervisor, on=on)
        if state == "cancelled":
            return actions.cancel_certificate(cert, reason="企业申请注销", actor=supervisor, on=on)
        if state == "expired":
            return actions.expire_certificate(cert, actor=supervisor, on=dt.date(2028, 6, 1))
        return cert
    return put
