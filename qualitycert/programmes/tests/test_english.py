"""One language per screen: the programme pages in English say no Chinese
words of ours (names of units and records are data, and stay as entered)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from qualitycert.programmes.indicators import programme_counts

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_indicators_in_english(plan, today):
    with translation.override("en"):
        for programme in programme_counts(today):
            assert not HAN.search(programme.name), programme.name
            for value in programme.indicators:
                for text in (value.name, value.unit, value.source):
                    assert not HAN.search(text), text


def test_task_page_in_english(client, plan):
    client.cookies["django_language"] = "en"
    html = client.get("/programmes/tasks/5/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Counted indicators" in html and "Participants this year" in html
    assert "计数指标" not in html
