"""Users in the back office: their role and the one organisation it is bound to."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from qualitycert.accounts import actions as account_actions
from qualitycert.accounts.actor import Actor
from qualitycert.accounts.forms import UserAddForm, UserEditForm
from qualitycert.accounts.models import Role, User
from qualitycert.accounts.roles import SECURITY_MANAGERS, USER_MANAGERS, effective_role
from qualitycert.audit.chain import append as audit_append

from .base import AuditedAdmin, RoleScopedAdmin

# Roles, not groups, grant access here; an unused Group screen would suggest otherwise.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(RoleScopedAdmin, AuditedAdmin, DjangoUserAdmin):
    # 三员分立: the system administrator changes accounts; the security
    # administrator sees them to unlock them or reset their second factor.
    view_roles = USER_MANAGERS | SECURITY_MANAGERS
    add_roles = USER_MANAGERS
    change_roles = USER_MANAGERS
    actions = ["unlock_accounts", "reset_second_factor"]
    form = UserEditForm
    add_form = UserAddForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("first_name", "last_name", "email")}),
        (_("角色与所属组织"),
         {"fields": ("role", "body", "lab", "enterprise", "department"),
          "description": _("认证机构人员须选所属认证机构，检验检测机构人员须选所属机构，企业用户须选所属企业，责任单位人员须选所属单位；其他角色不选。")}),
        (_("状态"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2")}),
        (_("角色与所属组织"),
         {"fields": ("role", "body", "lab", "enterprise", "department", "is_staff")}),
    )
    list_display = ("username", "full_name", "role", "organisation", "is_staff", "is_active",
                    "last_login")
    list_filter = ("role", "is_staff", "is_active", "is_superuser")
    list_select_related = ("body", "lab", "enterprise", "department")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("body", "lab", "enterprise", "department")
    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description=_("姓名"))
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("所属组织"))
    def organisation(self, user: User) -> str:
        org = user.body or user.lab or user.enterprise or user.department
        return str(org) if org else "—"

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role
                       ) -> QuerySet[Any]:
        return qs if role in self.view_roles else qs.none()

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if effective_role(request.user) not in SECURITY_MANAGERS:
            for name in ("unlock_accounts", "reset_second_factor"):
                actions.pop(name, None)
        return actions

    @admin.action(description=_("解除所选账号的登录锁定"))
    def unlock_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_actions.unlock_account(user, actor=Actor.of(request.user), request=request)
        self.message_user(request, _("已解除 %(n)d 个账号的锁定。") % {"n": len(queryset)},
                          messages.SUCCESS)

    @admin.action(description=_("重置所选账号的双因素验证"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            account_actions.reset_second_factor(user, actor=Actor.of(request.user),
                                                request=request)
        self.message_user(request, _("已重置 %(n)d 个账号的双因素验证，下次登录时重新绑定。")
                          % {"n": len(queryset)}, messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = (account_actions.permission_snapshot(User.objects.get(pk=obj.pk))
                  if change else {})
        super().save_model(request, obj, form, change)
        account_actions.record_permission_change(obj, before, actor=request.user,
                                                 request=request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        # Superuser status bypasses roles; only a superuser may hand it out.
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        return readonly

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = ""
                             ) -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, id)
                audit_append(action="admin.password_set", object_type="accounts.user",
                             object_id=str(user.pk), object_repr=str(user),
                             actor=Actor.of(request.user))
        return response
