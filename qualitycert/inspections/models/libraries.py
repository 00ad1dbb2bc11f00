"""The two libraries of 双随机: whom we may inspect (检查对象名录库) and who may
inspect (执法检查人员名录库), and the declared conflicts between them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RiskClass(models.TextChoices):
    """SAMR's credit-risk classes (internal, never shown to the public)."""

    A = "A", _("A 类（信用风险低）")
    B = "B", _("B 类（信用风险一般）")
    C = "C", _("C 类（信用风险较高）")
    D = "D", _("D 类（信用风险高）")


class RiskSource(models.TextChoices):
    RULE = "rule", _("默认规则")
    CREDIT = "credit", _("信用风险分类")


class TargetKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    CERTIFICATION_BODY = "certification_body", _("认证机构")
    LAB = "lab", _("检验检测机构")
    SELF_DECLARER = "self_declarer", _("自我声明企业")


class Target(models.Model):
    """One entry of the target library, built from the registry by
    ``actions.refresh_target_library``. The identifier is the USCC for an
    enterprise, the approval number for a certification body and the CMA
    number for a lab: the key by which the frozen candidate list is sorted."""

    kind = models.CharField(_("类型"), max_length=20, choices=TargetKind.choices)
    identifier = models.CharField(_("标识"), max_length=32)
    name = models.CharField(_("名称"), max_length=200)
    enterprise = models.ForeignKey("registry.Enterprise", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="inspection_targets",
                                   verbose_name=_("企业"))
    body = models.ForeignKey("registry.CertificationBody", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="inspection_targets",
                             verbose_name=_("认证机构"))
    lab = models.ForeignKey("registry.Lab", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="inspection_targets", verbose_name=_("检验检测机构"))
    industry_code = models.CharField(_("行业代码"), max_length=5, blank=True)
    division_code = models.CharField(_("行政区划"), max_length=6, blank=True)
    risk_class = models.CharField(_("风险分类"), max_length=1,
                                  choices=RiskClass.choices, default=RiskClass.B)
    # A class set by the credit work is never overwritten by the default rules.
    risk_source = models.CharField(_("分类来源"), max_length=8,
                                   choices=RiskSource.choices, default=RiskSource.RULE)
    risk_reason = models.CharField(_("分类理由"), max_length=200, blank=True)
    active = models.BooleanField(_("在库"), default=True)
    # Whom inspectors call before a visit. Kept by bureau staff (the registry
    # holds no contacts); the library refresh never overwrites them.
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    refreshed_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["kind", "identifier"]
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象名录库")
        constraints = [models.UniqueConstraint(fields=["kind", "identifier"],
                                               name="insp_target_unique_identifier")]
        indexes = [models.Index(fields=["kind", "active", "risk_class"],
                                name="insp_target_kind_risk")]

    def __str__(self) -> str:
        return f"{self.name}（{self.identifier}）"


class Inspector(models.Model):
    """An enforcement officer (执法检查人员) of one department."""

    name = models.CharField(_("姓名"), max_length=100)
    department = models.ForeignKey("plan.Department", on_delete=models.PROTECT,
                                   related_name="inspectors", verbose_name=_("所属单位"))
    enforcement_number = models.CharField(_("执法证号"),
                                          max_length=40, unique=True)
    specialties = models.JSONField(_("专业领域"), default=list, blank=True)
    active = models.BooleanField(_("在岗"), default=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="inspector_profile",
                                limit_choices_to={"role": "inspector"},
                                verbose_name=_("登录账号"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["enforcement_number"]
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员名录库")
        indexes = [models.Index(fields=["department", "active"], name="insp_inspector_dept")]

    def __str__(self) -> str:
        return f"{self.name}（{self.enforcement_number}）"

    def clean(self) -> None:
        super().clean()
        if self.user_id and getattr(self.user, "role", None) != "inspector":
            raise ValidationError({"user": _("只能关联执法检查人员角色的账号")})
        if not isinstance(self.specialties, list) or not all(
                isinstance(s, str) for s in self.specialties):
            raise ValidationError({"specialties": _("专业领域应为文本列表")})


class ConflictOfInterest(models.Model):
    """A declared conflict (利害关系): the inspector is never assigned to the target."""

    inspector = models.ForeignKey(Inspector, on_delete=models.CASCADE, related_name="conflicts",
                                  verbose_name=_("执法检查人员"))
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="conflicts",
                               verbose_name=_("检查对象"))
    reason = models.TextField(_("回避理由"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    declared_at = models.DateTimeField(_("申报时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "利害关系回避")
        verbose_name_plural = pgettext_lazy("models", "利害关系回避")
        constraints = [models.UniqueConstraint(fields=["inspector", "target"],
                                               name="insp_conflict_unique")]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.target}"
