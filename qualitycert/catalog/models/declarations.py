"""Self-declarations of conformity (强制性认证产品符合性自我声明).

For a category whose route on the declaration date is a self-declaration,
the enterprise tests a type sample (at a lab of its choosing, or at a
designated lab) and declares conformity itself; the declaration then stands
in for a CCC certificate. It stays valid until the enterprise withdraws it
(注销) or the bureau revokes it (撤销) with a decision. Rows are never
deleted; each step records who signed it, when and why.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .catalogue import ProductCategory


class CatalogError(ValueError):
    """A catalogue rule refused the step; the message says why."""


class DeclarationStatus(models.TextChoices):
    VALID = "valid", _("有效")
    WITHDRAWN = "withdrawn", _("企业注销")
    REVOKED = "revoked", _("监管部门撤销")


class RevocationGrounds(models.TextChoices):
    FALSE_DECLARATION = "false_declaration", _("虚假声明")
    NONCONFORMING = "nonconforming", _("产品不符合要求")
    OTHER = "other", _("其他")


class SelfDeclaration(models.Model):
    number = models.CharField(_("声明编号"), max_length=40, unique=True)
    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="self_declarations",
                                   verbose_name=_("声明企业"))
    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT,
                                 related_name="declarations", verbose_name=_("产品种类"))
    product = models.CharField(_("产品名称"), max_length=200)
    models_list = models.JSONField(_("型号规格"), default=list)
    standards = models.JSONField(_("依据标准"), default=list)
    lab = models.ForeignKey("registry.Lab", on_delete=models.PROTECT,
                            related_name="declaration_reports", verbose_name=_("检测实验室"))
    report_number = models.CharField(_("检测报告编号"), max_length=64)
    report_date = models.DateField(_("报告日期"))
    declared_on = models.DateField(_("声明日期"))
    status = models.CharField(_("状态"), max_length=12, choices=DeclarationStatus.choices,
                              default=DeclarationStatus.VALID)
    # The first day it no longer counted: the withdrawal, or the revocation
    # of a declaration still valid then.
    ended_on = models.DateField(_("失效日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("注销日期"), null=True, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    status_reason = models.TextField(_("状态变更理由"), blank=True)
    revocation_grounds = models.CharField(_("撤销依据"), max_length=20, blank=True,
                                          choices=RevocationGrounds.choices)
    decision_number = models.CharField(_("撤销决定文号"), max_length=80, blank=True)
    status_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("签字人"))
    status_signer_name = models.CharField(_("签字人"), max_length=200, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("报送人"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-declared_on", "-id"]
        verbose_name = _("自我声明")
        verbose_name_plural = _("自我声明")
        indexes = [
            models.Index(fields=["enterprise", "status"], name="catalog_decl_enterprise"),
            models.Index(fields=["category", "status"], name="catalog_decl_category"),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: dt.date) -> bool:
        """Declared by `day`, and not withdrawn or revoked on or before it."""
        return self.declared_on <= day and (self.ended_on is None or day < self.ended_on)

    # Transition methods: each checks the source state; actions.py wraps them
    # with locking and the audit entry.
    def withdraw(self, on: dt.date, reason: str) -> None:
        if self.status != DeclarationStatus.VALID:
            raise CatalogError(gettext("只有有效的自我声明可以注销"))
        self._check_date(on)
        self.status, self.status_reason = DeclarationStatus.WITHDRAWN, reason
        self.withdrawn_on = self.ended_on = on

    def revoke(self, on: dt.date, reason: str, grounds: str, decision_number: str) -> None:
        # A declaration the enterprise withdrew can still be revoked: a false
        # declaration withdrawn to avoid a decision stays a false declaration.
        if self.status == DeclarationStatus.REVOKED:
            raise CatalogError(gettext("该自我声明已被撤销"))
        self._check_date(on)
        self.status, self.status_reason = DeclarationStatus.REVOKED, reason
        self.revoked_on = on
        if self.ended_on is None:
            self.ended_on = on
        self.revocation_grounds, self.decision_number = grounds, decision_number

    def _check_date(self, on: dt.date) -> None:
        if on < self.declared_on:
            raise CatalogError(gettext("状态变更日期不能早于声明日期"))
