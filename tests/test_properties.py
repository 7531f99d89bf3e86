"""Property tests (hypothesis): random valid zones always build, fit, and keep every string; random
damage to a valid file always ends in a build or a clean exit 2, never a traceback.

Kept bounded (a few dozen examples each, no deadline) so that the suite stays fast on two cores.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EVALUATION
from tests.readback import deck_summary, flat
from tokku_slides import cli
from tokku_slides import format as fmt
from tokku_slides.build import build
from tokku_slides.layout.pages import Deck, PlacedTable, PlacedText, compose
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year
from tokku_slides.model.records import Year, Zone
from tokku_slides.units import MM_PER_INCH, PT_PER_INCH

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- text as the secretariat writes it (and worse) ---------------------------------------------------

KANJI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA0)
HIRAGANA = st.characters(min_codepoint=0x3041, max_codepoint=0x3093)
KATAKANA = st.characters(min_codepoint=0x30A1, max_codepoint=0x30F6)
HALF_WIDTH_KATAKANA = st.characters(min_codepoint=0xFF66, max_codepoint=0xFF9D)
FULL_WIDTH_LATIN = st.sampled_from(
    [chr(c) for c in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), *range(0xFF10, 0xFF1A)]]
)
CIRCLED_DIGITS = st.sampled_from([chr(c) for c in range(0x2460, 0x2474)])
PUNCTUATION = st.sampled_from(list("、。「」『』（）・ー〜！？％：；…＆／"))


def runs(chars: st.SearchStrategy[str], longest: int) -> st.SearchStrategy[str]:
    return st.text(chars, min_size=1, max_size=longest)


LATIN_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
                     min_size=1, max_size=60)
URL = st.builds(
    lambda host, path: f"https://{host}.example.go.jp/{path}",
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz-"), min_size=1, max_size=20),
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789/_-.?=&%#"), min_size=0, max_size=90),
)
PIECE = st.one_of(
    runs(KANJI, 20), runs(HIRAGANA, 20), runs(KATAKANA, 12), runs(HALF_WIDTH_KATAKANA, 12),
    runs(FULL_WIDTH_LATIN, 12), runs(CIRCLED_DIGITS, 3), runs(PUNCTUATION, 2), LATIN_WORD, URL,
    st.just(" "), st.just("\n"),
)


def texts(longest: int) -> st.SearchStrategy[str]:
    """A text of 1 to ``longest`` characters made of the pieces above, as it survives trimming."""
    return st.lists(PIECE, min_size=1, max_size=40).map(lambda parts: "".join(parts)[:longest].strip()).filter(bool)


def short(longest: int) -> st.SearchStrategy[str]:
    """A short text on one line (names, headings)."""
    return texts(longest).map(lambda s: " ".join(s.split())).filter(bool)


SCORE = st.integers(min_value=10, max_value=50).map(lambda n: n / 10)
KPI = st.one_of(
    st.fixed_dictionaries({"name": texts(80), "achievement": st.integers(0, 999)}),
    st.fixed_dictionaries({"name": texts(80), "target": st.integers(1, 10_000), "actual": st.integers(0, 20_000)}),
)
MEASURE = st.fixed_dictionaries(
    {"heading": short(12), "items": st.lists(texts(60), min_size=1, max_size=5)},
    optional={"etc": st.booleans()},
)


@st.composite
def zones(draw: st.DrawFn, name: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "name": name,
        "governments": draw(st.lists(short(8), min_size=1, max_size=4)),
        "category": draw(st.sampled_from(sorted(EVALUATION["categories"]))),
        "scores": {"I": draw(SCORE), "II": draw(SCORE), "III": draw(SCORE)},
        "kpis": draw(st.lists(KPI, min_size=0, max_size=15)),
        "measures": draw(st.lists(MEASURE, min_size=0, max_size=5)),
        "remarks": draw(st.lists(texts(400), min_size=1, max_size=12)),
    }
    for flag in ("governments_etc", "kpis_etc"):
        if draw(st.booleans()):
            record[flag] = True
    return record


@st.composite
def years(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One to three zones with names unlike one another."""
    names = draw(st.lists(short(24), min_size=1, max_size=3, unique_by=flat).filter(
        lambda ns: all(not flat(a).startswith(flat(b)) for a in ns for b in ns if a is not b)))
    return [draw(zones(name)) for name in names]


def write_year(root: Path, records: list[dict[str, Any]]) -> Path:
    folder = root / "r5"
    (folder / "zones").mkdir(parents=True)
    (folder / "evaluation.yaml").write_text(yaml.safe_dump(EVALUATION, allow_unicode=True), encoding="utf-8")
    for i, record in enumerate(records, start=1):
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (folder / "zones" / f"{i:02d}-zone.yaml").write_text(text, encoding="utf-8")
    return folder


# -- what must hold of every valid year ----------------------------------------------------------------

def overflowing_blocks(deck: Deck) -> list[str]:
    """Every block whose text is taller than its box's inner height, by the fitting model."""
    layout = load_layout()
    insets_pt = (layout.text.insets_mm[2] + layout.text.insets_mm[3]) * (PT_PER_INCH / MM_PER_INCH)
    problems = []
    for page in deck.pages:
        for item in page.texts:
            assert isinstance(item, PlacedText)
            room = item.height * (PT_PER_INCH / MM_PER_INCH) - insets_pt
            if item.block.height > room + 1e-6:
                problems.append(f"page {page.number} {item.role}: {item.block.height:.1f} pt > {room:.1f} pt")
        for table in page.tables:
            assert isinstance(table, PlacedTable)
            for r, row in enumerate(table.cells):
                room = table.rows[r] * (PT_PER_INCH / MM_PER_INCH) - insets_pt
                for c, (_style, block) in enumerate(row):
                    if block.height > room + 1e-6:
                        where = f"page {page.number} {table.role}[{r}][{c}]"
                        problems.append(f"{where}: {block.height:.1f} pt > {room:.1f} pt")
    return problems


def expected_strings(zone: Zone) -> list[str]:
    strings = [zone.name, *zone.governments, *zone.remarks, fmt.score_text(zone.scores.total)]
    for kpi in zone.kpis:
        strings += [kpi.name, fmt.percent_text(kpi.achievement)]
    for measure in zone.measures:
        strings += [measure.heading, *measure.items]
    return strings


def missing_from_deck(path: Path, deck: Deck, year: Year) -> list[str]:
    """Input strings not found on their zone's cards: each role's text joined over the zone's cards
    (a remark may continue on the next card), white space ignored."""
    summary = deck_summary(path)
    assert len(summary) == len(deck.pages)
    missing = []
    for zone in year.zones:
        by_role: dict[str, str] = {}
        for page, slide in zip(deck.pages, summary, strict=True):
            if page.zone is zone:
                for shape in slide["shapes"]:
                    by_role[shape["name"]] = by_role.get(shape["name"], "") + flat(shape["text"])
        for text in expected_strings(zone):
            if not any(flat(text) in joined for joined in by_role.values()):
                missing.append(f"{zone.name}: {text[:40]!r}")
    return missing


def report_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat("".join(parts))


@PROPERTY
@given(records=years())
def test_a_random_valid_year_builds_fits_and_keeps_every_string(records: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_year(Path(tmp), records)
        year = load_year(folder)
        deck = compose(year, load_layout())
        assert overflowing_blocks(deck) == []
        result = build(folder, Path(tmp) / "out")
        cards = Path(tmp) / "out" / "r5" / "cards.pptx"
        assert cards in result.written
        assert missing_from_deck(cards, deck, year) == []
        report = Path(tmp) / "out" / "r5" / "report.docx"
        if report in result.written:
            text = report_text(report)
            missing = [s[:40] for z in year.zones for s in expected_strings(z) if flat(s) not in text]
            assert missing == []


# -- damage to a valid file --------------------------------------------------------------------------

BASE_ZONE = {
    "name": "アジアヘッドクォーター特区",
    "governments": ["東京都"],
    "category": "international",
    "scores": {"I": 5, "II": 4, "III": 5, "total": 4.8},
    "kpis": [{"name": "外国企業の誘致数", "achievement": 103}, {"name": "相談件数", "target": 40, "actual": 21}],
    "kpis_etc": True,
    "measures": [{"heading": "規制の特例措置", "items": ["ビジネスジェットの使用手続簡略化"], "etc": True}],
    "remarks": ["Access to Tokyo、ビジネスコンシェルジュ東京など地域独自の取組を実施。", "堅調に推移している。"],
}
BASE_TEXT = yaml.safe_dump(BASE_ZONE, allow_unicode=True, sort_keys=False)
REPLACEMENTS = st.sampled_from([
    "", "~", "[]", "{}", "[1, 2]", "{a: 1}", "0", "-1", "4.25", "1e3", ".nan", "true", "はい", "'5'",
    '"\\0"', "\t", "!!python/object/apply:os.getcwd []", "&a 1", "*a", "2023-04-01", "<<: {}", ": :",
    "|", ">", "- - -", "'unclosed", '"unclosed', "[unclosed", "#", "%TAG", "\u2028", "\x85", "@", "`",
])


@st.composite
def damaged(draw: st.DrawFn) -> str:
    lines = BASE_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap_value", "indent", "insert", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap_value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(REPLACEMENTS)}\n"
        elif kind == "swap_value":
            lines[i] = lines[i].split("- ", 1)[0] + f"- {draw(REPLACEMENTS)}\n"
        elif kind == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[i].lstrip(" ")
        elif kind == "insert":
            lines.insert(i, draw(REPLACEMENTS) + "\n")
        else:
            text = "".join(lines)
            cut = draw(st.integers(0, len(text)))
            lines = [text[:cut]] if text[:cut] else [""]
    return "".join(lines)


@PROPERTY
@given(text=damaged())
def test_a_damaged_file_builds_or_is_refused_cleanly(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_year(Path(tmp), [])
        (folder / "zones" / "01-zone.yaml").write_text(text, encoding="utf-8")
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(["build", str(folder), "-o", str(Path(tmp) / "out")])
        err = stderr.getvalue()
        assert code in (0, 2), err
        assert "Traceback" not in err and "internal error" not in err, err
        if code == 2:
            assert not (Path(tmp) / "out").exists()
            lines = err.splitlines()
            assert lines[-1].endswith("nothing was written")
            checklist = ("  ", )  # a field left empty: listed under its file, then counted
            assert all(line.startswith((str(folder), "error: ", *checklist))
                       or line.endswith("still to be entered: write them in, then run the command again")
                       for line in lines[:-1]), err
