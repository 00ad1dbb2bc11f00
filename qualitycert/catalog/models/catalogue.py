"""The CCC catalogue (强制性产品认证目录) by risk, with its dated changes.

A category's identity (its code, 0101, and name) is stable; what the law asks
of it is not: the route to market (third-party certification, or a
self-declaration with a test by a lab of the enterprise's choosing or by a
designated lab), its risk level and standards change by announcement (公告) on
a date. Each change is a `CategoryChange` row effective from a day; the route
that applied on day D is the latest change effective on or before D, and a
category with no change by D was not in the catalogue then. Rows are added,
never rewritten: the history is what a market check on an old sample reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    """How a product in the category may reach the market."""

    CERTIFICATION = "certification", _("第三方认证")
    # 自我声明程序A: type test by any lab of the enterprise's choosing (CMA).
    SELF_DECLARATION = "self_declaration", _("自我声明（自选实验室检测）")
    # 自我声明程序B: type test by a lab designated for the category.
    SELF_DECLARATION_DESIGNATED = "self_declaration_designated", _("自我声明（指定实验室检测）")
    # 调出目录: no longer under compulsory certification.
    REMOVED = "removed", _("调出目录")

    @classmethod
    def declarable(cls) -> frozenset[str]:
        return frozenset({cls.SELF_DECLARATION, cls.SELF_DECLARATION_DESIGNATED})

    @classmethod
    def in_catalogue(cls) -> frozenset[str]:
        return frozenset({cls.CERTIFICATION, cls.SELF_DECLARATION,
                          cls.SELF_DECLARATION_DESIGNATED})


class RiskLevel(models.TextChoices):
    HIGH = "high", _("高风险")
    MEDIUM = "medium", _("中风险")
    LOW = "low", _("低风险")


class Announcement(models.Model):
    """The published decision (公告) that made a catalogue change."""

    number = models.CharField(_("公告编号"), max_length=60, unique=True,
                              help_text=_("如“市场监管总局2019年第34号”"))
    title = models.CharField(_("标题"), max_length=300)
    issuer = models.CharField(_("发布机关"), max_length=120, blank=True)
    published_on = models.DateField(_("发布日期"))
    url = models.URLField(_("原文链接"), max_length=300, blank=True)

    class Meta:
        ordering = ["-published_on", "number"]
        verbose_name = _("目录调整公告")
        verbose_name_plural = _("目录调整公告")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ProductGroup(models.Model):
    """A 产品大类 of the catalogue (电线电缆, 低压电器 …)."""

    code = models.CharField(_("大类代码"), max_length=4, unique=True)
    name = models.CharField(_("大类名称"), max_length=120)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("产品大类")
        verbose_name_plural = _("产品大类")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProductCategory(models.Model):
    """A 产品种类 with its catalogue code as the published catalogue writes it
    (four digits: 0101 电线组件, 0703 空调器 …)."""

    code = models.CharField(_("产品种类代码"), max_length=8, unique=True)
    name = models.CharField(_("产品种类名称"), max_length=200)
    group = models.ForeignKey(ProductGroup, on_delete=models.PROTECT, related_name="categories",
                              verbose_name=_("产品大类"))
    description = models.TextField(_("产品范围描述"), blank=True)
    # Labs designated for self-declaration programme B (指定实验室).
    designated_labs = models.ManyToManyField("registry.Lab", blank=True,
                                             related_name="designated_categories",
                                             verbose_name=_("指定实验室"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("产品种类")
        verbose_name_plural = _("产品种类")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CategoryChange(models.Model):
    """What applied to a category from `effective_from` on, and which
    announcement said so. `from_production_licence` marks a category the
    change brought in from the industrial production licence (生产许可证):
    licence holders must hold a CCC certificate or declaration by
    `transition_deadline`."""

    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT,
                                 related_name="changes", verbose_name=_("产品种类"))
    effective_from = models.DateField(_("生效日期"))
    route = models.CharField(_("评价方式"), max_length=32, choices=Route.choices)
    risk_level = models.CharField(_("风险等级"), max_length=8, choices=RiskLevel.choices)
    standards = models.JSONField(_("依据标准"), default=list, blank=True)
    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT,
                                     related_name="changes", verbose_name=_("公告"))
    from_production_licence = models.BooleanField(_("由生产许可转入"), default=False)
    transition_deadline = models.DateField(_("过渡期截止日"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "effective_from"]
        verbose_name = _("目录调整")
        verbose_name_plural = _("目录调整")
        constraints = [
            models.UniqueConstraint(fields=["category", "effective_from"],
                                    name="catalog_change_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(from_production_licence=False)
                | models.Q(transition_deadline__isnull=False),
                name="catalog_change_licence_has_deadline"),
        ]
        indexes = [models.Index(fields=["effective_from"], name="catalog_change_date")]

    def __str__(self) -> str:
        return f"{self.category.code} {self.effective_from} {self.get_route_display()}"


class LinkSource(models.TextChoices):
    NUMBER = "number", _("由证书编号识别")
    MANUAL = "manual", _("人工指定")
    IMPORT = "import", _("导入")


class CertificateCategory(models.Model):
    """Which catalogue category a CCC certificate covers. A CCC number carries
    the category code in positions 7–10 (year, body, category, serial), so
    most links are derived; others are set by staff."""

    certificate = models.ForeignKey("registry.Certificate", on_delete=models.CASCADE,
                                    related_name="ccc_categories",
                                    verbose_name=_("证书"))
    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT,
                                 related_name="certificate_links", verbose_name=_("产品种类"))
    source = models.CharField(_("来源"), max_length=8, choices=LinkSource.choices,
                              default=LinkSource.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("CCC证书产品种类")
        verbose_name_plural = _("CCC证书产品种类")
        constraints = [models.UniqueConstraint(fields=["certificate", "category"],
                                               name="catalog_cert_category_unique")]
        indexes = [models.Index(fields=["category", "certificate"], name="catalog_cat_cert")]

    def __str__(self) -> str:
        return f"{self.certificate_id} → {self.category_id}"


class ProductionLicence(models.Model):
    """An industrial production licence (工业产品生产许可证) for a product that
    a catalogue change moved into CCC; kept to find who has not switched."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="production_licences",
                                   verbose_name=_("企业"))
    number = models.CharField(_("许可证编号"), max_length=40, unique=True)
    product = models.CharField(_("产品名称"), max_length=200)
    category = models.ForeignKey(ProductCategory, on_delete=models.PROTECT,
                                 related_name="licences", verbose_name=_("产品种类"))
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        ordering = ["category", "number"]
        verbose_name = _("生产许可证")
        verbose_name_plural = _("生产许可证")

    def __str__(self) -> str:
        return f"{self.number} {self.product}"
