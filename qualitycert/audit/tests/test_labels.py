"""Audit actions and object types in words (issue 11, item 6): a label for
every action code the code base writes, the model's own name for an object
type, and the code itself for anything unknown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import qualitycert
from qualitycert.audit.labels import ACTION_LABELS, action_label, object_type_label

# Literal action codes passed to the audit log, wherever they are written.
LITERAL_ACTION = re.compile(
    r'(?:audit_append\(\s*action=|action\s*=\s*|_audit_(?:report|watch)\(\s*|audit\(\s*)'
    r'"([a-z_]+(?:\.[a-z_]+)+)"')
CREDIT_AUDIT = re.compile(r'\baudit\(\s*"([a-z_.]+)"')


def _written_codes() -> set[str]:
    root = Path(qualitycert.__file__).parent
    codes: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "demo" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        found = set(LITERAL_ACTION.findall(text))
        in_credit = "credit" in path.parts and (
            path.parts[-2] == "actions" or path.name == "importers.py")
        if in_credit:
            # credit's own helper prefixes "credit." (credit/actions/common.py)
            found = {f"credit.{code}" for code in CREDIT_AUDIT.findall(text)}
        codes |= found
    return codes


def test_every_action_the_code_writes_has_words():
    codes = _written_codes()
    assert "certificate.suspend" in codes or "certificate.issue" in codes or len(codes) > 30
    missing = sorted(code for code in codes if code not in ACTION_LABELS)
    assert not missing, missing


def test_lifecycle_actions_read_as_words_in_each_language():
    with translation.override("zh-hans"):
        assert action_label("certificate.suspend") == "暂停证书"
        assert action_label("certificate.withdraw") == "撤销证书"
    with translation.override("en"):
        assert action_label("certificate.suspend") == "Certificate suspended"


def test_unknown_codes_fall_back_to_the_code():
    assert action_label("something.new") == "something.new"
    assert object_type_label("nowhere.thing") == "nowhere.thing"
    assert object_type_label("not-a-label") == "not-a-label"


def test_object_types_are_the_models_own_names():
    with translation.override("zh-hans"):
        assert object_type_label("registry.certificate") == "证书"
        assert object_type_label("credit.dishonesty_entry") == "失信名单条目"
    with translation.override("en"):
        assert object_type_label("registry.certificate").lower() == "certificate"


@pytest.mark.django_db
def test_entry_caption_uses_the_words(cert_a):
    from qualitycert.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="certificate.issue")
    with translation.override("zh-hans"):
        assert str(entry) == f"#{entry.seq} 颁发证书 {entry.object_repr}"


LITERAL_OBJECT_TYPE = re.compile(r'object_type\s*=\s*"([a-z_]+\.[a-z_]+)"')


def test_every_object_type_the_code_writes_has_words():
    # The audit log's object column once showed "inspections.result" and
    # "registry.demo": codes that are not a model's label.
    root = Path(qualitycert.__file__).parent
    written = {code for path in root.rglob("*.py")
               if "tests" not in path.parts and "migrations" not in path.parts
               for code in LITERAL_OBJECT_TYPE.findall(path.read_text(encoding="utf-8"))}
    assert "registry.certificate" in written and len(written) > 20
    with translation.override("zh-hans"):
        missing = sorted(code for code in written if object_type_label(code) == code)
    assert not missing, missing
