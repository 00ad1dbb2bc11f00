"""In production a signing-key rotation is signed by a key manager and
confirmed with their second-factor code."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from qualitycert.accounts.models import SecurityEvent
from qualitycert.audit.models import AuditEntry
from qualitycert.testing.otp import code_for
from qualitycert.verification.models import SigningKey


def test_production_refuses_an_unsigned_rotation(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--signer"):
        call_command("rotate_signing_key", "--reason", "年度轮换")
    assert not SigningKey.objects.exists()


def test_a_key_manager_with_the_right_code_rotates(security_admin, settings):
    settings.PRODUCTION = True
    call_command("rotate_signing_key", "--signer", "secadmin",
                 "--totp-code", code_for(security_admin), "--reason", "年度轮换")
    assert SigningKey.objects.filter(is_current=True).exists()
    assert AuditEntry.objects.filter(actor=security_admin).exists()
    assert SecurityEvent.objects.filter(kind="reauthenticated", username="secadmin").exists()


def test_a_wrong_code_is_refused(security_admin, settings):
    settings.PRODUCTION = True
    code_for(security_admin)  # enrolled
    with pytest.raises(CommandError, match="not correct"):
        call_command("rotate_signing_key", "--signer", "secadmin", "--totp-code", "000000")
    assert not SigningKey.objects.exists()


def test_the_audit_admin_may_not_rotate(audit_admin, settings):
    with pytest.raises(CommandError, match="may not"):
        call_command("rotate_signing_key", "--signer", "auditor",
                     "--totp-code", code_for(audit_admin))
