"""Users, their role, and the one organisation a scoped role belongs to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    SUPERVISOR = "supervisor", _("监管人员")
    DEPARTMENT = "department", _("责任单位人员")
    INSPECTOR = "inspector", _("执法检查人员")
    CB_OPERATOR = "cb_operator", _("认证机构人员")
    LAB_OPERATOR = "lab_operator", _("检验检测机构人员")
    ENTERPRISE = "enterprise", _("企业用户")
    API_CLIENT = "api_client", _("接口客户端")


# Which organisation field each scoped role must have, and no other.
SCOPE_FIELD = {
    Role.CB_OPERATOR: "body",
    Role.LAB_OPERATOR: "lab",
    Role.ENTERPRISE: "enterprise",
    Role.DEPARTMENT: "department",
}


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices,
                            default=Role.SUPERVISOR)
    body = models.ForeignKey("registry.CertificationBody", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="operators",
                             verbose_name=_("所属认证机构"))
    lab = models.ForeignKey("registry.Lab", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="operators", verbose_name=_("所属检验检测机构"))
    enterprise = models.ForeignKey("registry.Enterprise", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="users",
                                   verbose_name=_("所属企业"))
    department = models.ForeignKey("plan.Department", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="users",
                                   verbose_name=_("所属单位"))

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def clean(self) -> None:
        super().clean()
        needed = SCOPE_FIELD.get(Role(self.role)) if self.role else None
        for field in SCOPE_FIELD.values():
            has_value = getattr(self, f"{field}_id") is not None
            if field == needed and not has_value:
                raise ValidationError({field: _("该角色必须指定所属组织")})
            if field != needed and has_value:
                raise ValidationError({field: _("该角色不应关联此组织")})
