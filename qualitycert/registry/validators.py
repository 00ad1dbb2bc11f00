"""Django field validators wrapping the pure checks in qualitycert.lib."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from qualitycert.lib import identifiers, uscc
from qualitycert.lib.normalize import InvisibleCharacters, refuse_invisible


def _visible(value: str) -> None:
    """Identifiers typed into a form to be stored: no invisible characters."""
    try:
        refuse_invisible(value)
    except InvisibleCharacters as exc:
        raise ValidationError(str(exc), code="invisible_characters") from exc


def validate_uscc(value: str) -> None:
    _visible(value)
    try:
        uscc.validate(value)
    except uscc.InvalidUSCC as exc:
        raise ValidationError(str(exc), code="invalid_uscc") from exc


def validate_approval_number(value: str) -> None:
    _visible(value)
    try:
        identifiers.validate_approval_number(value)
    except identifiers.InvalidIdentifier as exc:
        raise ValidationError(str(exc), code="invalid_approval_number") from exc


def validate_cma_number(value: str) -> None:
    _visible(value)
    try:
        identifiers.validate_cma_number(value)
    except identifiers.InvalidIdentifier as exc:
        raise ValidationError(str(exc), code="invalid_cma_number") from exc
