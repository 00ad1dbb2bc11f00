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


from qualitycert.verification.tests.conftest import in_state  # noqa: E402, F401


@pytest.fixture
def api_token(db, supervisor):
    """A procurement system's token (plaintext) with a generous limit."""
    from qualitycert.accounts.models import User
    from qualitycert.verification import actions

    owner = User.objects.create_user(username="procurement", password="x" * 12,
                                     role="api_client")
    _token, plaintext = actions.create_api_token(owner=owner, name="区采购平台",
                                                 rate_limit_per_minute=1000, actor=supervisor)
    return plaintext
