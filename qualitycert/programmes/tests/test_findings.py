"""The integrity archive: lifecycle anomalies filed against the issuing body,
once, with the certificate's named signatory answering for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from qualitycert.programmes import actions
from qualitycert.programmes.models import BodyFinding, BodyPerson
from qualitycert.registry.models import Enterprise
from qualitycert.testing.actors import as_actor

pytestmark = pytest.mark.django_db


def test_anomalies_become_findings_with_their_signer(supervisor, cert_a, holder):
    signer = BodyPerson.objects.create(body=cert_a.body, name="张签字", role="signatory",
                                       registration_number="S-9")
    actions.set_certificate_particulars(actor=as_actor(supervisor), certificate=cert_a,
                                        standard_edition="GB/T 19001-2016", signatory=signer)
    Enterprise.objects.filter(pk=holder.pk).update(legal_status="deregistered")  # holder gone
    added = actions.collect_anomaly_findings(actor=as_actor(supervisor), on=dt.date(2026, 1, 1))
    assert added >= 1
    finding = BodyFinding.objects.get(reference=f"holder_gone:{cert_a.pk}")
    assert finding.body == cert_a.body and finding.signatory == signer
    assert finding.signatory_name == "张签字"
    assert actions.collect_anomaly_findings(actor=as_actor(supervisor),
                                            on=dt.date(2026, 1, 1)) == 0


def test_a_body_sets_its_own_certificates_particulars_only(cb_alice, cb_bob, cert_a):
    actions.set_certificate_particulars(actor=as_actor(cb_alice), certificate=cert_a,
                                        standard_edition="GB/T 19001-2016")
    with pytest.raises(PermissionDenied):
        actions.set_certificate_particulars(actor=as_actor(cb_bob), certificate=cert_a,
                                            standard_edition="x")


def test_a_signatory_of_another_body_is_refused(supervisor, cert_a, body_b):
    other = BodyPerson.objects.create(body=body_b, name="他人", role="signatory",
                                      registration_number="S-8")
    with pytest.raises(actions.ProgrammeError):
        actions.set_certificate_particulars(actor=as_actor(supervisor), certificate=cert_a,
                                            signatory=other)
