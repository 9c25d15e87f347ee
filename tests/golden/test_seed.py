"""The release this project started from, completely understood.

``seed.json`` is the expected record, reviewed line by line; regenerate it only deliberately
(``DATELINE_UPDATE_GOLDEN=1 pytest tests/golden``) and review the diff. The explicit assertions
below hold whatever the golden file says: they are the issue's definition of "entirely right".
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from dateline.analysis import Analyzer
from dateline.readers import read_path
from dateline.records import Record

pytestmark = pytest.mark.model

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / ".." / "shared" / "seed" / "cctv-xi-letter-prnewswire.txt"
GOLDEN = HERE / "seed.json"

STATEMENTS = [
    # (cue, content) in text order; every source is Xi, resolved to Xi Jinping
    (
        "said",
        "human rights are a symbol of progress in human civilization and that safeguarding human lives, "
        "value and dignity and ensuring human rights for all are a common pursuit of the human society",
    ),
    (
        "said",
        "Putting people first and making their aspiration for a better life a goal are the "
        "responsibilities of countries bestowed by the times",
    ),
    (
        "stressed",
        "that the Communist Party of China (CPC) is a political party that has always respected and "
        "protected human rights",
    ),
    (
        "said",
        "Sticking to the people-centered approach and putting the people’s interests above everything "
        "else, China has been promoting human rights through development, advancing its whole-process "
        "people’s democracy, and promoting free and well-rounded development of humanity",
    ),
    (
        "said",
        "By doing all that, China has succeeded in blazing a path for human rights development that "
        "meets the trend of the times, making significant achievements in its human right cause and "
        "continuously enhancing the sense of gain, happiness and security of the over 1.4 billion "
        "Chinese people in guaranteeing human rights",
    ),
    (
        "said",
        "There are diversified ways for practicing human rights, and people of different countries "
        "should and are able to independently choose the path for human rights development that fits "
        "their national realities",
    ),
    (
        "said",
        "China is willing to work with other developing countries in upholding and promoting the common "
        "values of humanity, practicing true multilateralism and contributing wisdom and strength to the "
        "healthy development of the international human rights cause",
    ),
]


@pytest.fixture(scope="module")
def record() -> Record:
    return Analyzer().analyze(read_path(SEED))


def comparable(record: Record) -> dict[str, Any]:
    data = record.as_dict()
    data.pop("path")
    for a in data["attributions"]:
        a.pop("score")
    return data


def test_document_parts(record: Record) -> None:
    assert record.headline is not None
    assert record.headline.text == "Xi sends congratulatory letter to 2021 South-South Human Rights Forum"
    assert record.credit is not None and record.credit.name == "CCTV+"
    d = record.dateline
    assert d is not None
    assert (d.text, d.city, d.region, d.date, d.distributor) == (
        "BEIJING, Dec. 8, 2021 /PRNewswire/ —",
        "BEIJING",
        None,
        "2021-12-08",
        "PR Newswire",
    )
    assert record.body_text.startswith("Chinese President Xi Jinping sent a congratulatory letter")
    assert record.body_text.endswith("“Putting People First and Global Human Rights Governance.”")
    kinds = [p.kind for p in record.paragraphs]
    assert kinds == ["headline", "dateline"] + ["body"] * 8 + ["media"]
    assert [
        (w.code, record.text[w.start : w.end] if w.start is not None else None) for w in record.warnings
    ] == [("media-without-url", "Video –")]


def test_entities(record: Record) -> None:
    xi = record.entity("Xi")
    assert xi is not None and xi.name == "Xi Jinping" and xi.label == "PERSON"
    assert xi.titles == ("Chinese President",)
    assert sum(1 for m in xi.mentions if m.text == "Xi") == 8
    cpc = record.entity("CPC")
    assert cpc is not None and cpc is record.entity("Communist Party of China")
    forum = record.entity("2021 South-South Human Rights Forum")
    assert forum is not None and forum.label == "EVENT" and forum.date == "2021-12-08"
    assert len(forum.mentions) == 3
    assert {t.text: t.date for t in record.times}["Wednesday"] == "2021-12-08"


def test_all_seven_statements_are_xis(record: Record) -> None:
    got = [
        (a.source.entity if a.source else None, a.cue.text if a.cue else None, a.content.text)
        for a in record.attributions
    ]
    assert got == [("Xi Jinping", cue, content) for cue, content in STATEMENTS]
    for a in record.attributions:
        assert a.type == "speech" and a.kind == "indirect"
        assert a.source is not None and a.source.text == "Xi"
        assert record.text[a.content.start : a.content.end] == a.content.text


def test_golden_record(record: Record) -> None:
    got = comparable(record)
    if os.environ.get("DATELINE_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for key in expected:
        assert got.get(key) == expected[key], f"{key} differs from tests/golden/seed.json"
    assert got.keys() == expected.keys()
