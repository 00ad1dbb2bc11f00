"""The columns each import accepts (DESIGN.md §4 is the contract; add, never rename).

A column is found by its canonical English name or any alias; the first alias
is the Chinese label used in messages and in the downloadable templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    label_zh: str
    required: bool
    format_zh: str
    format_en: str
    example: str
    aliases: tuple[str, ...] = field(default=())

    @property
    def all_aliases(self) -> tuple[str, ...]:
        return (self.label_zh, *self.aliases)

    @property
    def template_header(self) -> str:
        # map_columns drops a trailing "(…)", so this one cell matches both names.
        return f"{self.label_zh}({self.name})"


_DATE_ZH = "日期，YYYY-MM-DD（也接受 2025/1/10、2025年1月10日）"
_DATE_EN = "date, YYYY-MM-DD (2025/1/10 and “2025年1月10日” accepted)"

CERTIFICATE_COLUMNS: tuple[Column, ...] = (
    Column("certificate_number", "证书编号", True, "认证机构自编的证书编号；同一机构内唯一",
           "the body's own certificate number; unique within the body", "00125Q10001R0M",
           ("证书号",)),
    Column("body_approval_number", "认证机构批准号", True, "CNCA-R-年份-三位序号",
           "CNCA-R-YYYY-NNN", "CNCA-R-2002-001", ("机构批准号", "发证机构批准号")),
    Column("holder_uscc", "统一社会信用代码", True, "18位，GB 32100-2015",
           "18 characters, GB 32100-2015", "91120116MA05XXXXXX", ("获证组织统一社会信用代码",)),
    Column("holder_name", "获证组织名称", True, "获证组织名称；新企业按此名称登记",
           "holder's name; used to register a holder not yet in the registry",
           "天津滨海示例制造有限公司", ("获证组织", "企业名称")),
    Column("scheme_code", "认证项目代码", True, "认证项目代码，如 ISO9001、CCC",
           "scheme code, e.g. ISO9001, CCC", "ISO9001", ("认证项目",)),
    Column("scope", "认证范围", True, "文字", "text", "金属结构件的生产", ()),
    Column("issued_on", "颁证日期", True, _DATE_ZH, _DATE_EN, "2025-01-10", ("发证日期",)),
    Column("expires_on", "有效期至", True, _DATE_ZH + "，须晚于颁证日期",
           _DATE_EN + ", after issued_on", "2028-01-09", ("证书到期日期", "到期日期")),
    Column("status", "证书状态", True, "有效/暂停/撤销/注销/过期 或 valid/suspended/withdrawn/cancelled/expired",
           "valid, suspended, withdrawn, cancelled, expired (or the Chinese words)", "有效",
           ("状态",)),
    Column("sites", "认证场所", False, "多个场所用“；”或“;”分隔",
           "several sites separated by ； or ;", "天津市滨海新区某路1号；天津市滨海新区某路2号",
           ("认证覆盖场所",)),
    Column("last_surveillance_on", "最近监督审核日期", False, _DATE_ZH, _DATE_EN, "2025-12-01",
           ("监督审核日期",)),
    Column("status_changed_on", "状态变更日期", False,
           _DATE_ZH + "；状态变更时使用，默认当天", _DATE_EN + "; used when the status changes, default today",
           "", ()),
    Column("status_reason", "状态变更理由", False,
           "暂停、恢复、撤销、注销时必填，记入事件",
           "required to suspend, restore, withdraw or cancel; recorded on the event",
           "", ("变更理由",)),
    Column("decision_number", "决定书文号", False,
           "局工作人员导入暂停、撤销已登记证书时必填：行政决定书文号",
           "required when bureau staff suspend or withdraw a registered certificate: the "
           "administrative decision's document number", "", ("行政决定书文号",)),
    Column("decision_date", "决定日期", False, _DATE_ZH, _DATE_EN, "", ("决定书日期",)),
)

ENTERPRISE_COLUMNS: tuple[Column, ...] = (
    Column("uscc", "统一社会信用代码", True, "18位，GB 32100-2015", "18 characters, GB 32100-2015",
           "91120116MA05XXXXXX", ()),
    Column("name", "名称", True, "登记名称；改名时原名称记入曾用名",
           "registered name; on a change the old name goes to former names",
           "天津滨海示例制造有限公司", ("企业名称",)),
    Column("address", "住所", False, "文字", "text", "天津市滨海新区某路1号", ("地址",)),
    Column("division_code", "行政区划代码", False, "6位数字，GB/T 2260", "6 digits, GB/T 2260",
           "120116", ()),
    Column("industry_code", "行业代码", False, "GB/T 4754 门类字母加0-4位数字，如 C3411",
           "GB/T 4754: section letter and up to 4 digits, e.g. C3411", "C3411", ()),
    Column("legal_status", "登记状态", False, "存续/吊销/注销/迁出 或 active/revoked/deregistered/moved_out",
           "active, revoked, deregistered, moved_out (or the Chinese words)", "存续", ()),
    Column("size", "企业规模", False, "大型/中型/小型/微型 或 large/medium/small/micro",
           "large, medium, small, micro (or the Chinese words)", "小型", ("规模",)),
    Column("is_tech_leader", "科技领军企业", False, "是/否", "yes/no", "否", ()),
    Column("has_own_brand", "拥有自主商标品牌", False, "是/否", "yes/no", "是", ("自主商标品牌",)),
    Column("is_equipment_manufacturer", "装备制造业", False, "是/否", "yes/no", "否", ()),
)

BODY_COLUMNS: tuple[Column, ...] = (
    Column("approval_number", "批准号", True, "CNCA-R-年份-三位序号", "CNCA-R-YYYY-NNN",
           "CNCA-R-2002-001", ("认证机构批准号",)),
    Column("name", "机构名称", True, "文字", "text", "示例认证有限公司", ("名称",)),
    Column("uscc", "统一社会信用代码", False, "18位，GB 32100-2015",
           "18 characters, GB 32100-2015", "", ()),
    Column("accreditation", "认可证书号", False, "CNAS 认可证书号", "CNAS accreditation number",
           "CNAS C001-M", ("认可证书",)),
    Column("approved_on", "批准日期", False, _DATE_ZH, _DATE_EN, "2002-06-01", ()),
    Column("approval_valid_until", "批准有效期至", False, _DATE_ZH, _DATE_EN, "2027-05-31", ()),
    Column("status", "机构状态", False, "批准/暂停/撤销/过期 或 approved/suspended/revoked/expired",
           "approved, suspended, revoked, expired (or the Chinese words)", "批准", ("状态",)),
    Column("schemes", "批准认证领域", False,
           "认证项目代码[:起始日期[~截止日期]]，多项用“；”或“;”分隔；起始日期缺省为批准日期",
           "scheme code[:from[~until]], several separated by ； or ;; from defaults to approved_on",
           "ISO9001:2002-06-01~2027-05-31; CCC:2015-03-01~", ("认证领域",)),
)

LAB_COLUMNS: tuple[Column, ...] = (
    Column("cma_number", "资质认定证书编号", True, "12位数字", "12 digits", "160012340123",
           ("CMA编号",)),
    Column("name", "机构名称", True, "文字", "text", "示例检测技术有限公司", ("名称",)),
    Column("uscc", "统一社会信用代码", False, "18位，GB 32100-2015",
           "18 characters, GB 32100-2015", "", ()),
    Column("fields", "检验检测领域", False, "多个领域用“；”或“;”分隔",
           "several fields separated by ； or ;", "建筑材料；食品", ("领域",)),
    Column("valid_from", "发证日期", False, _DATE_ZH, _DATE_EN, "2024-03-01", ()),
    Column("valid_until", "有效期至", False, _DATE_ZH, _DATE_EN, "2030-02-28", ()),
    Column("status", "状态", False, "有效/暂停/撤销/过期 或 valid/suspended/revoked/expired",
           "valid, suspended, revoked, expired (or the Chinese words)", "有效", ()),
    Column("address", "地址", False, "文字", "text", "天津市滨海新区某路3号", ()),
)


def alias_map(columns: Sequence[Column]) -> dict[str, tuple[str, ...]]:
    """The mapping `lib.tabular.map_columns` expects."""
    return {column.name: column.all_aliases for column in columns}


def required_names(columns: Sequence[Column]) -> set[str]:
    return {column.name for column in columns if column.required}


def by_name(columns: Sequence[Column]) -> dict[str, Column]:
    return {column.name: column for column in columns}
