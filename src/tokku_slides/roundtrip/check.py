"""``check``: does a deck (ours, or one re-saved and edited by PowerPoint or LibreOffice) still say
what the data says? Each zone's card(s) are found by their content, never by slide number."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from tokku_slides.build import load_inputs
from tokku_slides.i18n import _
from tokku_slides.layout.facts import TEXT, CardBlocks, card_facts, expected_facts, fact_kind, fact_name, same
from tokku_slides.layout.pages import Composer
from tokku_slides.layout.spec import Labels, Layout
from tokku_slides.layout.texts import YearTexts, ZoneTexts, year_texts
from tokku_slides.model.errors import one_line
from tokku_slides.model.records import Year, Zone
from tokku_slides.render.deck_reader import SlideText, TableText, read_deck


class CheckError(Exception):
    """The file cannot be read as a deck (exit status 2)."""


@dataclass(frozen=True)
class Difference:
    """One thing the file says otherwise than the data."""

    where: str
    """The zone's name, or the list page."""
    block: str
    """The block's name in words (専門家所見 2), or "" for a zone or slide as a whole."""
    expected: str
    found: str
    slide: int | None
    zone: Zone | None = None
    path: str = ""
    """The fact's path in the zone file (remarks.2), "" when it is none."""
    kind: str = TEXT
    place: str = ""
    """Where in a report, in words (the heading above it, the table and row or the paragraph); "" on a deck."""

    def __str__(self) -> str:
        slide = self.place or (_(" (slide {number})").format(number=self.slide) if self.slide else "")
        head = f"{self.where}: {self.block}: " if self.block else f"{self.where}: "
        return one_line(head + _("the data gives {expected}, the file has {found}").format(
            expected=_quote(self.expected), found=_quote(self.found)) + slide)


def _quote(text: str) -> str:
    return _("«{text}»").format(text=text) if text else _("nothing")


@dataclass
class CheckResult:
    year: Year
    differences: list[Difference]
    slides: int
    """The deck's slides, or the report's zone sections."""
    zones: int
    report: bool = False
    """True: the file was a report (.docx)."""


def _score_row(table: TableText, labels: Labels) -> bool:
    if len(table.rows) != 2 or len(table.rows[0]) != 4:
        return False
    header = "".join(table.rows[0])
    return all(s.mark in header for s in labels.scores)


@dataclass(frozen=True)
class ListRows:
    """The list page as the deck composes it: its headers, and each zone's row of texts by name."""

    headers: tuple[str, ...]
    name_column: int
    rows: dict[str, tuple[str, ...]]


def list_rows(year: Year, layout: Layout) -> ListRows:
    """What the list page should say, from the same composition the deck is drawn from."""
    composer = Composer(layout)
    deck = composer.compose(year)
    keys, headers, rows = composer.list_rows(deck, year)
    name = keys.index("name")
    return ListRows(tuple(headers), name, {row[name]: tuple(row) for row in rows})


def _headers(table: TableText) -> tuple[str, ...]:
    return tuple(_flat(c) for c in table.rows[0]) if table.rows else ()


def _list_table(table: TableText, expected: ListRows) -> bool:
    """A table of the list page: its header row has the name column's header (特区名), whatever other
    columns it has (a column left out or added is a difference, not another table)."""
    return _flat(expected.headers[expected.name_column]) in _headers(table)


def _flat(text: str) -> str:
    return "".join(text.split())


def _title(slide: SlideText, titles: dict[str, ZoneTexts], labels: Labels) -> str:
    """The slide's title: the text shape that is a zone's title, else the one named title, else the
    first of the form NAME（…）."""
    candidates = ["\n".join(t.paragraphs) for t in slide.texts]
    for text in candidates:
        flat = _flat(text).removesuffix(labels.continued)
        if flat in titles:
            return text
    names = [t for t in slide.texts if t.name == "title"]
    if names:
        return "\n".join(names[0].paragraphs)
    for text in candidates:
        flat = _flat(text)
        if flat.endswith("）") and "（" in flat:
            return text
    return ""


def _blocks(slides: list[SlideText], labels: Labels, title: str) -> CardBlocks:
    kpis: list[str] = []
    measures: dict[int, list[str]] = {}
    remarks: list[str] = []
    scores: tuple[str, ...] = ()
    for slide in slides:
        for table in slide.tables:
            if _score_row(table, labels) and not scores:
                scores = tuple(c.replace("\n", "") for c in table.rows[1])
        for shape in slide.texts:
            name = shape.name
            paragraphs = list(shape.paragraphs)
            if name == "kpis" or (name != "remarks" and paragraphs and paragraphs[0].strip() == labels.kpis):
                kpis.extend(paragraphs if not kpis else paragraphs[1:] if paragraphs[:1] == [labels.kpis]
                            else paragraphs)
            elif name.startswith("measure.") and name[8:].isdecimal():
                measures.setdefault(int(name[8:]), []).extend(paragraphs)
            elif name == "remarks":
                remarks.extend(paragraphs)
    return CardBlocks(title, scores, tuple(kpis), tuple(tuple(measures[n]) for n in sorted(measures)),
                      tuple(remarks))


def _out_of_order(found: list[int]) -> set[int]:
    """The positions of ``found`` (expected ranks) not on a longest increasing run: the cards moved."""
    best: list[list[int]] = []
    for i, rank in enumerate(found):
        chains = [c for c in best if found[c[-1]] < rank]
        chain = max(chains, key=len) if chains else []
        best.append([*chain, i])
    longest: list[int] = max(best, key=len) if best else []
    keep = set(longest)
    return set(range(len(found))) - keep


def compare(year: Year, layout: Layout, slides: list[SlideText]) -> list[Difference]:
    texts: YearTexts = year_texts(year, layout)
    labels = layout.labels
    titles = {_flat(z.title): z for z in texts.zones}
    differences: list[Difference] = []
    cards: dict[int, list[SlideText]] = {}
    card_titles: dict[int, str] = {}
    unmatched: list[tuple[SlideText, str]] = []
    lists: list[SlideText] = []
    expected_list = list_rows(year, layout)
    order = {id(z.zone): i for i, z in enumerate(texts.zones)}
    for slide in slides:
        if any(_list_table(t, expected_list) for t in slide.tables):
            lists.append(slide)
            continue
        if not any(_score_row(t, labels) for t in slide.tables):
            content = " / ".join(p for t in slide.texts for p in t.paragraphs if p.strip())
            differences.append(Difference(_("slide {number}").format(number=slide.number), "", "",
                                          content[:80], slide.number))
            continue
        title = _title(slide, titles, labels)
        flat = _flat(title).removesuffix(labels.continued)
        zone = titles.get(flat)
        if zone is None:
            zone = next((z for z in texts.zones if flat.startswith(z.zone.name + "（")), None)
        if zone is None:
            unmatched.append((slide, title))
            continue
        cards.setdefault(id(zone.zone), []).append(slide)
        card_titles.setdefault(id(zone.zone), title)
    # a card whose title was reworded: the zone left without a card whose content it most resembles
    for slide, title in unmatched:
        missing = [z for z in texts.zones if id(z.zone) not in cards]
        found = card_facts(_blocks([slide], labels, title), labels)
        best, score = None, 0.0
        for z in missing:
            want = expected_facts(z, labels)
            ratio = difflib.SequenceMatcher(None, " ".join(want.values()), " ".join(found.values())).ratio()
            if ratio > score:
                best, score = z, ratio
        if best is not None and score >= 0.6:
            cards[id(best.zone)] = [slide]
            card_titles[id(best.zone)] = title
        else:
            differences.append(Difference(_("slide {number}").format(number=slide.number),
                                          _("a card of a zone not in the data"), "", _flat(title), slide.number))
    for z in texts.zones:
        zone_slides = cards.get(id(z.zone))
        if not zone_slides:
            differences.append(Difference(z.zone.name, _("the zone's card"), z.title, "", None, z.zone))
            continue
        found = card_facts(_blocks(zone_slides, labels, card_titles[id(z.zone)]), labels)
        want = expected_facts(z, labels)
        for path in [*want, *(p for p in found if p not in want)]:
            e, f = want.get(path, ""), found.get(path, "")
            if not same(e, f, path):
                differences.append(Difference(z.zone.name, fact_name(path), e, f, zone_slides[0].number, z.zone,
                                              path, fact_kind(path)))
    firsts = sorted((slides_[0].number, order[key]) for key, slides_ in cards.items())
    moved = _out_of_order([rank for _n, rank in firsts])
    for i in sorted(moved):
        number, rank = firsts[i]
        z = texts.zones[rank]
        before = texts.zones[rank - 1].zone.name if rank else ""
        differences.append(Difference(
            z.zone.name, _("the card's place"),
            _("after the card of {zone}").format(zone=before) if before else _("the first card"),
            _("slide {number}").format(number=number), number, z.zone))
    differences.extend(_list_differences(lists, texts, labels, expected_list))
    return differences


def _list_differences(lists: list[SlideText], texts: YearTexts, labels: Labels,
                      expected: ListRows) -> list[Difference]:
    where = labels.list_title
    if not lists:
        return [Difference(where, "", labels.list_title, "", None)]
    out: list[Difference] = []
    rows: dict[str, tuple[dict[str, str], int]] = {}
    name_header = _flat(expected.headers[expected.name_column])
    reported: set[str] = set()
    for slide in lists:
        for table in slide.tables:
            if not _list_table(table, expected):
                continue
            headers = _headers(table)
            # a column the data gives that the table has not (前年度 and 増減 of a deck built before
            # previous: was set), or one it has that the data does not give: once per column
            for header in expected.headers:
                if _flat(header) not in headers and header not in reported:
                    reported.add(header)
                    out.append(Difference(where, _("the column {column}").format(column=header), header, "",
                                          slide.number))
            wanted = {_flat(h) for h in expected.headers}
            for header in headers:
                if header not in wanted and header not in reported:
                    reported.add(header)
                    out.append(Difference(where, _("a column the data does not give"), "", header, slide.number))
            for row in table.rows[1:]:
                cells = dict(zip(headers, (c.replace("\n", "") for c in row), strict=False))
                if name_header in cells:
                    rows[_flat(cells[name_header])] = (cells, slide.number)
    for z in texts.zones:
        want = expected.rows[z.zone.name]
        if _flat(z.zone.name) not in rows:
            out.append(Difference(where, z.zone.name, z.zone.name, "", lists[0].number, z.zone))
            continue
        found, number = rows.pop(_flat(z.zone.name))
        for column, e in zip(expected.headers, want, strict=True):
            f = found.get(_flat(column))
            if f is not None and _flat(e) != _flat(f):
                out.append(Difference(where, f"{z.zone.name} {column}", e, f, number, z.zone))
    for name, (_cells, number) in rows.items():
        out.append(Difference(where, _("a row of a zone not in the data"), "", name, number))
    return out


def check(data_dir: Path, file: Path, layout_path: Path | None = None) -> CheckResult:
    """Compare ``file`` (a .pptx deck or a .docx report) with the year in ``data_dir``; writes nothing."""
    kind = _kind(file)
    year, layout = load_inputs(data_dir, layout_path)
    data = _read(file, kind)
    if kind == ".docx":
        from tokku_slides.render.docx_reader import read_report
        from tokku_slides.roundtrip.check_report import compare_report

        try:
            items = read_report(data)
        except Exception as exc:  # python-docx raises several kinds on a damaged package
            raise CheckError(_("{file}: cannot read it as a Word file ({reason})").format(
                file=file, reason=one_line(str(exc))[:120])) from exc
        differences, sections = compare_report(year, layout, items)
        return CheckResult(year, differences, sections, len(year.zones), report=True)
    try:
        slides = read_deck(data)
    except Exception as exc:  # python-pptx raises several kinds on a damaged package
        raise CheckError(_("{file}: cannot read it as a PowerPoint file ({reason})").format(
            file=file, reason=one_line(str(exc))[:120])) from exc
    return CheckResult(year, compare(year, layout, slides), len(slides), len(year.zones))


def _kind(file: Path) -> str:
    """``.pptx`` or ``.docx``; any other file: one line saying what check reads (before the data is
    loaded: the clerk fixes the command first)."""
    suffix = file.suffix.lower()
    if suffix in (".pptx", ".docx"):
        return suffix
    if suffix in (".ppt", ".doc"):
        if not file.exists():
            raise CheckError(_("{file}: the file does not exist; check the name and the folder").format(file=file))
        raise CheckError(_("{file}: the old binary format ({old}); open it and save it as {new}, then check "
                           "that file").format(file=file, old=suffix, new=".pptx" if suffix == ".ppt" else ".docx"))
    raise CheckError(_("{file}: check reads a deck (.pptx) or a report (.docx), not this file").format(file=file))


def _read(file: Path, kind: str) -> bytes:
    """The file's bytes, refused in one line when they are no Office package (a .doc renamed .docx,
    a password, not a zip) with the templates' messages."""
    from tokku_slides.render import templates

    try:
        return templates.read_template(file) if kind == ".pptx" else templates.read_reference(file)
    except templates.TemplateError as exc:
        raise CheckError(str(exc)) from exc
    except OSError as exc:
        raise CheckError(_("{file}: cannot read it ({reason})").format(file=file, reason=exc.strerror or exc)) from exc

