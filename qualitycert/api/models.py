"""The tokens procurement and bank systems call the API with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token for a procurement or bank system (role api_client).
    Only the SHA-256 digest is stored; the token is shown once, at creation."""

    name = models.CharField(_("名称"), max_length=120)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="api_tokens", verbose_name=_("所属用户"))
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so staff can tell tokens apart without the secret.
    token_prefix = models.CharField(_("令牌前缀"), max_length=12, editable=False)
    rate_limit_per_minute = models.PositiveIntegerField(_("每分钟请求上限"),
                                                        default=600)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
