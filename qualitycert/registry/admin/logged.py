"""Back-office edits that change what a certificate's log leaf names."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from qualitycert.accounts.actor import Actor
from qualitycert.registry.leaves import append_related_change


class CertificateNamesInLog:
    """Renaming a holder, or renumbering a body or a scheme, changes the state
    of every certificate that names it as the public sees it: each gets a
    leaf in the transparency log, in the admin's transaction, so the log
    still replays to the registry (registry/leaves.py)."""

    logged_fields: tuple[str, ...] = ()
    logged_relation = ""
    logged_event = ""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        if change and set(form.changed_data) & set(self.logged_fields):
            append_related_change(self.logged_relation, obj.pk, event=self.logged_event,
                                  on=timezone.localdate(),
                                  signer=Actor.of(request.user).signature())
