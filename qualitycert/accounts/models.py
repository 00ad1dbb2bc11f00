"""Users, their role, and the one organisation a scoped role belongs to."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    SUPERVISOR = "supervisor", _("监管人员")
    DEPARTMENT = "department", _("责任单位人员")
    INSPECTOR = "inspector", _("执法检查人员")
    CB_OPERATOR = "cb_operator", pgettext_lazy("role", "认证机构人员")
    LAB_OPERATOR = "lab_operator", _("检验检测机构人员")
    ENTERPRISE = "enterprise", _("企业用户")
    API_CLIENT = "api_client", _("接口客户端")
    # 三员分立 (等保 level 3): beside the system administrator, who manages
    # accounts, a security administrator (lockouts, second factors, the
    # security log) and an audit administrator (reads both logs, changes nothing).
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


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


class AppendOnlyError(RuntimeError):
    pass


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("security events are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are removed only by archive-logs")

    def remove_archived_before(self, cutoff: object) -> int:
        """archive-logs only, after writing the rows to the archive file and
        never inside the retention period (checked by the command)."""
        return models.QuerySet.delete(self.filter(at__lt=cutoff))[0]


class SecurityEvent(models.Model):
    """The security log (等保 安全审计): sign-ins, failures, lockouts,
    second-factor changes and permission changes. Append-only like the audit
    log; unlike it, attacker-driven (every failed login writes one), so it is
    a table of its own rather than links in the audit chain."""

    class Kind(models.TextChoices):
        PASSWORD_OK = "password_ok", _("密码验证通过")
        LOGIN = "login", _("登录成功")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED = "locked", _("账号锁定")
        UNLOCKED = "unlocked", _("解除锁定")
        LOGOUT = "logout", _("退出登录")
        SESSION_EXPIRED = "session_expired", _("会话超时")
        SECOND_FACTOR_FAILED = "2fa_failed", _("动态验证码错误")
        SECOND_FACTOR_ENROLLED = "2fa_enrolled", _("绑定验证器")
        SECOND_FACTOR_RESET = "2fa_reset", _("重置双因素")
        RECOVERY_CODE_USED = "recovery_used", _("使用恢复码")
        RECOVERY_CODES_REPLACED = "recovery_replaced", _("更换恢复码")
        PERMISSION_CHANGED = "permission_changed", _("权限变更")
        REAUTHENTICATED = "reauthenticated", _("再次验证身份")
        STORE_UNAVAILABLE = "store_unavailable", _("计数存储不可用")

    at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("事件"), max_length=24, choices=Kind.choices, db_index=True)
    # The account the event is about, as typed (a failed login may name none).
    username = models.CharField(_("账号"), max_length=150, blank=True, db_index=True)
    user_id_at_time = models.BigIntegerField(_("账号编号"), null=True, blank=True)
    # Who acted, when not the account itself (an unlock, a permission change).
    actor = models.CharField(_("操作人"), max_length=150, blank=True)
    address = models.CharField(_("来源地址"), max_length=64, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("安全日志")
        verbose_name_plural = _("安全日志")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("security events are never updated")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are removed only by archive-logs")
