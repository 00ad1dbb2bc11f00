"""Audit actions and object types in words people read.

The log stores machine codes (`certificate.suspend`, `registry.certificate`):
they are hashed into the chain and never change. Screens show these words
instead, with the code beside them where a reader may need it; a code without
a label here falls back to the code itself, so a new action is never hidden.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    # certificates (registry/actions.py, corrections, importers)
    "certificate.issue": _("颁发证书"),
    "certificate.surveillance": _("记录监督审核"),
    "certificate.suspend": _("暂停证书"),
    "certificate.restore": _("恢复证书"),
    "certificate.withdraw": _("撤销证书"),
    "certificate.cancel": _("注销证书"),
    "certificate.expire": _("证书过期"),
    "certificate.renew": _("换证/再认证"),
    "certificate.correct": _("更正证书信息"),
    "certificate.import": _("批量导入证书"),
    "enterprise.import": _("批量导入企业"),
    "enterprise.update": _("更新企业信息"),
    "body.import": _("批量导入认证机构"),
    "body.create": _("新增认证机构"),
    "body.update": _("更新认证机构"),
    "lab.import": _("批量导入检验检测机构"),
    "lab.create": _("新增检验检测机构"),
    "lab.update": _("更新检验检测机构"),
    # back-office edits (backoffice/base.py AuditedAdmin)
    "admin.add": _("后台新增"),
    "admin.change": _("后台修改"),
    "admin.delete": _("后台删除"),
    "admin.password_set": _("设置密码"),
    "user.roles": _("变更角色"),
    "accounts.unlock": _("解除账号锁定"),
    "accounts.second_factor_reset": _("重置双因素认证"),
    # public side
    "forgery_report.submit": _("收到伪造证书举报"),
    "forgery_report.in_review": _("举报转入核查"),
    "forgery_report.confirmed": _("确认伪造或冒用"),
    "forgery_report.unfounded": _("举报经核查不属实"),
    "forgery_report.duplicate": _("标记为重复举报"),
    "signing_key.create": _("生成签名密钥"),
    "signing_key.retire": _("停用签名密钥"),
    "watch.add": _("添加关注"),
    "watch.remove": _("取消关注"),
    "webhook.set_url": _("设置推送地址"),
    "webhook.regenerate_secret": _("重新生成推送密钥"),
    "api_token.create": _("创建接口令牌"),
    "api_token.revoke": _("吊销接口令牌"),
    # inspections
    "inspections.plan.create": _("创建抽查计划"),
    "inspections.plan.update": _("修改抽查计划"),
    "inspections.plan.commit": _("公布抽查候选名单"),
    "inspections.plan.draw": _("随机抽取"),
    "inspections.plan.close": _("结束抽查计划"),
    "inspections.target_library.refresh": _("更新检查对象名录"),
    "inspections.target.risk_class": _("设定风险分类"),
    "inspections.conflict.declare": _("申报回避"),
    "inspections.result.record": _("录入检查结果"),
    "inspections.result.edit": _("修改检查结果"),
    "inspections.result.submit": _("提交检查结果"),
    "inspections.result.cosign": _("会签检查结果"),
    "inspections.result.accept": _("审核通过检查结果"),
    "inspections.result.return": _("退回检查结果"),
    "inspections.result.publish": _("公示检查结果"),
    "inspections.result.attach": _("上传检查附件"),
    "inspections.result.deadline": _("设定整改期限"),
    # plan
    "plan.load": _("载入实施方案"),
    "plan.report.save": _("保存进展报告"),
    "plan.report.submit": _("提交进展报告"),
    "plan.report.accepted": _("审核通过进展报告"),
    "plan.report.revision_requested": _("退回进展报告修改"),
    "plan.report.review_refused": _("拒绝审核进展报告"),
    "plan.attachment.add": _("上传报告附件"),
    "plan.attachment.delete": _("删除报告附件"),
    "plan.figure.record": _("录入目标数据"),
    "plan.assessment_rule.add": _("新增考核规则"),
    "plan.deadline.set": _("设定报送期限"),
    "plan.reminder.send": _("发送催报提醒"),
    # catalogue and product quality
    "catalog.change.record": _("记录目录调整"),
    "catalog.catalogue.import": _("导入产品目录"),
    "catalog.certificate_link.add": _("关联证书与目录"),
    "catalog.certificate_link.by_number": _("按证书编号关联目录"),
    "catalog.declaration.file": _("提交自我声明"),
    "catalog.declaration.withdraw": _("撤回自我声明"),
    "catalog.declaration.revoke": _("撤销自我声明"),
    "catalog.declarations.import": _("导入自我声明"),
    "catalog.sampling_plan.create": _("创建抽查计划"),
    "catalog.sampling_plan.close": _("结束抽查计划"),
    "catalog.sample.draw": _("抽取样品"),
    "catalog.sample.result": _("录入检验结果"),
    "catalog.samplings.import": _("导入抽查结果"),
    "catalog.case.open": _("立案"),
    "catalog.case.close": _("结案"),
    # credit
    "credit.dishonesty.list": _("列入失信名单"),
    "credit.dishonesty.repaired": _("信用修复完成"),
    "credit.dishonesty.import": _("导入失信名单"),
    "credit.repair.apply": _("申请信用修复"),
    "credit.repair.decide": _("审核信用修复"),
    "credit.consent.give": _("授权认证增信"),
    "credit.consent.revoke": _("撤回认证增信授权"),
    "credit.financing_access.grant": _("开通融资查询"),
    "credit.financing_access.revoke": _("关闭融资查询"),
    "credit.grade_run": _("信用评价"),
    "credit.model.draft": _("起草评价模型"),
    "credit.model.revise": _("修改评价模型"),
    "credit.model.preview": _("试算评价模型"),
    "credit.model.publish": _("发布评价模型"),
    "credit.fact.record": _("记录信用信息"),
    "credit.fact.end": _("结束信用信息"),
    "credit.facts.import": _("导入信用信息"),
    "credit.facts.sync_registry": _("从登记簿同步信用信息"),
    # programmes and the work calendar
    "programmes.training.record": _("登记培训"),
    "programmes.designation.record": _("登记认定"),
    "programmes.designation.end": _("终止认定"),
    "programmes.finding.record": _("记录检查发现"),
    "programmes.gi.record": _("登记地理标志产品"),
    "programmes.particulars.set": _("设定证书要素"),
    "programmes.volume.record": _("登记检查数量"),
    "programmes.import.training": _("导入培训记录"),
    "workcalendar.arrangement.enter": _("录入放假安排"),
    "workcalendar.arrangement.amend": _("修订放假安排"),
    "demo.seed": _("生成演示数据"),
}

# Object types that are not a model's label (the credit app names its own).
OBJECT_TYPE_LABELS: dict[str, Promise] = {
    "credit.dishonesty_entry": _("失信名单条目"),
    "credit.repair_request": _("信用修复申请"),
    "credit.sharing_consent": _("认证增信授权"),
    "credit.financing_access": _("融资查询授权"),
    "credit.grading_run": _("信用评价批次"),
    "credit.grading_model": _("信用评价模型"),
    "credit.fact": _("信用信息"),
    "programmes.import": _("专项工作导入"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def object_type_label(code: str) -> str:
    """A model's own name (`registry.certificate` → 证书) where the code is a
    model label, else the table above, else the code."""
    if code in OBJECT_TYPE_LABELS:
        return str(OBJECT_TYPE_LABELS[code])
    try:
        return str(apps.get_model(code)._meta.verbose_name)
    except (LookupError, ValueError):
        return code
