"""Consent to share a grade threshold with banks and insurers, and the
tokens allowed to ask. Each step audited; a consent is revocable at once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from qualitycert.accounts.actor import Actor
from qualitycert.api.models import ApiToken
from qualitycert.registry.models import Enterprise

from ..access import require_bureau, require_own_enterprise
from ..models import CreditError, FinancingAccess, InstitutionKind, ShareThreshold, SharingConsent
from .common import audit


def give_consent(enterprise: Enterprise, *, min_grade: str, actor: Actor) -> SharingConsent:
    """The enterprise agrees that banks and insurers with access may learn
    that its latest grade is `min_grade` or better (never the grade itself).
    A new consent replaces the one in force."""
    require_own_enterprise(actor, enterprise.pk)
    if min_grade not in ShareThreshold.values:
        raise CreditError(gettext("请选择 A、B 或 C"))
    with transaction.atomic():
        now = timezone.now()
        SharingConsent.objects.select_for_update().filter(
            enterprise=enterprise, revoked_at__isnull=True).update(revoked_at=now)
        consent = SharingConsent.objects.create(enterprise=enterprise, min_grade=min_grade,
                                                granted_by=actor.user)
        audit("consent.give", object_type="sharing_consent", object_id=consent.pk,
              object_repr=enterprise.uscc, actor=actor, after={"min_grade": min_grade})
    return consent


def revoke_consent(enterprise: Enterprise, *, actor: Actor) -> int:
    require_own_enterprise(actor, enterprise.pk)
    with transaction.atomic():
        revoked = SharingConsent.objects.select_for_update().filter(
            enterprise=enterprise, revoked_at__isnull=True).update(revoked_at=timezone.now())
        if revoked:
            audit("consent.revoke", object_type="sharing_consent", object_id=enterprise.pk,
                  object_repr=enterprise.uscc, actor=actor)
    return revoked


def grant_financing_access(token: ApiToken, *, institution: str, kind: str,
                           actor: Actor) -> FinancingAccess:
    """Let a bank's or insurer's token read the consented list."""
    require_bureau(actor)
    institution = (institution or "").strip()
    if kind not in InstitutionKind.values or not institution:
        raise CreditError(gettext("须写明金融机构及其类型"))
    if not token.is_active:
        raise CreditError(gettext("令牌已撤销"))
    with transaction.atomic():
        access, _ = FinancingAccess.objects.update_or_create(
            token=token, defaults={"institution": institution[:200], "kind": kind,
                                   "signer_name": actor.signature(), "revoked_at": None})
        audit("financing_access.grant", object_type="financing_access", object_id=access.pk,
              object_repr=institution, actor=actor,
              after={"token": token.token_prefix, "kind": kind})
    return access


def revoke_financing_access(token: ApiToken, *, actor: Actor) -> None:
    require_bureau(actor)
    with transaction.atomic():
        if FinancingAccess.objects.filter(token=token, revoked_at__isnull=True).update(
                revoked_at=timezone.now()):
            audit("financing_access.revoke", object_type="financing_access",
                  object_id=token.pk, object_repr=token.token_prefix, actor=actor)
