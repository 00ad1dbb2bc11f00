"""Finding the token behind a bearer string."""

from __future__ import annotations

from qualitycert.lib import signing

from .models import ApiToken


def api_token_for(plaintext: str) -> ApiToken | None:
    """The live token this bearer string stands for, or None (unknown, revoked,
    or its owner's account disabled)."""
    plaintext = (plaintext or "").strip()
    if not plaintext or len(plaintext) > 200:
        return None
    return (ApiToken.objects.select_related("owner")
            .filter(token_digest=signing.token_digest(plaintext), revoked_at__isnull=True,
                    owner__is_active=True).first())
