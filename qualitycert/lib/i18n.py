"""Messages built in both languages (parsers and validators that run outside a
request) are shown in the language of the screen: `pick` chooses one.

Django is imported only when asked: the table readers are used without it."""

from __future__ import annotations


def is_english() -> bool:
    try:
        from django.utils import translation

        return (translation.get_language() or "").startswith("en")
    except Exception:  # settings not configured: the default language
        return False


def pick(zh: str, en: str) -> str:
    """The message in the active language; Chinese unless English is active."""
    return en if en and is_english() else zh
