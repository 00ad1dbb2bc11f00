"""Adoption of certification results (采信, task 19) and the tracked lists
whose coverage the plan asks for: key energy-using enterprises with energy
management certification (task 12) and departments with their own QMS
certification (task 13)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdopterKind(models.TextChoices):
    DEPARTMENT = "department", _("政府部门")
    PROCUREMENT_UNIT = "procurement_unit", _("采购单位")
    OTHER = "other", _("其他单位")


class AdoptionMethod(models.TextChoices):
    TENDER_CLAUSE = "tender_clause", _("招标文件条款")
    SUPPLIER_LIST = "supplier_list", _("供应商名单核验")
    BATCH_API = "batch_api", _("批量核验接口")


class Adoption(models.Model):
    adopter_name = models.CharField(_("采信单位"), max_length=200)
    kind = models.CharField(_("单位类别"), max_length=20, choices=AdopterKind.choices)
    department = models.ForeignKey("plan.Department", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="adoptions",
                                   verbose_name=_("对应责任单位"))
    method = models.CharField(_("采信方式"), max_length=16, choices=AdoptionMethod.choices)
    # The token a batch-API adopter calls with; its checks count as theirs.
    api_token = models.ForeignKey("api.ApiToken", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="adoptions",
                                  verbose_name=_("接口令牌"))
    document = models.CharField(_("依据文件"), max_length=200, blank=True)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("停止日期"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "adopter_name"]
        verbose_name = _("认证结果采信")
        verbose_name_plural = _("认证结果采信")
        constraints = [
            models.UniqueConstraint(fields=["adopter_name", "method"],
                                    name="programmes_adoption_once"),
            models.CheckConstraint(
                condition=~Q(method="batch_api") | Q(api_token__isnull=False),
                name="programmes_batch_api_has_token"),
        ]

    def __str__(self) -> str:
        return f"{self.adopter_name}（{self.get_method_display()}）"


class CheckVolume(models.Model):
    """How many certificates an adopter checked in a month. The batch API
    keeps no per-token count, so the figure comes from the token's request
    log or the adopter's own report, entered or imported with its source."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="volumes",
                                 verbose_name=_("采信"))
    month = models.DateField(_("月份（当月1日）"))
    checks = models.PositiveIntegerField(_("核验次数"))
    source = models.CharField(_("数据来源"), max_length=200)

    class Meta:
        ordering = ["adoption", "month"]
        verbose_name = _("核验量")
        verbose_name_plural = _("核验量")
        # The month is stored as its first day (actions.record_check_volume).
        constraints = [models.UniqueConstraint(fields=["adoption", "month"],
                                               name="programmes_volume_once")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.checks}"


class KeyEnergyUser(models.Model):
    """An enterprise on the list of key energy-using units (重点用能单位)."""

    enterprise = models.ForeignKey("registry.Enterprise", on_delete=models.PROTECT,
                                   related_name="energy_listings", verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("名单年度"))
    sector = models.CharField(_("领域"), max_length=40, blank=True)
    consumption_tce = models.DecimalField(_("年综合能耗（吨标准煤）"), max_digits=14,
                                          decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-year", "enterprise"]
        verbose_name = _("重点用能单位")
        verbose_name_plural = _("重点用能单位")
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"],
                                               name="programmes_energy_user_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise_id}"


class DepartmentQMS(models.Model):
    """A department's own quality-management-system certification (task 13).
    The certificate is the registry's when the department is in it, else
    its particulars are kept here."""

    department = models.ForeignKey("plan.Department", on_delete=models.PROTECT,
                                   related_name="qms_certifications", verbose_name=_("部门"))
    certificate = models.ForeignKey("registry.Certificate", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记证书"))
    certificate_number = models.CharField(_("证书编号"), max_length=64)
    body_name = models.CharField(_("认证机构"), max_length=200)
    issued_on = models.DateField(_("颁证日期"))
    expires_on = models.DateField(_("有效期至"))
    withdrawn_on = models.DateField(_("撤销或注销日期"), null=True, blank=True)

    class Meta:
        ordering = ["department", "-issued_on"]
        verbose_name = _("部门质量管理体系认证")
        verbose_name_plural = _("部门质量管理体系认证")
        constraints = [models.UniqueConstraint(fields=["department", "certificate_number"],
                                               name="programmes_dept_qms_once")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.certificate_number}"
