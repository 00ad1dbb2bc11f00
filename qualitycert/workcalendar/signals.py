"""Sent inside the transaction that changes the working calendar, so whoever
keeps a deadline counted in working days recomputes it in that same
transaction; a receiver returns how many of its deadlines moved and sends its
own notices with ``transaction.on_commit``.

Arguments: ``years`` — the notices (by year) that changed, or None for "all"
(`recompute-deadlines`); ``actor``; ``reason`` — the words for the audit log
and the notices (e.g. "2027年放假安排（国办发明电〔2026〕9号）录入").
"""

from django.dispatch import Signal

working_calendar_changed = Signal()
