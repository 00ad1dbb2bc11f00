"""The plan's tasks, targets, reports and assessment rules in the back office.

The plan itself is a published document loaded from JSON, so it is read-only
here. Reports are filed and reviewed on the site (/plan/), where the
workflow's checks live; the back office shows them. The two kinds of data the
bureau sets here — assessment weights and moved deadlines — go through the
audited actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from qualitycert.accounts.actor import Actor
from qualitycert.accounts.roles import BUREAU, NOBODY
from qualitycert.backoffice.base import ParentScopedInline, RoleScopedAdmin

from .. import actions
from ..models import (
    AssessmentRule,
    ManualFigure,
    PeriodDeadline,
    Plan,
    ProgressReport,
    ReminderLog,
    Target,
    Task,
    WorkItem,
)


class ReadOnlyAdmin(RoleScopedAdmin):
    view_roles = BUREAU
    add_roles = NOBODY
    change_roles = NOBODY

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


class WorkItemInline(ParentScopedInline, admin.TabularInline):
    model = WorkItem
    read_only = True
    fields = ("item", "content", "lead")
    readonly_fields = fields


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "document_number", "published_on", "report_frequency")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("number", "name", "section")
    list_filter = ("plan",)
    inlines = [WorkItemInline]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ("name", "comparison", "goal", "unit", "indicator")


@admin.register(ManualFigure)
class ManualFigureAdmin(ReadOnlyAdmin):
    list_display = ("target", "value", "as_of", "source", "entered_by", "entered_at")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("period", "work_item", "department", "status", "state", "submitted_at")
    list_filter = ("period", "state", "status")
    list_select_related = ("work_item__task", "department")


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ("sent_on", "department", "plan")


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(RoleScopedAdmin):
    """Adding a row makes a new version through the action; rows are never edited."""

    view_roles = BUREAU
    add_roles = BUREAU
    change_roles = NOBODY
    list_display = ("plan", "effective_year", "version", "weight_timeliness",
                    "weight_completeness", "weight_review", "note")
    fields = ("plan", "effective_year", "weight_timeliness", "weight_completeness",
              "weight_review", "note")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        saved = actions.add_assessment_rule(
            plan=obj.plan, effective_year=obj.effective_year, timeliness=obj.weight_timeliness,
            completeness=obj.weight_completeness, review=obj.weight_review, note=obj.note,
            actor=Actor.of(request.user))
        obj.pk, obj.version = saved.pk, saved.version


@admin.register(PeriodDeadline)
class PeriodDeadlineAdmin(RoleScopedAdmin):
    view_roles = BUREAU
    add_roles = BUREAU
    change_roles = BUREAU
    list_display = ("plan", "period", "due_on", "reason")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        saved = actions.set_period_deadline(plan=obj.plan, period=obj.period, due_on=obj.due_on,
                                            reason=obj.reason, actor=Actor.of(request.user))
        obj.pk = saved.pk
