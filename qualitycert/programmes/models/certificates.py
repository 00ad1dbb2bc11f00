"""What the registry's certificate row does not say: the edition of the
standard it was issued against (task 6, 换版) and the body's named signatory
who answers for it (task 23, 谁签字，谁担责). Kept beside the certificate, one
row per certificate, so the registry's hot tables stay as they are."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateParticulars(models.Model):
    certificate = models.OneToOneField("registry.Certificate", on_delete=models.CASCADE,
                                       related_name="particulars",
                                       verbose_name=_("证书"))
    # As printed on the certificate: "GB/T 19001-2016 / ISO 9001:2015".
    standard_edition = models.CharField(_("标准版本"), max_length=100, blank=True)
    signatory = models.ForeignKey("programmes.BodyPerson", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="signed_certificates",
                                  verbose_name=_("授权签字人"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("证书补充信息")
        verbose_name_plural = _("证书补充信息")
        indexes = [models.Index(fields=["standard_edition"], name="programmes_cert_edition")]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.standard_edition}"


class EditionTransition(models.Model):
    """A standard's new edition and the date by which certificates must move
    to it (e.g. ISO 9001:2008 → 2015 by 2018-09-15)."""

    scheme = models.ForeignKey("registry.Scheme", on_delete=models.PROTECT,
                               related_name="edition_transitions", verbose_name=_("认证项目"))
    old_edition = models.CharField(_("旧版标准"), max_length=100)
    new_edition = models.CharField(_("新版标准"), max_length=100)
    deadline = models.DateField(_("换版截止日期"))
    source = models.CharField(_("依据文件"), max_length=200, blank=True)

    class Meta:
        ordering = ["-deadline", "scheme"]
        verbose_name = _("标准换版")
        verbose_name_plural = _("标准换版")
        constraints = [models.UniqueConstraint(fields=["scheme", "old_edition"],
                                               name="programmes_transition_once")]

    def __str__(self) -> str:
        return f"{self.old_edition} → {self.new_edition}（{self.deadline}）"
