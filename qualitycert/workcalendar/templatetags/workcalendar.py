"""The back office's yearly reminder: `{% holiday_notice_reminder %}` on the
admin home shows admins and supervisors which notices to enter (from
1 November for next year's, and this year's while it is missing)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ..access import may_enter_arrangements
from ..queries import notices_due

register = template.Library()


def reminder_context(user: Any) -> dict[str, Any]:
    """What the reminder shows to ``user`` today: the years still to enter."""
    if not may_enter_arrangements(user):
        return {"years": []}
    return {"years": notices_due(timezone.localdate())}


@register.inclusion_tag("workcalendar/_admin_reminder.html", takes_context=True)
def holiday_notice_reminder(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    return reminder_context(getattr(request, "user", None))
