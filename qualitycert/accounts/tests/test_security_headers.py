"""Every HTML response carries a Content-Security-Policy without
'unsafe-inline' and a Permissions-Policy; `check --deploy` is clean under
production settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PUBLIC = ["/", "/verify/", "/accounts/login/", "/admin/login/", "/no-such-page/"]
STAFF = ["/admin/", "/plan/", "/registry/import/", "/accounts/2fa/recovery/"]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def _assert_strict(response) -> None:
    policy = _policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_the_policy(client, db, url):
    _assert_strict(client.get(url))


@pytest.mark.parametrize("url", STAFF)
def test_staff_pages_carry_the_policy(client_for, supervisor, url):
    response = client_for(supervisor).get(url)
    assert response.status_code == 200
    _assert_strict(response)


def test_an_inline_style_block_carries_the_responses_nonce(client_for, supervisor):
    response = client_for(supervisor).get("/registry/import/")
    nonce = next(s for s in _policy(response)["style-src"] if s.startswith("'nonce-"))
    assert f'<style nonce="{nonce[7:-1]}">' in response.content.decode()


def test_no_inline_event_handlers_in_templates():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [str(path) for path in root.rglob("*.html")
                 if any(f" {handler}=" in path.read_text(encoding="utf-8")
                        for handler in ("onclick", "onchange", "onload", "onsubmit"))]
    assert offenders == []


def test_check_deploy_is_clean_in_production(tmp_path):
    # Without DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set in this process.
    env = {**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
           "QC_PRODUCTION": "1", "QC_SECRET_KEY": "k3Y-for-the-deploy-check-" * 3,
           "QC_ALLOWED_HOSTS": "qc.example.gov.cn", "QC_VAR_DIR": str(tmp_path),
           "QC_PUBLIC_BASE_URL": "https://qc.example.gov.cn",
           "DJANGO_SETTINGS_MODULE": "qualitycert.settings"}
    done = subprocess.run([sys.executable, "-m", "django", "check", "--deploy",
                           "--fail-level", "WARNING"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
