"""The second factor (等保 2.0 level 3, 身份鉴别: two combined factors for
everyone who works on the bureau's data).

Staff sign in with their password and then a six-digit TOTP code from an
authenticator app (RFC 6238, via django-otp); ten one-time recovery codes
stand in for a lost phone. Who needs it is `roles.needs_second_factor`; the
enforcement is `middleware.SecondFactorMiddleware`, so a session that passed
only the password reaches no staff page whichever login path made it.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user: Any) -> TOTPDevice:
    """The unconfirmed device an enrolment shows, made once per enrolment so
    that reloading the page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it when typed in by hand."""
    return base64.b32encode(device.bin_key).decode("ascii")


def hex_key_from_base32(secret: str) -> str:
    cleaned = secret.replace(" ", "").upper()
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"not a base32 secret: {secret!r}") from exc
    if len(raw) < 10:
        raise ValueError("a TOTP secret needs at least 80 bits")
    return raw.hex()


@transaction.atomic
def confirm_enrolment(device: TOTPDevice) -> list[str]:
    """Make `device` the user's authenticator and issue fresh recovery codes
    (returned in clear once; stored as django-otp keeps them)."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return replace_recovery_codes(device.user)


@transaction.atomic
def replace_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def enrol_with_secret(user: Any, secret: str) -> TOTPDevice:
    """Enrol `user` with a known base32 secret: the demo accounts, whose
    secret is printed by seed-demo so that anyone trying the demo can add it
    to an app (or ask `qualitycert totp-code`)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True,
                                     key=hex_key_from_base32(secret))


@transaction.atomic
def reset(user: Any) -> int:
    """Forget every device of `user`: the next login enrols afresh."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    return removed


def current_code(device: TOTPDevice) -> str:
    """The code an app shows now (for the demo command and the tests)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def is_recovery_device(device: Any) -> bool:
    return isinstance(device, StaticDevice)
