"""Enterprises, schemes, certification bodies and labs: who may certify, who
is certified, for what."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qualitycert.lib.i18n import pick
from qualitycert.lib.normalize import name_search_key, normalize_identifier

from ..validators import validate_approval_number, validate_cma_number, validate_uscc


class LegalStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    REVOKED = "revoked", _("吊销")
    DEREGISTERED = "deregistered", pgettext_lazy("enterprise status", "注销")
    MOVED_OUT = "moved_out", _("迁出")


class EnterpriseSize(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")
    UNKNOWN = "", _("未知")


class Enterprise(models.Model):
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True,
                            validators=[validate_uscc])
    name = models.CharField(_("名称"), max_length=200)
    # Normalised for search; kept in step by save() and by the bulk importers.
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    former_names = models.JSONField(_("曾用名"), default=list, blank=True)
    address = models.CharField(_("住所"), max_length=300, blank=True)
    division_code = models.CharField(_("行政区划代码"), max_length=6,
                                     blank=True, db_index=True)
    industry_code = models.CharField(_("行业代码"), max_length=5,
                                     blank=True, db_index=True)
    legal_status = models.CharField(_("登记状态"), max_length=16,
                                    choices=LegalStatus.choices, default=LegalStatus.ACTIVE)
    size = models.CharField(_("规模"), max_length=8, choices=EnterpriseSize.choices,
                            default=EnterpriseSize.UNKNOWN, blank=True)
    is_tech_leader = models.BooleanField(_("科技领军企业"), default=False)
    has_own_brand = models.BooleanField(_("拥有自主商标品牌"),
                                        default=False)
    is_equipment_manufacturer = models.BooleanField(_("装备制造业"),
                                                    default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        indexes = [models.Index(fields=["legal_status"], name="ent_legal_status")]

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.uscc = normalize_identifier(self.uscc)
        self.name_key = name_search_key(self.name)[:200]
        super().save(*args, **kwargs)

    def keep_former_name(self, old_name: str, until: dt.date, *, source: str = "") -> None:
        """Record `old_name` as a name used until `until` (曾用名), and keep it
        findable (former_names is what searches match). Call before saving the
        new name, inside the writer's transaction."""
        if not old_name or name_search_key(old_name) == name_search_key(self.name):
            return
        if old_name not in self.former_names:
            self.former_names = [*self.former_names, old_name]
        EnterpriseName.objects.create(enterprise=self, name=old_name, used_until=until,
                                      source=source[:200])


class EnterpriseName(models.Model):
    """A name an enterprise used before (曾用名), and until when: kept when a
    rename arrives (an import, the back office), shown on its public page and
    in the API, so a certificate printed under the old name is still
    recognised as the same holder's."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE,
                                   related_name="name_history")
    name = models.CharField(_("曾用名"), max_length=200)
    used_until = models.DateField(_("使用至"))
    source = models.CharField(_("来源"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enterprise", "-used_until", "-id"]
        verbose_name = _("曾用名")
        verbose_name_plural = _("曾用名")

    def __str__(self) -> str:
        return f"{self.name}（至 {self.used_until.isoformat()}）"


class SchemeCategory(models.TextChoices):
    MANAGEMENT_SYSTEM = "management_system", _("管理体系认证")
    PRODUCT = "product", _("产品认证")
    SERVICE = "service", _("服务认证")
    FOOD_AGRI = "food_agri", _("食品农产品认证")


class Scheme(models.Model):
    code = models.CharField(_("认证项目代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=160, blank=True)
    standard = models.CharField(_("依据标准"), max_length=160, blank=True)
    category = models.CharField(pgettext_lazy("scheme category", "类别"), max_length=20,
                                choices=SchemeCategory.choices, db_index=True)
    # The longest a certificate of this scheme may run, enforced on every
    # path (registry/catalogue.py cites each scheme's rule).
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"),
                                                      default=3)
    # Management-system schemes need a surveillance audit at most 12 months apart
    # (CNCA-QMS-01 §5.4.1.4); product schemes have their own follow-up rules.
    surveillance_months = models.PositiveSmallIntegerField(
        _("监督审核间隔（月）"), null=True, blank=True, default=12)
    is_mandatory = models.BooleanField(_("强制性认证"), default=False)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("认证项目")
        verbose_name_plural = _("认证项目")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def display_name(self) -> str:
        """The name in the page's language: the English name on an English
        page when there is one, else the official Chinese name (one language
        per screen, never both side by side)."""
        return pick(self.name, self.name_en)


class BodyStatus(models.TextChoices):
    APPROVED = "approved", _("批准")
    SUSPENDED = "suspended", _("暂停")
    REVOKED = "revoked", pgettext_lazy("approval status", "撤销")
    EXPIRED = "expired", _("过期")


class CertificationBody(models.Model):
    approval_number = models.CharField(_("批准号"), max_length=20, unique=True,
                                       validators=[validate_approval_number])
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True,
                            validators=[validate_uscc])
    accreditation = models.CharField(_("认可证书"), max_length=40,
                                     blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approval_valid_until = models.DateField(_("批准有效期至"), null=True,
                                            blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=BodyStatus.choices,
                              default=BodyStatus.APPROVED)
    last_reported_on = models.DateField(_("最近报送数据日期"), null=True,
                                        blank=True)
    schemes: models.ManyToManyField[Scheme, BodySchemeApproval] = models.ManyToManyField(
        Scheme, through="BodySchemeApproval", related_name="bodies")

    class Meta:
        ordering = ["approval_number"]
        verbose_name = _("认证机构")
        verbose_name_plural = _("认证机构")

    def __str__(self) -> str:
        return f"{self.name}（{self.approval_number}）"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.approval_number = normalize_identifier(self.approval_number)
        self.uscc = normalize_identifier(self.uscc)
        super().save(*args, **kwargs)

    def approval_lapsed_on(self, day: dt.date) -> bool:
        if self.approved_on and day < self.approved_on:
            return True
        return bool(self.approval_valid_until and day > self.approval_valid_until)


class BodySchemeApproval(models.Model):
    """A body's approval for one scheme (批准的认证领域), valid for a period."""

    body = models.ForeignKey(CertificationBody, on_delete=models.CASCADE,
                             related_name="approvals")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="approvals")
    valid_from = models.DateField(_("起始"))
    valid_until = models.DateField(pgettext_lazy("valid until", "截止"), null=True, blank=True)

    class Meta:
        verbose_name = _("批准认证领域")
        verbose_name_plural = _("批准认证领域")
        indexes = [models.Index(fields=["body", "scheme", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.body.approval_number} · {self.scheme.code}"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class LabStatus(models.TextChoices):
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂停")
    REVOKED = "revoked", pgettext_lazy("approval status", "撤销")
    EXPIRED = "expired", _("过期")


class Lab(models.Model):
    cma_number = models.CharField(_("资质认定证书编号"), max_length=12, unique=True,
                                  validators=[validate_cma_number])
    name = models.CharField(_("名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True,
                            validators=[validate_uscc])
    fields = models.JSONField(_("检验检测领域"), default=list, blank=True)
    valid_from = models.DateField(_("发证日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=LabStatus.choices,
                              default=LabStatus.VALID)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    # Whom the bureau calls about a sample; kept by the lab itself in the back
    # office (docs/decisions/0017-lab-role.md), unlike the CMA facts above.
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True, default="",
                                    db_default="")
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True, default="",
                                     db_default="")

    class Meta:
        ordering = ["cma_number"]
        verbose_name = _("检验检测机构")
        verbose_name_plural = pgettext_lazy("plural", "检验检测机构")

    def __str__(self) -> str:
        return f"{self.name}（CMA {self.cma_number}）"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.cma_number = normalize_identifier(self.cma_number)
        self.uscc = normalize_identifier(self.uscc)
        super().save(*args, **kwargs)
