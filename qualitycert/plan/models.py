"""Departments (责任单位). The plan's tasks and progress reports build on these."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    code = models.SlugField(_("代码 code"), max_length=40, unique=True)
    name = models.CharField(_("名称 name"), max_length=100, unique=True)
    # Other spellings found in source documents (the seed writes both 区科技局
    # and 区科学技术局 for one unit).
    aliases = models.JSONField(_("别名 aliases"), default=list, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("责任单位 department")
        verbose_name_plural = _("责任单位 departments")

    def __str__(self) -> str:
        return self.name
