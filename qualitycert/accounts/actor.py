"""Who does a thing: the one value every action's keyword-only `actor` takes.

    actor = Actor.of(request.user)          # a view or the back office
    actor = Actor.signer(options["signer"]) # a management command's --signer
    actor = Actor.system()                  # a scheduled job nobody decides

An Actor is built once, where the request or command comes in, and refuses a
user who may not act at all (anonymous, inactive, or in no known role), so an
action never has to ask again whether its caller is a live account. What the
actor may do is still each app's `access.py`, through `accounts.roles`.

`signature()` is the one rendering of a signer's name (谁签字，谁担责): the
audit log's `actor_label`, a certificate event's `signer_name`, an import
batch's label and a transparency-log leaf's `signer` all come from it. The
format, "full name (username)" or the bare username, is the one the audit
log has always used, so the hash chain's labels stay comparable over time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import SCOPE_FIELD, Role, User

if TYPE_CHECKING:
    from qualitycert.plan.models import Department
    from qualitycert.registry.models import CertificationBody, Enterprise, Lab

    Organisation: TypeAlias = CertificationBody | Lab | Enterprise | Department

SYSTEM_SIGNATURE = "system"


class NotAnActor(PermissionDenied):
    """The user may not act: anonymous, inactive, or in no known role."""


class UnknownSigner(ValueError):
    """A command's --signer names no active user."""


@dataclass(frozen=True, eq=False)
class Actor:
    """A user acting in their role for their organisation, or the system."""

    user: User | None
    role: Role
    # The body, lab, enterprise or department a scoped role belongs to.
    organisation: Organisation | None = None

    @classmethod
    def of(cls, user: Any) -> Actor:
        """The actor for a logged-in user; NotAnActor (a PermissionDenied, so a
        view answers 403) for anyone who may not act."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            raise NotAnActor(_("未登录或账户已停用"))
        if user.is_superuser:
            role = Role.ADMIN
        else:
            try:
                role = Role(user.role)
            except ValueError:
                raise NotAnActor(_("未知角色 %(role)s") % {"role": repr(user.role)}) from None
        field = SCOPE_FIELD.get(role)
        organisation = getattr(user, field) if field else None
        if field and organisation is None:
            # A scoped role without its organisation can act for nobody.
            raise NotAnActor(_("该账户未关联所属组织"))
        return cls(user=user, role=role, organisation=organisation)

    @classmethod
    def signer(cls, username: str) -> Actor:
        """The actor a management command runs as: the active user its
        `--signer USER` names. Commands that change what a regulator keeps
        are signed by a person, never by the operating-system account."""
        user = User.objects.filter(username=username).first() if username else None
        if user is None or not user.is_active:
            raise UnknownSigner(_("没有名为 %(name)s 的有效用户") % {"name": repr(username)})
        try:
            return cls.of(user)
        except NotAnActor as exc:
            raise UnknownSigner(f"{username!r}: {exc}") from None

    @classmethod
    def system(cls) -> Actor:
        """The system itself, for jobs no person decides: a certificate expiring
        on its end date, the nightly refresh of the inspection target library,
        reminders, the demo data. Never for a decision the law has a person
        sign (a suspension, a withdrawal, an import): those take --signer."""
        return cls(user=None, role=Role.ADMIN)

    def person(self) -> User:
        """The user behind an act only a person may do (a review, a figure
        entered by hand); the system is refused."""
        if self.user is None:
            raise PermissionDenied(_("须由具名用户操作"))
        return self.user

    @property
    def is_system(self) -> bool:
        return self.user is None

    @property
    def user_id(self) -> int | None:
        return None if self.user is None else self.user.pk

    # The organisation under the name a User gives it, so an access check
    # reads an Actor and a request's user alike (actor.body_id, user.body_id).
    def _organisation(self, role: Role) -> Any:
        return self.organisation if self.role == role else None

    def _organisation_id(self, role: Role) -> int | None:
        organisation = self._organisation(role)
        return None if organisation is None else organisation.pk

    @property
    def body(self) -> CertificationBody | None:
        return self._organisation(Role.CB_OPERATOR)  # type: ignore[no-any-return]

    @property
    def lab(self) -> Lab | None:
        return self._organisation(Role.LAB_OPERATOR)  # type: ignore[no-any-return]

    @property
    def enterprise(self) -> Enterprise | None:
        return self._organisation(Role.ENTERPRISE)  # type: ignore[no-any-return]

    @property
    def department(self) -> Department | None:
        return self._organisation(Role.DEPARTMENT)  # type: ignore[no-any-return]

    @property
    def body_id(self) -> int | None:
        return self._organisation_id(Role.CB_OPERATOR)

    @property
    def lab_id(self) -> int | None:
        return self._organisation_id(Role.LAB_OPERATOR)

    @property
    def enterprise_id(self) -> int | None:
        return self._organisation_id(Role.ENTERPRISE)

    @property
    def department_id(self) -> int | None:
        return self._organisation_id(Role.DEPARTMENT)

    def signature(self) -> str:
        """The name that goes on a signed change."""
        if self.user is None:
            return SYSTEM_SIGNATURE
        full = self.user.get_full_name()
        return f"{full} ({self.user.username})" if full else self.user.username

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Actor):
            return NotImplemented
        return (self.user_id, self.role) == (other.user_id, other.role)

    def __hash__(self) -> int:
        return hash((self.user_id, self.role))

    def __str__(self) -> str:
        return self.signature()
