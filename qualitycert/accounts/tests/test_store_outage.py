"""With the shared counter store unreachable (Redis stopped), staff login
answers a clear 503 and the public lookup still answers 200."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from qualitycert.accounts.models import SecurityEvent
from qualitycert.testing.fixtures import PASSWORD

DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
               # Nothing listens on port 9: the store is "stopped".
               "LOCATION": "redis://127.0.0.1:9/0",
               "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
}


@pytest.fixture
def store_down(settings):
    settings.CACHES = DOWN
    yield
    caches["shared"].close()


@pytest.mark.parametrize("page", ["/accounts/login/", "/admin/login/"])
def test_login_answers_503_while_the_store_is_down(client, supervisor, store_down, page):
    response = client.post(page, {"username": "supervisor", "password": PASSWORD})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "登录暂不可用" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="store_unavailable").exists()


def test_public_lookup_keeps_working_while_the_store_is_down(client, cert_a, store_down):
    assert client.get("/verify/").status_code == 200
    found = client.get("/verify/", {"q": cert_a.number}, follow=True)
    assert found.status_code == 200 and cert_a.number in found.content.decode()
