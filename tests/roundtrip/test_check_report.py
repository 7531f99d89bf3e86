"""check of the Word report: ours agrees; one edited with python-docx (as a clerk edits it in Word)
gives each edit as one difference; a .doc, .ppt or other file is refused in one line."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tokku_slides.cli import main

from ..conftest import R5
from .test_roundtrip import run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def year(tmp_path: Path) -> Path:
    target = tmp_path / "r5"
    shutil.copytree(R5, target)
    return target


def build_report(year: Path, tmp_path: Path) -> Path:
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "--no-deck", "-q"]) == 0
    return tmp_path / "out" / year.name / "report.docx"


def paragraph(doc: Any, text: str) -> Any:
    return next(p for p in doc.paragraphs if p.text == text)


def reword(p: Any, text: str) -> None:
    """The paragraph's text replaced as Word does it: the first run takes the text, the others emptied
    (and a run split in two, a proofErr and an rsid, as Word leaves them)."""
    runs = p.runs
    runs[0].text = text[:3]
    for r in runs[1:]:
        r.text = ""
    second = copy.deepcopy(runs[0]._r)
    second.find(f"{W}t").text = text[3:]
    runs[0]._r.addnext(second)
    second.set(f"{W}rsidR", "00A1B2C3")
    proof = second.makeelement(f"{W}proofErr", {f"{W}type": "spellStart"})
    second.addprevious(proof)


def text_of(e: Any) -> str:
    return "".join(t.text or "" for t in e.iter(f"{W}t"))


def section(doc: Any, heading: str) -> list[Any]:
    """The body elements of a zone's section: its heading up to the next heading."""
    body = list(doc.element.body)
    start = next(i for i, e in enumerate(body) if e.tag == f"{W}p" and text_of(e) == heading
                 and e.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading3")  # not its entry in the contents
    out = [body[start]]
    for e in body[start + 1:]:
        style = e.find(f"{W}pPr/{W}pStyle")
        if e.tag == f"{W}sectPr" or (style is not None and style.get(f"{W}val", "").startswith("Heading")):
            break
        out.append(e)
    return out


TITLES = {
    1: "アジアヘッドクォーター特区（東京都）",
    2: "京浜臨海部ライフイノベーション国際戦略総合特区（神奈川県、横浜市、川崎市）",
    3: "関西イノベーション国際戦略総合特区（京都府、大阪府、兵庫県、京都市、大阪市、神戸市）",
    4: "グリーンアジア国際戦略総合特区（福岡県、北九州市、福岡市）",
    5: "アジアNo.1航空宇宙産業クラスター形成特区（愛知県、岐阜県、三重県、長野県、静岡県、名古屋市　等）",
    6: "つくば国際戦略総合特区（茨城県、つくば市、国立大学法人筑波大学）",
}


def test_check_own_report_agrees(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = build_report(year, tmp_path)
    code, out, err = run(["check", str(year), str(report)], capsys)
    assert (code, out, err) == (0, f"{report}: agrees with {year}: 6 zones, 6 zone sections\n", "")


def test_check_report_gives_each_edit_once(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = build_report(year, tmp_path)
    doc = Document(str(report))
    # a remark reworded (zone 1), a score changed (zone 2's Ⅱ), a KPI percent changed (zone 3's KPI 1)
    reword(paragraph(doc, "・外国企業と都内企業との引き合わせ件数の伸びも堅調に推移している。"),
           "・引き合わせ件数は堅調である。")
    tables = [t for t in doc.tables if t.rows[0].cells[0].text.startswith("総合評価")]
    tables[1].cell(1, 2).paragraphs[0].runs[0].text = "1"
    kpis = [t for t in doc.tables if t.rows[0].cells[0].text == "評価指標（KPI）"]
    kpis[2].cell(1, 1).paragraphs[0].runs[0].text = "99％"
    # zone 6's section deleted; zones 4 and 5 swapped (5 moved before 4); a section added at the end
    for e in section(doc, TITLES[6]):
        e.getparent().remove(e)
    four = section(doc, TITLES[4])
    for e in section(doc, TITLES[5]):
        four[0].addprevious(e)
    doc.add_paragraph("メモ", style="Heading 3")
    doc.add_paragraph("次回の会合で確認する。")
    edited = tmp_path / "edited.docx"
    doc.save(str(edited))
    code, out, _err = run(["check", str(year), str(edited)], capsys)
    assert code == 3
    assert out.splitlines() == [
        "メモ: a section of a zone not in the data: the data gives nothing, the file has «メモ» (under the "
        "heading «メモ»)",
        "アジアヘッドクォーター特区: expert remark 2: the data gives «外国企業と都内企業との引き合わせ件数の伸びも"
        "堅調に推移している。», the file has «引き合わせ件数は堅調である。» "
        f"(under the heading «{TITLES[1]}», paragraph 12)",
        "京浜臨海部ライフイノベーション国際戦略総合特区: score II: the data gives «3.7», the file has «1» (under the "
        f"heading «{TITLES[2]}», table 1, row 2)",
        "関西イノベーション国際戦略総合特区: KPI 1: the data gives «132％», the file has «99％» (under the heading "
        f"«{TITLES[3]}», table 2, row 2)",
        f"つくば国際戦略総合特区: the zone's section: the data gives «{TITLES[6]}», the file has nothing",
        "グリーンアジア国際戦略総合特区: the section's place: the data gives «after the section of "
        "関西イノベーション国際戦略総合特区», the file has «after the section of "
        f"アジアNo.1航空宇宙産業クラスター形成特区» (under the heading «{TITLES[4]}»)",
        f"{edited}: 6 differences from {year}",
    ]


def test_check_report_overview_table_and_etc(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The overview table (２．評価結果一覧) is compared row by row: a total changed there but not in the
    zone's section is one difference; a 等 deleted after a support measure is one."""
    report = build_report(year, tmp_path)
    doc = Document(str(report))
    overview = next(t for t in doc.tables if t.rows[0].cells[0].text == "分野")
    assert overview.cell(2, 1).text == "京浜臨海部ライフイノベーション国際戦略総合特区"
    overview.cell(2, 3).paragraphs[0].runs[0].text = "4.6"
    etc = next(p for p in section(doc, TITLES[1]) if text_of(p) == "等")
    etc.getparent().remove(etc)
    edited = tmp_path / "edited.docx"
    doc.save(str(edited))
    code, out, _err = run(["check", str(year), str(edited)], capsys)
    assert code == 3
    assert out.splitlines() == [
        "京浜臨海部ライフイノベーション国際戦略総合特区: 総合評価: the data gives «4.5», the file has «4.6» (under the "
        "heading «２．評価結果一覧», table 1, row 3)",
        "アジアヘッドクォーター特区: 等 after support measure 1: the data gives «等», the file has nothing (under the "
        f"heading «{TITLES[1]}»)",
        f"{edited}: 2 differences from {year}",
    ]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "error: {file}: the old binary format (.doc); open it and save it as .docx, then check that file"),
    ("cards.ppt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "error: {file}: the old binary format (.ppt); open it and save it as .pptx, then check that file"),
    ("report.pdf", b"%PDF-1.7\n", "error: {file}: check reads a deck (.pptx) or a report (.docx), not this file"),
    ("report.docx", b"not a zip", "error: {file}: not a .docx/.dotx file; give a file saved by PowerPoint or Word "
                                  "as .docx/.dotx"),
], ids=["doc", "ppt", "pdf", "docx_not_a_zip"])
def test_check_refuses_other_files_in_one_line(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               name: str, content: bytes, message: str) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    code, out, err = run(["check", str(year), str(file)], capsys)
    assert (code, out) == (2, "")
    assert err == message.format(file=file) + "\n"


def test_check_missing_doc_is_said_missing(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "report.doc"
    code, out, err = run(["check", str(year), str(file)], capsys)
    assert (code, out, err) == (2, "", f"error: {file}: the file does not exist; check the name and the folder\n")
