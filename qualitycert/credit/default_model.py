"""The first grading model the bureau starts from (a draft it may change
before publishing): indicator groups after GB/T 31863-2015 — 质量诚信理念
(philosophy), 履行质量承诺能力 (capability), 兑现质量承诺表现 (performance) —
plus risk signals; SAMR's A–D classes as thresholds. Weights are the
bureau's to set; these are a reasonable start, not a rule."""

from __future__ import annotations

from typing import Any

from .grading import FORMAT


def _ind(code: str, group: str, fact: str, rule: str, weight: int, label: str, label_en: str,
         **more: Any) -> dict[str, Any]:
    return {"code": code, "group": group, "fact": fact, "rule": rule, "weight": weight,
            "label": label, "label_en": label_en, **more}


DEFAULT_SPEC: dict[str, Any] = {
    "format": FORMAT,
    "indicators": [
        _ind("quality_commitment", "philosophy", "quality_commitment", "presence", 5,
             "公开质量诚信承诺", "Public quality-integrity commitment", count="active"),
        _ind("certificates_held", "capability", "certificate_held", "more_is_better", 20,
             "持有有效认证证书", "Valid certificates held", count="active", cap=2),
        _ind("self_declarations", "capability", "self_declaration", "presence", 5,
             "有效自我声明", "Self-declarations in force", count="active"),
        _ind("quality_awards", "capability", "quality_award", "presence", 5,
             "近五年获质量奖", "Quality award in five years", window_days=1826),
        _ind("brands", "capability", "brand", "presence", 5,
             "自主品牌", "Own brand", count="active"),
        _ind("sampling_pass_rate", "performance", "sampling_pass", "ratio", 20,
             "近三年监督抽查合格率", "Sampling pass rate, three years",
             against="sampling_fail", window_days=1096, empty=800),
        _ind("inspection_clean_rate", "performance", "inspection_clean", "ratio", 15,
             "近三年双随机抽查无问题比例", "Random inspections without findings, three years",
             against="inspection_problem", window_days=1096, empty=800),
        _ind("certificate_suspensions", "risk", "certificate_suspended", "fewer_is_better", 10,
             "近三年证书被暂停", "Certificates suspended, three years",
             window_days=1096, cap=2),
        _ind("certificate_withdrawals", "risk", "certificate_withdrawn", "fewer_is_better", 10,
             "近五年证书被撤销", "Certificates withdrawn, five years", window_days=1826, cap=1),
        _ind("penalties", "risk", "penalty", "fewer_is_better", 15,
             "近三年行政处罚", "Administrative penalties, three years", window_days=1096, cap=2),
        _ind("complaints", "risk", "complaint", "fewer_is_better", 5,
             "近一年投诉举报", "Complaints, one year", window_days=366, cap=5),
        _ind("forgery_reports", "risk", "forgery_report", "fewer_is_better", 5,
             "近三年伪造冒用证书举报", "Forgery reports, three years", window_days=1096, cap=1),
        _ind("false_declarations", "risk", "false_declaration", "fewer_is_better", 5,
             "近三年虚假自我声明", "False self-declarations, three years",
             window_days=1096, cap=1),
        _ind("refused_inspections", "risk", "inspection_refused", "fewer_is_better", 5,
             "近三年拒绝检查", "Refused inspections, three years", window_days=1096, cap=1),
    ],
    "vetoes": [{"fact": "dishonesty_listed", "grade": "D"}],
    "thresholds": {"A": 85, "B": 70, "C": 55},
}
