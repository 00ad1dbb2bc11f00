"""How a supplier-list verdict is shown to a procurement clerk (issue 11 item 4):
the verdict in words, a colour (a tone), and advice that says what is wrong and
what to do. The page (views.py) and the result workbook (suppliers.py) both
use this, so they cannot tell a row two ways.

The machine-readable verdicts are batch.VERDICTS (an API contract); the page
adds UNCHECKED (nothing to look up) and EXAMPLE (the template's example row,
left in). A valid certificate that runs out within EXPIRING_DAYS, does not
cover the required scheme, or whose holder is on the dishonesty list keeps
its verdict `valid` but is shown as a warning.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

UNCHECKED = "unchecked"
EXAMPLE = "example_row"
EXPIRING_DAYS = 30

OK, WARN, BAD, MUTED = "ok", "warn", "bad", "muted"

VERDICT_LABELS: dict[str, Promise] = {
    "valid": gettext_lazy("有效"),
    "suspended": gettext_lazy("暂停"),
    "withdrawn": gettext_lazy("撤销"),
    "cancelled": gettext_lazy("注销"),
    "expired": gettext_lazy("过期"),
    "not_found": gettext_lazy("未找到"),
    "holder_mismatch": gettext_lazy("持证企业不符"),
    "ambiguous": gettext_lazy("多个机构有此编号"),
    "no_certificate": gettext_lazy("找到企业，未找到证书"),
    UNCHECKED: gettext_lazy("未核验"),
    EXAMPLE: gettext_lazy("模板示例行，已忽略"),
}
EXPIRING_LABEL = gettext_lazy("有效，即将到期")
NOT_COVERED_LABEL = gettext_lazy("有效，但不满足认证要求")
DISHONEST_LABEL = gettext_lazy("有效，企业列入失信名单")

TONES = {"valid": OK, "suspended": WARN, "expired": BAD, "withdrawn": BAD,
         "cancelled": BAD, "not_found": BAD, "holder_mismatch": BAD, "ambiguous": WARN,
         "no_certificate": BAD, UNCHECKED: MUTED, EXAMPLE: MUTED}
# Excel's own "good / neutral / bad" cell styles, which clerks already know.
FILLS = {OK: "C6EFCE", WARN: "FFEB9C", BAD: "FFC7CE", MUTED: "D9D9D9"}
TONE_WORDS = {OK: gettext_lazy("绿色：可以采信"),
              WARN: gettext_lazy("黄色：需核实后再采信"),
              BAD: gettext_lazy("红色：不能采信"),
              MUTED: gettext_lazy("灰色：未核验")}

ADVICE: dict[str, Promise] = {
    "suspended": gettext_lazy(
        "证书已被暂停，暂停期间不能证明认证有效。请要求供应商说明原因，恢复后再核验；恢复前不宜采信。"),
    "withdrawn": gettext_lazy(
        "证书已被认证机构撤销，不能使用。请勿采信，要求供应商提供其他有效证书。"),
    "cancelled": gettext_lazy(
        "证书已注销，不再有效。请要求供应商提供现行有效的证书。"),
    "expired": gettext_lazy(
        "证书已过有效期。请要求供应商提供换发后的新证书并重新核验。"),
    "not_found": gettext_lazy(
        "本系统未登记该证书，也未找到该企业。请核对证书编号、统一社会信用代码和名称是否填写正确；"
        "仍查不到的，请要求供应商提供证书原件，并到国家认证认可监督管理委员会网站核查。"),
    "holder_mismatch": gettext_lazy(
        "该编号的证书属于其他企业，不是所填供应商的证书。请勿采信，要求供应商提供以其自身名义取得的证书。"),
    "ambiguous": gettext_lazy(
        "多个认证机构登记了此编号，无法确定是哪一张证书。请在“认证机构批准号”列填写证书上的机构批准号后重新核验。"),
    "no_certificate": gettext_lazy(
        "已找到该企业，但没有找到所填的证书（或所要求认证项目的证书）。请核对证书编号，或要求供应商提供证书后重新核验。"),
    EXAMPLE: gettext_lazy("这是模板中的示例行，未核验，也不计入结果。可在名单中删除此行。"),
}
EXPIRING_ADVICE = gettext_lazy(
    "证书将于 %(date)s 到期（还剩 %(days)s 天）。请提醒供应商及时办理再认证，到期后重新核验。")
NOT_COVERED_ADVICE = gettext_lazy(
    "证书有效，但其认证项目（%(scheme)s）不是所要求的“%(required)s”。请要求供应商提供所要求认证项目的证书。")
DISHONEST_ADVICE = gettext_lazy("持证企业列入失信名单，采信前请核实。")
UNKNOWN_SCHEME_ADVICE = gettext_lazy(
    "无法识别所要求的认证项目“%(raw)s”。请填写认证项目名称（如 质量管理体系）或代码（如 ISO9001）。")
NEAR_NAME = gettext_lazy(
    "登记企业中名称最接近的是“%(name)s”，但不足以认定为同一企业；如确是该企业，请填写其统一社会信用代码后重新核验。")
MATCHED_NAME = gettext_lazy("按名称对应到登记企业“%(name)s”")
OTHER_HOLDER = gettext_lazy("证书持有人：%(name)s")
NOT_APPLICABLE_STATUS = gettext_lazy("不适用（证书属于其他企业）")
