"""Django field validators wrapping the pure checks in qualitycert.lib."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from qualitycert.lib import identifiers, uscc


def validate_uscc(value: str) -> None:
    try:
        uscc.validate(value)
    except uscc.InvalidUSCC as exc:
        raise ValidationError(str(exc), code="invalid_uscc") from exc


def validate_approval_number(value: str) -> None:
    try:
        identifiers.validate_approval_number(value)
    except identifiers.InvalidIdentifier as exc:
        raise ValidationError(str(exc), code="invalid_approval_number") from exc


def validate_cma_number(value: str) -> None:
    try:
        identifiers.validate_cma_number(value)
    except identifiers.InvalidIdentifier as exc:
        raise ValidationError(str(exc), code="invalid_cma_number") from exc
