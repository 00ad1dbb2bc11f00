"""Reading notices from JSON and CSV: all or nothing. Runs without Django (-p no:django)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from qualitycert.lib.arrangement_files import NoticeFileError, read_notices

D = dt.date.fromisoformat

NOTICE_2027: dict[str, Any] = {
    "year": 2027, "document_number": "国办发明电〔2026〕9号", "published_on": "2026-11-20",
    "days_off": ["2027-01-01至2027-01-03", "2027-02-05至2027-02-12", "2027-04-05",
                 "2027-05-01至2027-05-02", "2027-06-09", "2027-09-15",
                 "2027-10-01至2027-10-07"],
    "working_days": ["2027-01-31", "2027-02-20"],
}


def read_json(data: object, name: str = "notice.json"):
    return read_notices(json.dumps(data, ensure_ascii=False).encode(), filename=name)


@pytest.mark.parametrize("shape", [NOTICE_2027, [NOTICE_2027], {"arrangements": [NOTICE_2027]}])
def test_json_shapes(shape: object) -> None:
    [record] = read_json(shape)
    assert record.year == 2027 and record.published_on == D("2026-11-20")
    assert record.title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert D("2027-02-12") in record.days_off and record.working_days == {
        D("2027-01-31"), D("2027-02-20")}


def test_csv_one_row_per_day_with_chinese_headers() -> None:
    rows = ["年度,日期,类型,文号,发布日期"]
    rows += [f"2027,{d},放假,国办发明电〔2026〕9号,2026-11-20" for d in NOTICE_2027["days_off"]]
    rows += ["2027,2027-01-31,上班,,", "2027,2027-02-20,work,,"]
    [record] = read_notices(("\ufeff" + "\n".join(rows)).encode(), filename="2027.CSV")
    assert record.document_number == "国办发明电〔2026〕9号"
    assert record == read_json(NOTICE_2027)[0]


def test_every_problem_is_reported_and_nothing_is_returned() -> None:
    bad = dict(NOTICE_2027, published_on="20.11.2026",
               days_off=["2027-01-01至2027-01-03", "2027-13-01"])
    other = dict(NOTICE_2027, year="二〇二八")
    with pytest.raises(NoticeFileError) as info:
        read_json([bad, other, NOTICE_2027, NOTICE_2027])
    text = str(info.value)
    assert "第1个通知：发布日期“20.11.2026”应写成 YYYY-MM-DD" in text
    assert "第1个通知 放假日期：“2027-13-01”不是有效日期" in text
    assert "第2个通知：年度“二〇二八”不是整数" in text
    assert "2027 年的放假安排在文件中出现了两次" in text


def test_the_law_is_checked_too() -> None:
    with pytest.raises(NoticeFileError, match="2027 年：法定节假日 2027-02-08 未列入放假日期"):
        read_json(dict(NOTICE_2027, days_off=["2027-01-01"]))


def test_csv_rows_of_one_year_must_agree() -> None:
    text = ("year,date,kind,document_number\n2027,2027-01-01,off,A号\n"
            "2027,2027-01-02,休,B号\n2027,,off,\n2027,2027-01-04,休息,\n")
    with pytest.raises(NoticeFileError) as info:
        read_notices(text.encode(), filename="x.csv")
    problems = info.value.problems
    assert any("第3行" in p and "不一致" in p for p in problems)
    assert any("第5行：类型“休息”" in p for p in problems)
    assert any("第4行：缺少日期" in p for p in problems)


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"{", "x.json", "JSON 格式错误"),
    (b"\xff\xfe", "x.json", "UTF-8"),
    (b"year,date\n", "x.csv", "缺少列：kind"),
    (b"[]", "x.json", "没有放假安排"),
    (b"a", "x.xlsx", "只接受"),
    (b" " * (1024 * 1024 + 1), "x.json", "文件过大"),
])
def test_malformed_files(content: bytes, name: str, message: str) -> None:
    with pytest.raises(NoticeFileError, match=message):
        read_notices(content, filename=name)
