"""No "中文 English" pairs in the code (issue 11, item 1: one language per screen).

A message is written once, in Chinese, and gets its English from the owning
app's catalogue; so no string literal of the project's code should hold both a
Chinese sentence and English words. test_i18n looks at rendered pages; this
looks at the source, where JSON error bodies, command output, import reports,
PDF and XLSX files are built too.

The rule, for each string literal of every module under qualitycert/ that is
not a test or a migration (found with `ast`, so comments and docstrings, which
are for programmers, are not looked at; an f-string is one literal with its
replacement fields left out):

1. Take out what is not words: printf and format placeholders, `code`, URLs,
   e-mail addresses, command-line options, kebab-case names, and any token
   holding a digit or one of _ . / \\ = : < > and the like (identifiers, file
   names, dates, numbers, CNCA-R-2002-001).
2. An English literal may quote a Chinese term or example in brackets or
   quotes — "the dishonesty list (失信名单)" — as English screens keep a
   domain term's Chinese original. If no Chinese is left outside such
   brackets, the literal is English and passes.
3. Otherwise the literal mixes languages when it holds a Chinese character and
   a Latin word of two or more letters that is not in TECHNICAL_WORDS (format,
   standard and product names, date patterns, API parameter names).

ALLOWED_LITERALS names the few literals that legitimately hold both, each
with the reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import qualitycert

PACKAGE = Path(qualitycert.__file__).parent

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A character of a code-like token: not a blank, Chinese, CJK punctuation, a bracket or a quote.
_TOKEN = "[^\\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff“”‘’()\"']"
PLACEHOLDERS = re.compile(
    r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s, %(n)5.1f
    r"|%[a-zA-Z%]"                                  # %s, %Y, %%
    r"|\{[^{}]*\}"                                  # {name}, and f-string fields
)
NOT_WORDS = re.compile(
    r"`[^`]*`"                                      # `qualitycert migrate`
    r"|https?://\S+|\S+@\S+"                        # URLs, e-mail addresses
    r"|(?<![A-Za-z])--?[a-z][a-z-]*"                # --if-empty, -v
    r"|\b[a-z]+(?:-[a-z]+)+\b"                      # sign-links, self-declaration
    rf"|{_TOKEN}*[0-9_./\\=:<>@#$|\[\]*^+~&]{_TOKEN}*"  # a token holding a digit or code marks
)
LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
# A quoted or bracketed stretch: a gloss when it holds Chinese and no English word.
QUOTED = re.compile(r"“[^“”]*”|「[^「」]*」|《[^《》]*》|\"[^\"]*\"")
BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")

# Latin words that are not English sentences, in a Chinese message or anywhere.
TECHNICAL_WORDS = {
    # file formats, encodings and sizes, as people name them
    "XLSX", "CSV", "PDF", "JSON", "XML", "HTML", "SVG", "PNG", "JPG", "DOCX", "UTF", "GBK",
    "GB", "ASCII", "Unicode", "NUL", "BOM", "MB", "MiB", "KiB", "html", "pdf", "xlsx",
    # standards, bodies, protocols, products and programs, by their own names
    "ISO", "CCC", "CNCA", "CMA", "CNAS", "RFC", "QR", "JWKS", "API", "URL", "HTTP", "HTTPS",
    "GET", "POST", "HMAC", "SHA", "TOTP", "USCC", "ICP", "OpenAPI", "Excel", "WPS", "Word",
    "Bearer", "Authorization", "SQLite", "PostgreSQL", "Django", "Chromium", "Qualitycert",
    "qualitycert",
    # abbreviations inside Chinese names: LED灯具, TIG弧焊机, QMS 审核员
    "LED", "TIG", "QMS", "EMS", "EnMS", "OHSMS",
    # the patterns dates and numbers are typed in: YYYY-MM-DD, CNCA-R-YYYY-NNN
    "YYYY", "MM", "DD", "NNN",
    # parameters of the API and of the log proofs, named as a program sends them
    "body", "size", "from", "to",
}

# Literals that hold both languages on purpose: (module, start of the literal) -> reason.
ALLOWED_LITERALS: dict[tuple[str, str], str] = {
    ("reports/opendata.py", "valid（有效）"): (
        "the open-data dictionary: each machine code the file holds, beside its Chinese word"),
    ("reports/opendata.py", "approved（批准）"): "the open-data dictionary, as above",
    ("reports/opendata.py", "true 或 false"): "the open-data dictionary: JSON's two values",
    ("procurement/suppliers.py", "供系统读取：valid 有效"): (
        "the result file's notes: each verdict code a program reads, beside its Chinese word"),
    ("reports/opendata.py", "management_system（管理体系）"): (
        "the open-data dictionary: the scheme category codes (DESIGN.md §4), as above"),
    ("procurement/suppliers.py", "选填：认证项目名称（如 质量管理体系）"): (
        "the template's notes: the scheme category codes a clerk may type (DESIGN.md §4)"),
    ("demo/catalog.py", "王建国 (supervisor)"): (
        "demo data: a signature as Actor.signature() writes it, the name and the user name"),
    ("procurement/schemas.py", "a scheme code (ISO9001"): (
        "the API document (English) gives an example of each language the field accepts"),
}

def literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal that is not documentation: a
    string standing alone as a statement (a docstring) is skipped; an f-string
    is one literal with its replacement fields as " {} "."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant | ast.JoinedStr)):
            skipped.update(id(n) for n in ast.walk(node.value))
        elif isinstance(node, ast.JoinedStr):
            skipped.update(id(n) for n in ast.walk(node) if n is not node)
            if id(node) not in skipped:
                yield node.lineno, "".join(
                    str(part.value) if isinstance(part, ast.Constant) else " {} "
                    for part in node.values)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skipped):
            yield node.lineno, node.value


def english_words(text: str) -> list[str]:
    return [w for w in LATIN_WORD.findall(text) if w not in TECHNICAL_WORDS]


def mixed_languages(text: str) -> list[str]:
    """The English words of a literal that also holds Chinese outside a gloss
    (see the module docstring); [] for a literal in one language."""
    words = NOT_WORDS.sub(" ", PLACEHOLDERS.sub(" ", text))
    if not CJK.search(words):
        return []
    outside = words
    for pattern in (QUOTED, BRACKETED):  # quotes first: a quoted term inside brackets
        for stretch in pattern.findall(outside):
            if CJK.search(stretch) and not english_words(stretch):
                outside = outside.replace(stretch, " ")
    if not CJK.search(outside):
        return []  # English quoting Chinese terms
    return english_words(words)


def modules() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or parts[0] == "testing":
            continue
        yield path


def findings() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in modules():
        name = path.relative_to(PACKAGE).as_posix()
        for line, text in literals(path.read_text(encoding="utf-8")):
            if any(name == module and text.startswith(start)
                   for module, start in ALLOWED_LITERALS):
                continue
            words = mixed_languages(text)
            if words:
                found.setdefault(name, []).append(f"{name}:{line}: {text[:80]!r} {words[:4]}")
    return found


def test_no_literal_mixes_chinese_and_english():
    found = findings()
    problems = [line for lines in found.values() for line in lines]
    assert not problems, ("one message, one language: write it in Chinese through gettext "
                          "and put the English in the app's catalogue\n" + "\n".join(problems))


def test_every_allowed_literal_still_exists():
    sources = {module: (PACKAGE / module).read_text(encoding="utf-8")
               for module, _ in ALLOWED_LITERALS}
    for (module, start), reason in ALLOWED_LITERALS.items():
        assert reason
        assert any(text.startswith(start) for _, text in literals(sources[module])), (
            module, start)


# --- the rule itself --------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "请求无效 bad request",
    "证书状态 status",
    "【已逾期 OVERDUE】",
    "演示：亲属在该企业任职 demo: a relative works there",
    "{} 完整 intact: {} entries verified",
    "%(label)s完整 intact",
    "文件不存在或不是普通文件 no such file: {}",
    "Please file them at {}：请登录系统填报",
    "date, YYYY-MM-DD (2025/1/10 and 2025年1月10日 accepted)",  # unquoted: not a gloss
    "获证组织更名（原名称记为曾用名 the old name is kept as a former name）",
])
def test_the_rule_finds_a_pair(text):
    assert mixed_languages(text)


@pytest.mark.parametrize("text", [
    "请求无效",
    "the request is invalid",
    "文件大小 %(size)s MB 超过上限 10 MB",
    "请在 Excel/WPS 中另存为“CSV UTF-8”",
    "日期应为 YYYY-MM-DD",
    "%(option)s 应为 YYYY-MM-DD：%(value)r",
    "认证机构批准号格式应为 CNCA-R-年份-三位序号",
    "多个认证机构有此编号，请用 body 指定",
    "请运行 `qualitycert migrate`，再重试",
    "the holder is on the dishonesty list (失信名单) today",
    "Load a plan (实施方案) from a JSON file.",
    r"^(\d{4})年(\d{1,2})月(\d{1,2})日$",
    "%Y年%m月%d日",
    "LED灯具",
    "date, YYYY-MM-DD (2025/1/10 and “2025年1月10日” accepted)",
    'what the token is for, e.g. "区采购平台"',
])
def test_the_rule_lets_one_language_pass(text):
    assert mixed_languages(text) == []


def test_a_planted_pair_in_a_module_is_found_and_comments_and_docstrings_are_not():
    source = '''
"""模块说明 with English words: a docstring, for programmers."""
# 注释 a comment with English words
CONSTANT = "请求无效 bad request"


def view(name):
    """视图 the view's docstring."""
    return f"{name}：获证组织更名 holder renamed"
'''
    found = [(line, mixed_languages(text)) for line, text in literals(source)]
    assert sorted(line for line, words in found if words) == [4, 9]
