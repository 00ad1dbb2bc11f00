"""The plan's models: the plan as data (plan.py) and the progress reports
units file against it (reports.py)."""

from .plan import (
    AssessmentRule,
    Comparison,
    Department,
    Indicator,
    ManualFigure,
    PeriodDeadline,
    Plan,
    PlanSection,
    ReminderLog,
    ReportFrequency,
    Target,
    TargetSnapshot,
    Task,
    WorkItem,
    WorkItemUnit,
)
from .reports import (
    InvalidReportTransition,
    ProgressReport,
    ProgressStatus,
    ReportAttachment,
    ReportReview,
    ReportState,
    ReviewOutcome,
)

__all__ = [
    "AssessmentRule", "Comparison", "Department", "Indicator", "InvalidReportTransition",
    "ManualFigure",
    "PeriodDeadline", "Plan", "PlanSection", "ProgressReport", "ProgressStatus",
    "ReminderLog", "ReportAttachment", "ReportFrequency", "ReportReview", "ReportState",
    "ReviewOutcome", "Target", "TargetSnapshot", "Task", "WorkItem", "WorkItemUnit",
]
