"""Audit actions and object types in words people read.

The log stores machine codes (`certificate.suspend`, `registry.certificate`):
they are hashed into the chain and never change. Screens show these words
instead, with the code beside them where a reader may need it; a code without
a label here falls back to the code itself, so a new action is never hidden.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


# Labels in contexts of their own: Django merges every app's catalogue into one,
# and an action's label ("取消关注", the event: "Watch removed") must not take
# the translation of the button with the same words ("Unwatch").
def action(label: str) -> Promise:
    return pgettext_lazy("audit action", label)


def object_type(label: str) -> Promise:
    return pgettext_lazy("audit object", label)


ACTION_LABELS: dict[str, Promise] = {
    # certificates (registry/actions.py, corrections, importers)
    "certificate.issue": action("颁发证书"),
    "certificate.surveillance": action("记录监督审核"),
    "certificate.suspend": action("暂停证书"),
    "certificate.restore": action("恢复证书"),
    "certificate.withdraw": action("撤销证书"),
    "certificate.cancel": action("注销证书"),
    "certificate.expire": action("证书过期"),
    "certificate.renew": action("换证/再认证"),
    "certificate.correct": action("更正证书信息"),
    "certificate.import": action("批量导入证书"),
    "enterprise.import": action("批量导入企业"),
    "enterprise.update": action("更新企业信息"),
    "body.import": action("批量导入认证机构"),
    "body.create": action("新增认证机构"),
    "body.update": action("更新认证机构"),
    "lab.import": action("批量导入检验检测机构"),
    "lab.create": action("新增检验检测机构"),
    "lab.update": action("更新检验检测机构"),
    # back-office edits (backoffice/base.py AuditedAdmin)
    "admin.add": action("后台新增"),
    "admin.change": action("后台修改"),
    "admin.delete": action("后台删除"),
    "admin.password_set": action("设置密码"),
    "user.roles": action("变更角色"),
    "accounts.unlock": action("解除账号锁定"),
    "accounts.second_factor_reset": action("重置双因素认证"),
    # public side
    "forgery_report.submit": action("收到伪造证书举报"),
    "forgery_report.in_review": action("举报转入核查"),
    "forgery_report.confirmed": action("确认伪造或冒用"),
    "forgery_report.unfounded": action("举报经核查不属实"),
    "forgery_report.duplicate": action("标记为重复举报"),
    "signing_key.create": action("生成签名密钥"),
    "signing_key.retire": action("停用签名密钥"),
    "watch.add": action("添加关注"),
    "watch.remove": action("取消关注"),
    "webhook.set_url": action("设置推送地址"),
    "webhook.regenerate_secret": action("重新生成推送密钥"),
    "api_token.create": action("创建接口令牌"),
    "api_token.revoke": action("吊销接口令牌"),
    # inspections
    "inspections.plan.create": action("创建抽查计划"),
    "inspections.plan.update": action("修改抽查计划"),
    "inspections.plan.commit": action("公布抽查候选名单"),
    "inspections.plan.draw": action("随机抽取"),
    "inspections.plan.close": action("结束抽查计划"),
    "inspections.target_library.refresh": action("更新检查对象名录"),
    "inspections.target.risk_class": action("设定风险分类"),
    "inspections.conflict.declare": action("申报回避"),
    "inspections.result.record": action("录入检查结果"),
    "inspections.result.edit": action("修改检查结果"),
    "inspections.result.submit": action("提交检查结果"),
    "inspections.result.cosign": action("会签检查结果"),
    "inspections.result.accept": action("审核通过检查结果"),
    "inspections.result.return": action("退回检查结果"),
    "inspections.result.publish": action("公示检查结果"),
    "inspections.result.attach": action("上传检查附件"),
    "inspections.result.deadline": action("设定整改期限"),
    # plan
    "plan.load": action("载入实施方案"),
    "plan.report.save": action("保存进展报告"),
    "plan.report.submit": action("提交进展报告"),
    "plan.report.accepted": action("审核通过进展报告"),
    "plan.report.revision_requested": action("退回进展报告修改"),
    "plan.report.review_refused": action("拒绝审核进展报告"),
    "plan.attachment.add": action("上传报告附件"),
    "plan.attachment.delete": action("删除报告附件"),
    "plan.figure.record": action("录入目标数据"),
    "plan.assessment_rule.add": action("新增考核规则"),
    "plan.deadline.set": action("设定报送期限"),
    "plan.reminder.send": action("发送催报提醒"),
    # catalogue and product quality
    "catalog.change.record": action("记录目录调整"),
    "catalog.catalogue.import": action("导入产品目录"),
    "catalog.certificate_link.add": action("关联证书与目录"),
    "catalog.certificate_link.by_number": action("按证书编号关联目录"),
    "catalog.declaration.file": action("提交自我声明"),
    "catalog.declaration.withdraw": action("撤回自我声明"),
    "catalog.declaration.revoke": action("撤销自我声明"),
    "catalog.declarations.import": action("导入自我声明"),
    "catalog.sampling_plan.create": action("创建抽查计划"),
    "catalog.sampling_plan.close": action("结束抽查计划"),
    "catalog.sample.draw": action("抽取样品"),
    "catalog.sample.result": action("录入检验结果"),
    "catalog.samplings.import": action("导入抽查结果"),
    "catalog.case.open": action("立案"),
    "catalog.case.close": action("结案"),
    # credit
    "credit.dishonesty.list": action("列入失信名单"),
    "credit.dishonesty.repaired": action("信用修复完成"),
    "credit.dishonesty.import": action("导入失信名单"),
    "credit.repair.apply": action("申请信用修复"),
    "credit.repair.decide": action("审核信用修复"),
    "credit.consent.give": action("授权认证增信"),
    "credit.consent.revoke": action("撤回认证增信授权"),
    "credit.financing_access.grant": action("开通融资查询"),
    "credit.financing_access.revoke": action("关闭融资查询"),
    "credit.grade_run": action("信用评价"),
    "credit.model.draft": action("起草评价模型"),
    "credit.model.revise": action("修改评价模型"),
    "credit.model.preview": action("试算评价模型"),
    "credit.model.publish": action("发布评价模型"),
    "credit.fact.record": action("记录信用信息"),
    "credit.fact.end": action("结束信用信息"),
    "credit.facts.import": action("导入信用信息"),
    "credit.facts.sync_registry": action("从登记簿同步信用信息"),
    # programmes and the work calendar
    "programmes.training.record": action("登记培训"),
    "programmes.designation.record": action("登记认定"),
    "programmes.designation.end": action("终止认定"),
    "programmes.finding.record": action("记录检查发现"),
    "programmes.gi.record": action("登记地理标志产品"),
    "programmes.particulars.set": action("设定证书要素"),
    "programmes.volume.record": action("登记检查数量"),
    "programmes.import.training": action("导入培训记录"),
    "workcalendar.arrangement.enter": action("录入放假安排"),
    "workcalendar.arrangement.amend": action("修订放假安排"),
    "demo.seed": action("生成演示数据"),
}

# Object types that are not a model's label (the credit app names its own).
OBJECT_TYPE_LABELS: dict[str, Promise] = {
    "credit.dishonesty_entry": object_type("失信名单条目"),
    "credit.repair_request": object_type("信用修复申请"),
    "credit.sharing_consent": object_type("认证增信授权"),
    "credit.financing_access": object_type("融资查询授权"),
    "credit.grading_run": object_type("信用评价批次"),
    "credit.grading_model": object_type("信用评价模型"),
    "credit.fact": object_type("信用信息"),
    "programmes.import": object_type("专项工作导入"),
    # Written before the model moved or under a name that is not a model's label;
    # entries already in the log keep them.
    "inspections.result": object_type("检查结果"),
    "registry.demo": object_type("演示数据"),
    "verification.watch": object_type("关注"),
    "verification.webhookendpoint": object_type("回调设置"),
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
