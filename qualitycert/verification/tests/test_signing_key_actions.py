import pytest
from django.core.management import call_command

from qualitycert.accounts.actor import Actor
from qualitycert.audit.models import AuditEntry
from qualitycert.verification import actions, keyring, qr, queries
from qualitycert.verification.models import SigningKey

pytestmark = pytest.mark.django_db


def test_first_key_is_created_once(db):
    first = actions.ensure_signing_key()
    assert actions.ensure_signing_key().pk == first.pk
    assert SigningKey.objects.count() == 1
    assert AuditEntry.objects.filter(action="signing_key.create").count() == 1


def test_private_key_is_sealed(db):
    row = actions.ensure_signing_key()
    assert row.sealed_private_key.startswith("v1.")
    signer = keyring.current_signer()
    assert signer.kid == row.kid


def test_rotation_retires_and_keeps_old_tokens_valid(cert_a):
    facts = queries.PublicCertificate.from_model(cert_a)
    old_token = qr.token_for(facts, on=queries.today())
    old = SigningKey.objects.get(is_current=True)
    new = actions.rotate_signing_key(actor=Actor.system(), reason="年度轮换")
    keyring.reset()
    old.refresh_from_db()
    assert not old.is_current and old.retired_at is not None
    assert new.is_current and SigningKey.objects.filter(is_current=True).count() == 1
    assert keyring.verify(old_token).kid == old.kid
    new_token = qr.token_for(facts, on=queries.today())
    assert keyring.verify(new_token).kid == new.kid
    assert AuditEntry.objects.filter(action="signing_key.retire").count() == 1


def test_rotate_command(db, capsys):
    actions.ensure_signing_key()
    call_command("rotate_signing_key", "--reason", "测试")
    out = capsys.readouterr().out
    assert "新签名密钥" in out and "停用" in out and "sign-links" in out
    assert SigningKey.objects.count() == 2


def test_another_process_rotation_is_picked_up_after_the_cache_expires(cert_a, settings):
    first = keyring.current_signer().kid
    # Simulate another process rotating: the database changes, our memo does not.
    actions.rotate_signing_key(actor=Actor.system())
    settings.QC_SIGNING_KEY_CACHE_SECONDS = 0
    assert keyring.current_signer().kid != first
