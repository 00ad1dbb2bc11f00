"""The standard grounds for a certificate's lifecycle decisions (issue 11).

A clerk picks the ground from a list instead of typing it, so the registry
can count suspensions by ground and the public page can say the same ground
in the reader's language. The lists follow 《认证证书和认证标志管理办法》
(注销 art. 26, 暂停 art. 27, 撤销 art. 28) and the CNCA management-system
certification rules (CNCA-QMS-01 §5.5: suspension for a missed surveillance
audit, a licence suspended by the authorities, the holder's own request;
withdrawal when a suspension ends without correction). Each list ends in
"其他（请说明）", which asks for the words themselves.

What is stored: the code beside the reason as a sentence in Chinese (the
label, or the label and the clerk's note). The sentence is what the audit
log, the transparency log, the webhooks and every reader before this change
keep showing; the code is for counting and for translating the label.
A reason given as one text (an import cell, the command line, an older
caller) is read by parse_reason: a code or a label of the step's list is that
ground, anything else free text, kept as written with a code of "".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

# Between the label and the clerk's note in the stored sentence.
NOTE_SEPARATOR = "："


class ReasonCode(models.TextChoices):
    # 暂停 (art. 27; CNCA-QMS-01 §5.5.1)
    MISUSED_MARK = "misused_mark", _("获证组织未按规定使用认证证书或认证标志")
    SURVEILLANCE_FAILED = "surveillance_failed", _("监督审核不合格")
    SURVEILLANCE_MISSED = "surveillance_missed", _("未按期接受监督审核")
    NO_LONGER_CONFORMS = "no_longer_conforms", _("获证产品或管理体系不再符合认证要求")
    HOLDER_ASKED_SUSPENSION = "holder_asked_suspension", _("获证组织主动申请暂停")
    TRANSITION_MISSED = "transition_missed", _("认证依据或认证规则变更，未按期完成转换")
    SAMPLING_FAILED = "sampling_failed", _("产品质量监督抽查不合格")
    LICENCE_SUSPENDED = "licence_suspended", _("获证组织被责令停业整顿或行政许可被暂停")
    # 撤销 (art. 28; CNCA-QMS-01 §5.5.2)
    NOT_CORRECTED = "not_corrected", _("暂停期满未整改或整改后仍不符合要求")
    HOLDER_ASKED_WITHDRAWAL = "holder_asked_withdrawal", _("获证组织主动申请撤销")
    MAJOR_INCIDENT = "major_incident", _("发生重大质量安全事故")
    FALSE_MATERIALS = "false_materials", _("提供虚假材料或以欺骗等不正当手段获得认证")
    REFUSED_SUPERVISION = "refused_supervision", _("拒绝接受监督检查或监督抽查")
    SERIOUS_NONCONFORMITY = "serious_nonconformity", _("监督结果证明严重不符合认证要求")
    LICENCE_REVOKED = "licence_revoked", _("获证组织的行政许可或营业执照被撤销、吊销")
    # 恢复
    CORRECTED = "corrected", _("整改完成并经认证机构验证")
    CAUSE_REMOVED = "cause_removed", _("暂停原因已消除")
    HOLDER_ASKED_RESTORATION = "holder_asked_restoration", _("获证组织申请恢复（主动暂停期满）")
    # 注销 (art. 26)
    NOT_RENEWED = "not_renewed", _("证书有效期届满，获证组织未申请延续")
    PRODUCT_DISCONTINUED = "product_discontinued", _("获证产品不再生产")
    PRODUCT_BANNED = "product_banned", _("获证产品型号列入国家明令淘汰或禁止生产的产品目录")
    HOLDER_ASKED_CANCELLATION = "holder_asked_cancellation", _("获证组织申请注销")
    HOLDER_CLOSED = "holder_closed", _("获证组织已注销登记或终止经营")
    # every list
    OTHER = "other", _("其他（请说明）")


R = ReasonCode
# The grounds offered for each step that needs one, by EventKind value (this
# module sits below lifecycle.py, whose rules ask it), in the order the clerk
# reads them: the most frequent first, "other" last.
REASONS: dict[str, tuple[ReasonCode, ...]] = {
    "suspend": (R.SURVEILLANCE_MISSED, R.SURVEILLANCE_FAILED, R.NO_LONGER_CONFORMS,
                R.MISUSED_MARK, R.SAMPLING_FAILED, R.TRANSITION_MISSED, R.LICENCE_SUSPENDED,
                R.HOLDER_ASKED_SUSPENSION, R.OTHER),
    "withdraw": (R.NOT_CORRECTED, R.SERIOUS_NONCONFORMITY, R.MAJOR_INCIDENT, R.FALSE_MATERIALS,
                 R.REFUSED_SUPERVISION, R.LICENCE_REVOKED, R.HOLDER_ASKED_WITHDRAWAL, R.OTHER),
    "restore": (R.CORRECTED, R.CAUSE_REMOVED, R.HOLDER_ASKED_RESTORATION, R.OTHER),
    "cancel": (R.HOLDER_ASKED_CANCELLATION, R.NOT_RENEWED, R.PRODUCT_DISCONTINUED,
               R.PRODUCT_BANNED, R.HOLDER_CLOSED, R.OTHER),
}


def reasons_for(kind: str) -> tuple[ReasonCode, ...]:
    """The standard grounds of a step (an EventKind); () for steps that have none."""
    return REASONS.get(str(kind), ())


def is_standard(kind: str, code: str) -> bool:
    return code in reasons_for(kind)


@cache
def chinese_label(code: str) -> str:
    """The label as the record keeps it, whatever the clerk's language."""
    with override("zh-hans"):
        return str(ReasonCode(code).label)


@dataclass(frozen=True)
class StatusReason:
    """A step's reason: the chosen ground (or "" for free text) and the
    clerk's own words (the whole reason for free text and "other", an
    optional note beside a standard ground)."""

    code: str
    note: str = ""

    def text(self) -> str:
        """The sentence stored on the event and the certificate."""
        note = self.note.strip()
        if not self.code or self.code == ReasonCode.OTHER:
            return note
        label = chinese_label(self.code)
        return f"{label}{NOTE_SEPARATOR}{note}" if note else label


def parse_reason(kind: str, raw: str) -> StatusReason:
    """A reason given as one text (an import cell, the command line, a caller
    without a code): a code of the step's list, or its Chinese label alone or
    followed by "：" and a note, is that ground; anything else is free text."""
    text = (raw or "").strip()
    for code in reasons_for(kind):
        if code == ReasonCode.OTHER:
            continue
        label = chinese_label(code.value)
        if text in (code.value, label):
            return StatusReason(code.value)
        if text.startswith(label + NOTE_SEPARATOR):
            return StatusReason(code.value, text[len(label) + len(NOTE_SEPARATOR):])
    return StatusReason("", text)


def needs_words(code: str) -> bool:
    """Free text and "other" are nothing without the clerk's words."""
    return not code or code == ReasonCode.OTHER


def display_reason(code: str, text: str) -> str:
    """A stored reason in the active language: a standard ground's label is
    translated, the clerk's note (and any free text) is shown as written."""
    if not code or code == ReasonCode.OTHER or code not in ReasonCode.values:
        return text
    label = chinese_label(code)
    if not text.startswith(label):
        return text
    note = text[len(label):].removeprefix(NOTE_SEPARATOR).strip()
    shown = str(ReasonCode(code).label)
    if not note:
        return shown
    return f"{shown}{NOTE_SEPARATOR if shown == label else ': '}{note}"
