"""Training and talent (tasks 4–5, 三(二)) and the people of the
certification bodies with their integrity archive (诚信档案, task 23)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TrainingAudience(models.TextChoices):
    ENTERPRISES = "enterprises", _("企业")
    INTERNAL_AUDITORS = "internal_auditors", _("内审员")
    INSPECTORS = "inspectors", _("监管执法人员")
    PUBLIC = "public", _("社会公众")


class TrainingSession(models.Model):
    title = models.CharField(_("培训名称"), max_length=200)
    held_on = models.DateField(_("培训日期"))
    organiser = models.ForeignKey("plan.Department", on_delete=models.PROTECT,
                                  related_name="training_sessions", verbose_name=_("组织单位"))
    audience = models.CharField(_("主要对象"), max_length=20, choices=TrainingAudience.choices)
    # Typed counts, never free text (issue 11, item 7).
    participants = models.PositiveIntegerField(_("参训人数"))
    enterprises = models.PositiveIntegerField(_("参训企业数"), default=0)
    internal_auditors = models.PositiveIntegerField(_("其中内审员人数"), default=0)
    inspectors = models.PositiveIntegerField(_("其中监管执法人员人数"), default=0)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=0)
    internal_note = models.TextField(_("内部备注"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        indexes = [models.Index(fields=["held_on"], name="programmes_training_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(internal_auditors__lte=F("participants"))
                & Q(inspectors__lte=F("participants")),
                name="programmes_training_parts_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class PersonRole(models.TextChoices):
    AUDITOR = "auditor", _("审核员")
    SIGNATORY = "signatory", _("授权签字人")


class BodyPerson(models.Model):
    """An auditor or authorised signatory of a certification body. The
    qualification is the registration's grade as the CCAA register states it
    (e.g. "QMS 审核员", "EnMS 高级审核员")."""

    body = models.ForeignKey("registry.CertificationBody", on_delete=models.PROTECT,
                             related_name="people", verbose_name=_("认证机构"))
    name = models.CharField(_("姓名"), max_length=100)
    role = models.CharField(_("职责"), max_length=12, choices=PersonRole.choices)
    qualification = models.CharField(_("注册资格"), max_length=100, blank=True)
    registration_number = models.CharField(_("注册证书编号"), max_length=60)
    valid_until = models.DateField(_("注册有效期至"), null=True, blank=True)
    active = models.BooleanField(_("在职"), default=True)

    class Meta:
        ordering = ["body", "name"]
        verbose_name = _("认证机构人员")
        verbose_name_plural = _("认证机构人员")
        constraints = [models.UniqueConstraint(fields=["body", "registration_number", "role"],
                                               name="programmes_person_once")]

    def __str__(self) -> str:
        return f"{self.name}（{self.registration_number}）"


class BodyCommitment(models.Model):
    """A body's public commitment (公开承诺) and where it is published."""

    body = models.ForeignKey("registry.CertificationBody", on_delete=models.PROTECT,
                             related_name="commitments", verbose_name=_("认证机构"))
    title = models.CharField(_("承诺事项"), max_length=200)
    text = models.TextField(_("承诺内容"))
    published_on = models.DateField(_("公开日期"))
    url = models.URLField(_("公开网址"), blank=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)

    class Meta:
        ordering = ["-published_on", "body"]
        verbose_name = _("机构公开承诺")
        verbose_name_plural = _("机构公开承诺")

    def __str__(self) -> str:
        return self.title


class FindingSource(models.TextChoices):
    LIFECYCLE_ANOMALY = "lifecycle_anomaly", _("证书生命周期异常")
    COMPLAINT = "complaint", _("投诉举报")
    INSPECTION = "inspection", _("监督检查")


class BodyFinding(models.Model):
    """One entry of a body's integrity archive (诚信档案): something found
    against it, with where it came from and, when a certificate is involved,
    the named signatory who answers for it."""

    body = models.ForeignKey("registry.CertificationBody", on_delete=models.PROTECT,
                             related_name="findings", verbose_name=_("认证机构"))
    source = models.CharField(_("来源"), max_length=20, choices=FindingSource.choices)
    # The source's own key, so a finding is recorded once: an anomaly code and
    # certificate id, a forgery report's number, an inspection result's id.
    reference = models.CharField(_("来源编号"), max_length=100)
    found_on = models.DateField(_("发现日期"))
    summary = models.CharField(_("问题摘要"), max_length=300)
    certificate = models.ForeignKey("registry.Certificate", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="findings",
                                    verbose_name=_("涉及证书"))
    signatory = models.ForeignKey(BodyPerson, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="findings", verbose_name=_("责任签字人"))
    signatory_name = models.CharField(_("责任签字人姓名"), max_length=100, blank=True)
    closed_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("诚信档案记录")
        verbose_name_plural = _("诚信档案记录")
        constraints = [models.UniqueConstraint(fields=["source", "reference"],
                                               name="programmes_finding_once")]
        indexes = [models.Index(fields=["body", "found_on"], name="programmes_finding_body")]

    def __str__(self) -> str:
        return f"{self.found_on} {self.summary}"
