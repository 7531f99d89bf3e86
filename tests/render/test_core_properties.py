"""The documents' properties come from the data: title and subject (the fiscal year) in both files, author
and company from ``organisation:`` of evaluation.yaml or of the layout."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree
from pptx import Presentation

from tokku_slides.build import build
from tokku_slides.layout.spec import DEFAULT_LAYOUT

from ..conftest import R5


def test_title_and_subject_are_the_years_in_the_deck_and_the_report(tmp_path: Path) -> None:
    build(R5, tmp_path / "out")
    deck = Presentation(io.BytesIO((tmp_path / "out" / "r5" / "cards.pptx").read_bytes())).core_properties
    report = Document(io.BytesIO((tmp_path / "out" / "r5" / "report.docx").read_bytes())).core_properties
    title = "総合特別区域評価・調査検討会における評価結果の概要 令和５年度"
    assert (deck.title, deck.subject) == (title, "令和５年度")
    assert (report.title, report.subject) == (title, "令和５年度")
    assert "python-pptx" not in (deck.comments or "") and "python-docx" not in (report.comments or "")


def properties(folder: Path) -> dict[str, tuple[str, str]]:
    """Each document's (author, company): docProps/core.xml's creator, docProps/app.xml's Company."""
    found = {}
    for name in ("cards.pptx", "report.docx"):
        with zipfile.ZipFile(folder / name) as z:
            app = etree.fromstring(z.read("docProps/app.xml"))
        company = app.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company")
        data = (folder / name).read_bytes()
        props = (Presentation if name.endswith(".pptx") else Document)(io.BytesIO(data)).core_properties
        found[name] = (props.author, company.text if company is not None else "")
    return found


def year_with(tmp_path: Path, organisation: str) -> Path:
    folder = tmp_path / "in" / "r5"
    shutil.copytree(R5, folder)
    with (folder / "evaluation.yaml").open("a", encoding="utf-8") as f:
        f.write(organisation)
    return folder


def layout_with_organisation(tmp_path: Path) -> Path:
    layout = tmp_path / "layout" / "card.yaml"
    shutil.copytree(DEFAULT_LAYOUT.parent, layout.parent)
    text = layout.read_text(encoding="utf-8")
    organisation = "organisation: {author: 作成者（レイアウト）, company: 会社（レイアウト）}\n"
    layout.write_text(text + organisation, encoding="utf-8")
    return layout


def test_the_organisation_of_evaluation_yaml_is_the_documents_author_and_company(tmp_path: Path) -> None:
    data = year_with(tmp_path, "organisation:\n  author: 内閣府地方創生推進事務局\n  company: 内閣府\n")
    build(data, tmp_path / "out")
    assert properties(tmp_path / "out" / "r5") == dict.fromkeys(
        ("cards.pptx", "report.docx"), ("内閣府地方創生推進事務局", "内閣府"))


def test_the_evaluations_organisation_wins_over_the_layouts_key_by_key(tmp_path: Path) -> None:
    layout = layout_with_organisation(tmp_path)
    data = year_with(tmp_path, "organisation:\n  author: 内閣府地方創生推進事務局\n")
    build(data, tmp_path / "out", layout_path=layout)
    assert properties(tmp_path / "out" / "r5") == dict.fromkeys(
        ("cards.pptx", "report.docx"), ("内閣府地方創生推進事務局", "会社（レイアウト）"))
    build(R5, tmp_path / "plain", layout_path=layout)  # evaluation.yaml without organisation: the layout's
    assert properties(tmp_path / "plain" / "r5") == dict.fromkeys(
        ("cards.pptx", "report.docx"), ("作成者（レイアウト）", "会社（レイアウト）"))
    build(R5, tmp_path / "none")  # neither: this tool, no company
    assert properties(tmp_path / "none" / "r5") == dict.fromkeys(("cards.pptx", "report.docx"), ("tokku-slides", ""))
