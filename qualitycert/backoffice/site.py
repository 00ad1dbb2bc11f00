"""The back office: Django's admin, in Chinese, open to back-office roles only.

Settings name "qualitycert.backoffice.apps.BackOfficeAdminConfig" in
INSTALLED_APPS instead of "django.contrib.admin", which makes this class the
default site, so `admin.site` in qualitycert/urls.py is this site.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts.forms import BackOfficeAuthenticationForm
from qualitycert.accounts.roles import may_enter_back_office


class BackOfficeSite(admin.AdminSite):
    site_header = _("滨海新区质量认证监管后台")
    site_title = _("质量认证监管后台")
    index_title = _("后台首页")

    login_form = BackOfficeAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return may_enter_back_office(request.user)

