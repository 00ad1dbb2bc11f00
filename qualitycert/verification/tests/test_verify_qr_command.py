import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qualitycert.accounts.actor import Actor
from qualitycert.lib import signing
from qualitycert.verification import actions, keyring, qr, queries

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def token(cert_a):
    return qr.token_for(queries.PublicCertificate.from_model(cert_a), on=queries.today())


def _run(*args):
    try:
        call_command("verify_qr", *args)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, ""


def _flip(token, part, position=7):
    parts = token.split(".")
    ch = parts[part][position]
    parts[part] = parts[part][:position] + ("Q" if ch != "Q" else "R") + parts[part][position + 1:]
    return ".".join(parts)


def test_good_token(token, capsys):
    assert _run(token) == (0, "")
    out = capsys.readouterr().out
    assert "签名有效" in out and "00125Q10001R0M" in out and "CNCA-R-2002-001" in out


def test_full_url_is_accepted(token):
    assert _run(qr.verification_url(token))[0] == 0
    assert _run("https://qc.example.gov.cn/v/" + token + "?utm=x")[0] == 0


@pytest.mark.parametrize("part", [1, 2])
def test_one_changed_character_fails_with_the_reason(token, part):
    code, message = _run(_flip(token, part))
    assert code == 1 and "无效" in message


def test_expired_token_fails(token):
    code, message = _run(token, "--at", "2028-01-10")
    assert code == 1 and "2028-01-09" in message
    assert _run(token, "--at", "2028-01-09")[0] == 0


def test_rotated_keys_still_verify_old_tokens(token):
    actions.rotate_signing_key(actor=Actor.system())
    keyring.reset()
    assert _run(token)[0] == 0


def test_keys_file(token, tmp_path, client):
    jwks = tmp_path / "keys.json"
    jwks.write_bytes(client.get("/.well-known/qualitycert-keys.json").content)
    assert _run(token, "--keys", str(jwks))[0] == 0
    other = signing.generate_key_pair()
    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps(signing.jwks([(other.kid, other.public_raw)])))
    code, message = _run(token, "--keys", str(foreign))
    assert code == 1 and "unknown signing key" in message


@pytest.mark.parametrize("content", ["not json", '{"keys": 3}', '{"keys": []}'])
def test_unusable_keys_file_is_exit_2(token, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert _run(token, "--keys", str(path))[0] == 2
    assert _run(token, "--keys", str(tmp_path / "missing.json"))[0] == 2


def test_json_output(token, capsys):
    _run(token, "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is True and result["claims"]["no"] == "00125Q10001R0M"


def test_real_exit_status_offline(token, tmp_path, client):
    """Through the console entry point, on the keys file alone."""
    jwks = tmp_path / "keys.json"
    jwks.write_bytes(client.get("/.well-known/qualitycert-keys.json").content)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qualitycert.settings"}
    env.pop("QC_CLI_LANGUAGE", None)

    def run(value, **more_env):
        return subprocess.run([sys.executable, "-m", "qualitycert.cli", "verify-qr", value,
                               "--keys", str(jwks)], cwd=ROOT, env={**env, **more_env},
                              capture_output=True, text=True, timeout=60)

    good = run(token)
    assert good.returncode == 0, good.stderr
    assert "签名有效" in good.stdout and "GOOD" not in good.stdout
    bad = run(_flip(token, 1))
    assert bad.returncode == 1 and "无效" in bad.stderr
    # One language per run: English when asked for.
    english = run(token, QC_CLI_LANGUAGE="en")
    assert "GOOD" in english.stdout and "签名有效" not in english.stdout


def test_dates_in_token_are_iso(token):
    verified = keyring.verify(token)
    # A compact token carries valid-until only; the day it was signed is not in it.
    assert verified.payload["x"] == "2028-01-09" and verified.issued_on is None
    assert verified.expires_on == dt.date(2028, 1, 9)
