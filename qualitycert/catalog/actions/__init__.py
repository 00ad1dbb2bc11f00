"""Every write of the catalog app: atomic, audited, keyword-only `actor`."""

from .catalogue import (
    check_change,
    link_ccc_certificates_by_number,
    link_certificate,
    record_catalogue_change,
)
from .declarations import (
    check_declaration,
    file_declaration,
    revoke_declaration,
    withdraw_declaration,
)
from .market import close_case, market_check, uncovered_case
from .sampling import (
    check_sample_market,
    close_sampling_plan,
    create_sampling_plan,
    draw_sample,
    enter_sample_result,
    record_follow_up,
    sample_source,
)

__all__ = [
    "check_change",
    "check_declaration",
    "check_sample_market",
    "close_case",
    "close_sampling_plan",
    "create_sampling_plan",
    "draw_sample",
    "enter_sample_result",
    "file_declaration",
    "link_ccc_certificates_by_number",
    "link_certificate",
    "market_check",
    "record_catalogue_change",
    "record_follow_up",
    "revoke_declaration",
    "sample_source",
    "uncovered_case",
    "withdraw_declaration",
]
