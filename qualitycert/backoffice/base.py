"""Building blocks every back-office ModelAdmin uses: role-driven permissions
with organisation scoping, audited saves, and pagination that copes with
multi-million-row tables."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, ClassVar, cast

from django.contrib import admin
from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models import Q, QuerySet
from django.forms import BaseFormSet, ModelForm
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.models import Role, User
from qualitycert.accounts.roles import ADMIN_ONLY, BUREAU, NOBODY, back_office_role
from qualitycert.audit.chain import append as audit_append
from qualitycert.lib.normalize import normalize_name

from .history import AuditHistoryMixin

# Never copied into the audit log, even as "changed".
SECRET_FIELDS = frozenset({"password", "password1", "password2", "usable_password"})


def acting_user(request: HttpRequest) -> User:
    """The back office only ever runs for a logged-in user (admin_view sends
    everyone else to the login page)."""
    return cast(User, request.user)


class LargeTablePaginator(Paginator):
    """Pagination for multi-million-row tables, in two ways.

    The page is found by primary key first, without the list's joins, and
    only its rows are then fetched with them: a filtered, sorted list would
    otherwise join every matching row before sorting and cutting (0.28 s for
    a status filter at a million certificates on SQLite, a few ms this way),
    and a deep OFFSET would walk through joined rows.

    COUNT(*) over a whole PostgreSQL table costs more than the page itself,
    so an unfiltered list uses the planner's row estimate (pg_class.reltuples)
    once the table is big enough for that to matter; the pagination template
    marks such a count as approximate. Filtered lists, smaller tables and
    SQLite count exactly."""

    ESTIMATE_FROM = 200_000
    is_estimate = False

    def page(self, number: Any) -> Page:
        qs = self.object_list
        if not isinstance(qs, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(qs.values_list("pk", flat=True)[bottom:top])
        return Page(qs.filter(pk__in=ids), number, self)

    @cached_property
    def count(self) -> int:
        estimate = self._estimate()
        if estimate is not None:
            self.is_estimate = True
            return estimate
        return super().count

    def _estimate(self) -> int | None:
        qs = self.object_list
        if not isinstance(qs, QuerySet) or qs.query.where or qs.query.distinct:
            return None
        connection = connections[qs.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                           [qs.model._meta.db_table])
            row = cursor.fetchone()
        # -1 (never analysed) or a small table: count exactly.
        if row is None or row[0] < self.ESTIMATE_FROM:
            return None
        return int(row[0])


class RoleScopedAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """Permissions from the role alone. Subclasses name the roles per verb and
    narrow `scope_queryset` for roles tied to one organisation; every object
    URL goes through that queryset, so an object outside it is a 404 exactly
    like one that does not exist. Its history page reads the audit log."""

    view_roles: ClassVar[frozenset[Role]] = BUREAU
    add_roles: ClassVar[frozenset[Role]] = ADMIN_ONLY
    change_roles: ClassVar[frozenset[Role]] = ADMIN_ONLY
    delete_roles: ClassVar[frozenset[Role]] = NOBODY
    paginator = LargeTablePaginator

    def role(self, request: HttpRequest) -> Role | None:
        return back_office_role(request.user)

    def scope_queryset(self, request: HttpRequest, qs: QuerySet[Any], role: Role) -> QuerySet[Any]:
        """Bureau roles allowed here see every row; override for organisation-bound roles."""
        return qs if role in BUREAU and role in self.view_roles | self.change_roles else qs.none()

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        """A cheap per-object check beside the queryset (used on writes)."""
        return True

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        role = self.role(request)
        return qs.none() if role is None else self.scope_queryset(request, qs, role)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None
                   ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django would redirect with "perhaps it was deleted", which tells
            # a scoped user the object exists somewhere. A 404 says nothing.
            raise Http404("not found")
        return obj

    def _allowed(self, request: HttpRequest, roles: frozenset[Role], obj: Any = None) -> bool:
        role = self.role(request)
        if role is None or role not in roles:
            return False
        return obj is None or self.in_scope(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.view_roles | self.change_roles, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, self.add_roles)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.change_roles, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, self.delete_roles, obj)


class ParentScopedInline(admin.options.InlineModelAdmin):
    """An inline edited by whoever may change the parent, and shown to whoever
    may view it; `read_only = True` makes it a history that nobody edits."""

    read_only: ClassVar[bool] = False
    extra = 0

    def _parent(self) -> Any:
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(self._parent().has_view_permission(request, obj))

    def _may_edit(self, request: HttpRequest, obj: Any) -> bool:
        return not self.read_only and bool(self._parent().has_change_permission(request, obj))

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_edit(request, obj)


def text_variants(term: str) -> list[str]:
    """A search term as typed (spaces collapsed) and in its NFKC form. Names
    are stored as people wrote them, full-width brackets and all, so a search
    tries both spellings of what was typed."""
    typed = " ".join(term.split())
    return list(dict.fromkeys(v for v in (typed, normalize_name(term)) if v))


def contains_any(fields: Iterable[str], term: str) -> Q:
    match = Q()
    for variant in text_variants(term):
        for field in fields:
            match |= Q(**{f"{field}__icontains": variant})
    return match


def json_text_contains(field: str, term: str) -> Q:
    """Substring match inside a JSON list of strings (former names, aliases).
    PostgreSQL's jsonb text keeps the characters; SQLite keeps what json.dumps
    wrote, with non-ASCII text as \\uXXXX escapes, so both spellings are tried."""
    match = Q()
    for variant in text_variants(term):
        match |= Q(**{f"{field}__icontains": variant})
        escaped = json.dumps(variant)[1:-1]
        if escaped != variant:
            match |= Q(**{f"{field}__icontains": escaped})
    return match


def plain(value: Any) -> Any:
    """A form or model value as the audit log keeps it."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)}
    if isinstance(value, QuerySet):
        return [plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def field_values(obj: models.Model | None, names: Iterable[str]) -> dict[str, Any]:
    if obj is None:
        return {}
    concrete = {f.name for f in obj._meta.concrete_fields}
    return {name: plain(getattr(obj, name)) for name in names
            if name in concrete and name not in SECRET_FIELDS}


class AuditedAdmin(admin.ModelAdmin):
    """Reference data edited in the back office (enterprises, bodies, labs,
    schemes, users, departments) leaves an entry in the hash-chained audit log,
    in the same transaction as the save (the admin wraps the save in one)."""

    def _audit(self, request: HttpRequest, verb: str, obj: models.Model,
               before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
        audit_append(action=f"admin.{verb}", object_type=obj._meta.label_lower,
                     object_id=str(obj.pk), object_repr=str(obj), actor=Actor.of(request.user),
                     before=before, after=after)

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        names = [n for n in form.changed_data if n not in SECRET_FIELDS]
        before = None
        if change:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = field_values(old, names)
        super().save_model(request, obj, form, change)
        if change and not names:
            return
        self._audit(request, "change" if change else "add", obj, before,
                    field_values(obj, names) if change else _all_values(obj))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit(request, "delete", obj, _all_values(obj), None)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseFormSet,
                     change: bool) -> None:
        # Deleted rows lose their pk on delete, and changed rows their old
        # values on save: take both first.
        doomed = [(f.instance, _all_values(f.instance)) for f in formset.deleted_forms
                  if f.instance.pk is not None]
        before = {f.instance.pk: field_values(type(f.instance)._default_manager.filter(
                      pk=f.instance.pk).first(), f.changed_data)
                  for f in formset.forms
                  if f.instance.pk is not None and f.has_changed() and f not in formset.deleted_forms}
        super().save_formset(request, form, formset, change)
        for obj in getattr(formset, "new_objects", []):
            self._audit(request, "add", obj, None, _all_values(obj))
        for obj, changed in getattr(formset, "changed_objects", []):
            self._audit(request, "change", obj, before.get(obj.pk), field_values(obj, changed))
        for obj, values in doomed:
            audit_append(action="admin.delete", object_type=obj._meta.label_lower,
                         object_id=str(values.get("id")), object_repr=str(obj),
                         actor=Actor.of(request.user), before=values, after=None)


def _all_values(obj: models.Model) -> dict[str, Any]:
    return field_values(obj, [f.name for f in obj._meta.concrete_fields])
