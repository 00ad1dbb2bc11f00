"""One language per screen (issue 11, item 1).

(a) Every page of the converted apps, rendered in Simplified Chinese and in
English for the personas who may see it: a Chinese page carries no English
sentence, an English page no Chinese outside data (names, scopes, reasons as
stored) and the official names allowed below. Pages of apps still being
converted are listed in NOT_YET_CHECKED with the reason.
(b) No `en` catalogue of the project has an untranslated or fuzzy entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import qualitycert

# Namespaces (URL includes) whose screens are still being converted, with the reason.
NOT_YET_CHECKED: dict[str, str] = {}
# Admin pages of those apps' models, for the same reason. (django-otp's device
# screens are not in the back office at all: see backoffice/apps.py.)
NOT_YET_CHECKED_ADMIN_APPS: set[str] = set()

# Pages of the converted apps that still mix languages, and why (to do next).
REMAINING: dict[str, str] = {}

# Pages that need objects this test does not make: each app's own one-language
# test renders them, in both languages, for the personas who use them.
CHECKED_BY_APP_TEST = {
    **dict.fromkeys(("plan:report_detail", "plan:file_report", "plan:target_figures"),
                    "plan/tests/test_one_language.py"),
    **dict.fromkeys(("credit:archive", "credit:model", "credit:repair", "credit:apply_repair"),
                    "credit/tests/test_one_language.py"),
    **dict.fromkeys(("inspections:plan", "inspections:plan_edit", "inspections:plan_draw",
                     "inspections:review_result", "inspections:my_assignment",
                     "inspections:public_plan"),
                    "inspections/tests/test_one_language.py"),
}

# Routes that answer no HTML page to look at: files, images, JSON, POST-only
# actions (their outcome pages are checked where they render), and Django's own.
NOT_A_PAGE = {
    "healthz", "favicon", "set_language", "logout", "password_reset_confirm",
    "certificate-lookup",  # GET /api/v1/certificates/…: JSON (verification/lookup.py)
    "verification:qr", "verification:slip", "verification:jwks", "verification:token",
    "procurement:supplier_template", "procurement:supplier_result",
    "watch:add", "watch:remove", "watch:webhook_url", "watch:webhook_secret",
    "registry:import_template", "registry:import_report",
    "reports:open_data_file",
    "catalog:import_template",
    "plan:assessment_export", "plan:download_attachment",
    "plan:submit_report", "plan:review_report", "plan:upload_attachment",
    "plan:delete_attachment",
    "credit:model_preview", "credit:model_publish", "credit:model_export",
    "inspections:plan_commit", "inspections:plan_close", "inspections:plan_candidates",
    "inspections:plan_record", "inspections:result_submit", "inspections:result_cosign",
    "inspections:attachment_upload", "inspections:attachment",
}

# Official names an English page may keep in Chinese (issue 11: "English screens keep
# a domain term's Chinese original only where an official name needs it").
OFFICIAL_NAMES = (
    "津滨政发〔2019〕16号",
    "滨海新区加强质量认证体系建设促进全面质量管理实施方案",
    settings.QC_SITE_AUTHORITY,
    settings.QC_SITE_ADDRESS,
    settings.QC_ICP_RECORD,
    settings.QC_PSB_RECORD,
    "简体中文",  # the language switcher names each language in itself
    "市场监管总局2019年第34号",  # the form of an announcement number, given as an example
    "至",  # date ranges are typed as 2027-02-05至2027-02-11, as the State Council writes them
)
# Words a Chinese page may show in Latin letters: formats, standards, protocol
# and product names, units. A run of two or more other words is a sentence.
LATIN_ALLOWED = {
    "XLSX", "CSV", "UTF", "GBK", "GB", "PDF", "JSON", "SVG", "PNG", "API", "URL", "HTTP",
    "HTTPS", "POST", "GET", "HMAC", "SHA", "ISO", "CCC", "CNCA", "CMA", "RFC", "BOM", "QR",
    "JWKS", "Excel", "WPS", "MiB", "KiB", "Bearer", "token", "OpenAPI", "Swagger", "ReDoc",
    "USCC", "ICP", "Qualitycert", "qualitycert", "English", "JavaScript", "Unicode", "NUL",
    "YYYY", "MM", "DD", "Ed", "Chromium", "Django", "sha", "raw", "body", "size", "from",
    "to", "audit", "verify", "checkpoint", "leaf",
}
SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea", "kbd", "samp", "option"}
SHOWN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_RUN = re.compile(r"[A-Za-z]{2,}(?:[ \t]+[A-Za-z]{2,})+")
NOISE = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|/\S*|\S*[0-9]\S*|\S*[_.=:\\]\S*|[A-Z]{2,}(?:-[A-Z]+)+")


# The admin's app list (sidebar, index) shows every app; the apps not yet
# converted are left out of the check there.
SKIPPED_CLASSES = {f"app-{label}" for label in NOT_YET_CHECKED_ADMIN_APPS}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0
        self._open: list[bool] = []  # per open element: does it start a skipped subtree?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        skipped = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES)
        if tag not in VOID_TAGS:
            self._open.append(skipped)
            self._skip += skipped
        if self._skip:
            return
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.chunks.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self._open:
            self._skip -= self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.chunks.append(data)


def shown_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


def english_sentences(chunks: list[str], allowed: list[str]) -> list[str]:
    found = []
    for chunk in chunks:
        for value in allowed:
            if value in chunk:
                chunk = chunk.replace(value, " ")
        text = NOISE.sub(" ", chunk)
        for run in LATIN_RUN.findall(text):
            words = [w for w in run.split() if w not in LATIN_ALLOWED]
            if len(words) >= 2:
                found.append(run)
    return found


def chinese_outside(chunks: list[str], allowed: list[str]) -> list[str]:
    found = []
    for chunk in chunks:
        for value in allowed:
            if value in chunk:
                chunk = chunk.replace(value, " ")
        found += CJK.findall(chunk)
    return found


def wrong_language(html: str, language: str, allowed: list[str]) -> list[str]:
    """What on a page rendered in `language` is in the other one: English
    sentences on a Chinese page, Chinese outside `allowed` on an English one."""
    chunks = shown_text(html)
    if language == "zh-hans":
        return english_sentences(chunks, allowed)
    return chinese_outside(chunks, allowed)


def data_values() -> list[str]:
    """Every text the database holds (names, scopes, reasons, labels as stored):
    data shows in the language it was written in. Longest first, so a name is
    taken out whole before any shorter value inside it."""
    values: set[str] = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.get_fields()
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)
                  and not f.is_relation]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                values.update(_strings(value))
    values.update(v for v in OFFICIAL_NAMES if v)
    # Related-object captions (e.g. "add another …") name models of apps not yet converted.
    for model in apps.get_models():
        if model._meta.app_label in NOT_YET_CHECKED_ADMIN_APPS:
            values.update({str(model._meta.verbose_name), str(model._meta.verbose_name_plural)})
    return sorted((v for v in values if len(v) > 2 or CJK.fullmatch(v)), key=len, reverse=True)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
        # A list cell ("a；b") or a name with its code in brackets shows in parts.
        yield from (part.strip() for part in re.split(r"[；;、，,（）()\n]", value) if part.strip())
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# --- which pages ---------------------------------------------------------------------------


def _routes(patterns=None, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "admin" or (ns or "").startswith("api"):
                continue  # the admin is walked through its models; the API answers JSON
            yield from _routes(entry.url_patterns, ns)
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _has_parameters(pattern: URLPattern) -> bool:
    return bool(pattern.pattern.regex.groups)


def parameterised_pages(objects: dict) -> dict[str, str | None]:
    cert, holder, body = objects["cert"], objects["holder"], objects["body"]
    return {
        "verification:enterprise": reverse("verification:enterprise", args=[holder.uscc]),
        "verification:certificate": reverse("verification:certificate",
                                            args=[body.approval_number, cert.number]),
        "catalog:category": None,  # needs catalogue rows; see NOT_CHECKED_PARAMETERISED
        "programmes:task": reverse("programmes:task", args=[1]),
        "programmes:body": reverse("programmes:body", args=[body.approval_number]),
        "programmes:training_detail": reverse("programmes:training_detail",
                                              args=[objects["training"].pk]),
    }


# Parameterised catalog pages need objects this test does not make; the catalog
# app's own tests render them (catalog was converted first, by its own issue).
NOT_CHECKED_PARAMETERISED_PREFIX = "catalog:"


@pytest.fixture
def objects(cert_a, holder, body_a, cb_alice, in_state, department):
    from qualitycert.programmes.models import TrainingAudience, TrainingSession
    from qualitycert.verification import actions as verification_actions

    verification_actions.submit_forgery_report(
        certificate_number="FAKE-1", claimed_body="某认证公司", claimed_holder="某公司",
        where_seen="招标文件", description="证书编号查不到", contact="",
        client_address="203.0.113.1", actor=None)
    training = TrainingSession.objects.create(
        title="认证知识培训", held_on=dt.date(2026, 11, 3), organiser=department,
        audience=TrainingAudience.ENTERPRISES, participants=40, enterprises=12,
        internal_note="场地由区质量协会提供")
    return {"cert": cert_a, "holder": holder, "body": body_a, "training": training}


def _personas(request) -> dict[str, Client]:
    """Signed in past the second factor where the role has one (fixtures.client_for)."""
    client_for = request.getfixturevalue("client_for")
    clients = {"anonymous": Client()}
    for name in ("supervisor", "admin_user", "cb_alice", "enterprise_user"):
        clients[name] = client_for(request.getfixturevalue(name))
    return clients


def _get(client: Client, url: str, language: str):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _check(url: str, persona: str, response, allowed: list[str], problems: list[str],
           language: str) -> None:
    found = wrong_language(response.content.decode(), language, allowed)
    if found:
        problems.append(f"{language} {persona} {url}: {sorted(set(found))[:8]}")


@pytest.mark.django_db
def test_every_page_is_in_one_language(request, objects):
    clients = _personas(request)
    allowed = data_values()
    pages = parameterised_pages(objects)
    problems: list[str] = []
    checked: set[str] = set()
    unaccounted: list[str] = []
    for name, pattern in _routes():
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if name in NOT_A_PAGE or name in REMAINING or namespace in NOT_YET_CHECKED:
            continue
        if _has_parameters(pattern):
            url = pages.get(name)
            if url is None:
                if not (name.startswith(NOT_CHECKED_PARAMETERISED_PREFIX)
                        or name in CHECKED_BY_APP_TEST):
                    unaccounted.append(name)
                continue
        else:
            url = reverse(name)
        for persona, client in clients.items():
            for language in ("zh-hans", "en"):
                response = _get(client, url, language)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                checked.add(name)
                _check(url, persona, response, allowed, problems, language)
    assert not unaccounted, f"routes neither checked nor listed as not a page: {unaccounted}"
    assert "verification:search" in checked and "registry:import" in checked
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_admin_page_is_in_one_language(request, objects):
    clients = _personas(request)
    allowed = data_values()
    problems: list[str] = []
    urls = [reverse("admin:index")]
    for model in apps.get_models():
        app_label = model._meta.app_label
        if not admin.site.is_registered(model) or app_label in NOT_YET_CHECKED_ADMIN_APPS:
            continue
        prefix = f"admin:{app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
        urls.append(reverse("admin:app_list", args=[app_label]))
    seen = 0
    for url in dict.fromkeys(urls):
        for persona in ("admin_user", "supervisor"):
            for language in ("zh-hans", "en"):
                response = _get(clients[persona], url, language)
                if response.status_code != 200:
                    continue
                seen += 1
                _check(url, persona, response, allowed, problems, language)
    assert seen > 20
    assert not problems, "\n".join(problems)


# --- (b) the catalogues ------------------------------------------------------------------


def _parsed(po: Path) -> Iterator[tuple[dict[str, str], bool]]:
    """Each entry of a catalogue as its keywords (msgctxt, msgid, msgstr…), with
    its fuzzy flag; obsolete (#~) entries and comments left out."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = block.splitlines()
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        parts: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                key = m.group(1)
                parts[key] = m.group(2)
            elif line.startswith('"') and key:
                parts[key] += line[1:-1]
        if parts.get("msgid"):
            yield parts, fuzzy


def _entries(po: Path) -> Iterator[tuple[str, str, bool]]:
    for parts, fuzzy in _parsed(po):
        strs = [v for k, v in parts.items() if k.startswith("msgstr")]
        yield parts["msgid"], "" if not all(strs) else strs[0], fuzzy


def en_catalogues() -> list[Path]:
    root = Path(qualitycert.__file__).parent
    return sorted(root.glob("**/locale/en/LC_MESSAGES/django.po"))


def test_the_app_tests_named_above_exist():
    root = Path(qualitycert.__file__).parent
    for name, test in CHECKED_BY_APP_TEST.items():
        assert (root / test).is_file(), f"{name}: no {test}"


def test_en_catalogues_are_complete():
    found = en_catalogues()
    assert len(found) >= 10
    missing = [f"{po.relative_to(po.parents[4])}: {msgid[:60]!r}" + (" (fuzzy)" if fuzzy else "")
               for po in found for msgid, msgstr, fuzzy in _entries(po) if fuzzy or not msgstr]
    assert not missing, "\n".join(missing)


def test_each_catalogue_is_compiled():
    for po in en_catalogues():
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_size > 0, po


# --- (c) one English per msgid across the catalogues -------------------------------------

# Django merges every app's catalogue into one per language, so a (context, msgid)
# gets one English for the whole site whichever catalogue says otherwise.


def keyed_entries(po: Path) -> Iterator[tuple[tuple[str | None, str], str]]:
    """((msgctxt or None, msgid), msgstr) of each entry of a catalogue."""
    for parts, _fuzzy in _parsed(po):
        msgstr = parts.get("msgstr", parts.get("msgstr[0]", ""))
        yield (parts.get("msgctxt"), parts["msgid"]), msgstr


def translation_conflicts(catalogues: list[Path]) -> dict[tuple[str | None, str], dict[str, str]]:
    """Each (context, msgid) that two catalogues translate differently, with
    each catalogue's English."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po in catalogues:
        where = po.relative_to(po.parents[4]).as_posix()  # e.g. registry/locale/...
        for key, msgstr in keyed_entries(po):
            seen.setdefault(key, {})[where] = msgstr
    return {key: found for key, found in seen.items() if len(set(found.values())) > 1}


def test_a_msgid_has_one_english_across_catalogues():
    conflicts = translation_conflicts(en_catalogues())
    problems = [f"{'[' + ctx + '] ' if ctx else ''}{msgid!r}: {found}"
                for (ctx, msgid), found in sorted(conflicts.items(), key=lambda kv: kv[0][1])
                if (ctx, msgid) != (None, "")]
    assert not problems, ("the same words translated differently: use pgettext with a "
                          "context where the meanings differ, else one English\n"
                          + "\n".join(problems))


def test_the_conflict_check_finds_a_planted_conflict(tmp_path):
    for app, english in (("one", "Registered name"), ("two", "Name")):
        po = tmp_path / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True)
        po.write_text(f'msgid "名称"\nmsgstr "{english}"\n\n'
                      f'msgctxt "x"\nmsgid "状态"\nmsgstr "{english}"\n', encoding="utf-8")
    found = translation_conflicts(sorted(tmp_path.glob("*/locale/en/LC_MESSAGES/django.po")))
    assert set(found) == {(None, "名称"), ("x", "状态")}
    assert found[(None, "名称")] == {"one/locale/en/LC_MESSAGES/django.po": "Registered name",
                                     "two/locale/en/LC_MESSAGES/django.po": "Name"}
