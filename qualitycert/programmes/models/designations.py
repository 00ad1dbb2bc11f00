"""Designations (示范区/示范点/示范企业, 服务标杆), geographical indications
and the other quality marks of farm produce ("三品一标", 高端品质认证).

Every record is dated, and a record that ends says when, so a count on any
past day is a query, not a replay."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DesignationKind(models.TextChoices):
    QC_DEMO_ZONE = "qc_demo_zone", _("质量认证示范区")
    QC_DEMO_SITE = "qc_demo_site", _("质量认证示范点")
    QC_DEMO_ENTERPRISE = "qc_demo_enterprise", _("质量认证示范企业")
    ORGANIC_DEMO_ZONE = "organic_demo_zone", _("国家有机产品认证示范区")
    SERVICE_BENCHMARK = "service_benchmark", _("服务标杆")


class DesignationLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区级")


class DatedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Records in force on a day: started on or before it, not ended by it."""

    start_field = "designated_on"

    def in_force_on(self, day: dt.date) -> DatedQuerySet:
        return self.filter(Q(**{f"{self.start_field}__lte": day}),
                           Q(ended_on__isnull=True) | Q(ended_on__gt=day))


class DesignationQuerySet(DatedQuerySet):
    start_field = "designated_on"


class Designation(models.Model):
    kind = models.CharField(_("类别"), max_length=24, choices=DesignationKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    level = models.CharField(_("级别"), max_length=12, choices=DesignationLevel.choices)
    designated_on = models.DateField(_("命名日期"))
    authority = models.CharField(_("命名机关"), max_length=200)
    document_number = models.CharField(_("命名文号"), max_length=100, blank=True)
    # An area (a zone's name or its GB/T 2260 division) or enterprises, or both.
    area = models.CharField(_("区域"), max_length=200, blank=True)
    enterprises = models.ManyToManyField("registry.Enterprise", blank=True,
                                         related_name="designations",
                                         verbose_name=_("所涉企业"))
    ended_on = models.DateField(_("撤销或到期日期"), null=True, blank=True)
    end_reason = models.CharField(_("撤销或到期原因"), max_length=300, blank=True)
    # Bureau staff only; never on a public page or in the API.
    internal_note = models.TextField(_("内部备注"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["-designated_on", "name"]
        verbose_name = _("示范命名")
        verbose_name_plural = _("示范命名")
        constraints = [models.UniqueConstraint(fields=["kind", "name", "designated_on"],
                                               name="programmes_designation_once")]

    def __str__(self) -> str:
        return self.name

    @property
    def in_force(self) -> bool:
        return self.ended_on is None


class GIKind(models.TextChoices):
    # The seed's target counts the first two (地理标志证明商标和地理标志保护产品);
    # the agricultural GI is the fourth of "三品一标".
    CERTIFICATION_MARK = "certification_mark", _("地理标志证明商标")
    PROTECTED_PRODUCT = "protected_product", _("地理标志保护产品")
    AGRI_PRODUCT = "agri_product", _("农产品地理标志")


# The kinds the seed's "5 件" target counts.
TARGET_GI_KINDS = (GIKind.CERTIFICATION_MARK, GIKind.PROTECTED_PRODUCT)


class GIProductQuerySet(DatedQuerySet):
    start_field = "registered_on"


class GIProduct(models.Model):
    kind = models.CharField(_("类别"), max_length=20, choices=GIKind.choices)
    name = models.CharField(_("产品名称"), max_length=200)
    area = models.CharField(_("地域范围"), max_length=300)
    authority = models.CharField(_("登记或注册机关"), max_length=200)
    registration_number = models.CharField(_("注册号或公告号"), max_length=100)
    registered_on = models.DateField(_("注册或登记日期"))
    users = models.ManyToManyField("registry.Enterprise", blank=True, related_name="gi_products",
                                   verbose_name=_("使用企业"))
    # Certificates of the food/agri schemes held for this product (organic, green food …).
    certificates = models.ManyToManyField("registry.Certificate", blank=True,
                                          related_name="gi_products",
                                          verbose_name=_("相关认证证书"))
    ended_on = models.DateField(_("撤销日期"), null=True, blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = GIProductQuerySet.as_manager()

    class Meta:
        ordering = ["registered_on", "name"]
        verbose_name = _("地理标志")
        verbose_name_plural = _("地理标志")
        constraints = [models.UniqueConstraint(fields=["kind", "registration_number"],
                                               name="programmes_gi_unique_number")]

    def __str__(self) -> str:
        return self.name


class MarkKind(models.TextChoices):
    """Quality marks of "三品一标" and 高端品质认证 that are not certificates in
    the registry (green food and organic are: schemes GREEN-FOOD, ORGANIC)."""

    POLLUTION_FREE = "pollution_free", _("无公害农产品")
    HIGH_END = "high_end", _("高端品质认证")


class QualityMarkQuerySet(DatedQuerySet):
    start_field = "granted_on"


class QualityMark(models.Model):
    kind = models.CharField(_("类别"), max_length=20, choices=MarkKind.choices)
    product = models.CharField(_("产品"), max_length=200)
    holder = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                               related_name="quality_marks", verbose_name=_("获证企业"))
    number = models.CharField(_("证书编号"), max_length=100)
    authority = models.CharField(_("发证机构"), max_length=200)
    granted_on = models.DateField(_("发证日期"))
    ended_on = models.DateField(_("失效日期"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = QualityMarkQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on", "number"]
        verbose_name = _("农产品质量标志")
        verbose_name_plural = _("农产品质量标志")
        constraints = [models.UniqueConstraint(fields=["kind", "number"],
                                               name="programmes_mark_unique_number")]

    def __str__(self) -> str:
        return f"{self.product}（{self.number}）"
