from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value: object) -> str:
    """2600.00 → 2600, 97.50 → 97.5; None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


@register.filter
def percent(value: object) -> str:
    """A 0–1 ratio as a percentage with one decimal; None → —."""
    if value is None:
        return "—"
    return f"{Decimal(str(value)) * 100:.1f}%"
