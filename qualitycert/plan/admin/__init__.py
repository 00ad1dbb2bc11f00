"""The plan in the back office: units (units.py); tasks, targets and the
assessment weights (tasks.py)."""

from . import tasks, units

__all__ = ["tasks", "units"]
