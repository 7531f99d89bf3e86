"""What a card says, as facts: field path -> the text printed (the round trips' common ground).

:func:`expected_facts` gives a zone's facts from the data (the texts every output prints);
:func:`card_facts` reads the same facts back from a card's blocks as found in a file (paragraph
texts, the score table's row), however the file was written. Comparing the two is ``check``; the
paths name the zone file's fields, so ``extract`` knows where a found text goes. Pure: no Office library.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tokku_slides.i18n import N_, _
from tokku_slides.layout.spec import Labels
from tokku_slides.layout.texts import ZoneTexts

TEXT, SCORE, PERCENT, TOTAL, ETC = "text", "score", "percent", "total", "etc"
"""The kinds of fact: a text extract writes back, a score or a percent it writes only with --scores,
the total (computed by the 1:1:2 rule, never written), and a 等 that ends the KPIs or a measure's
items (a flag of the data, kpis_etc: or etc:, which extract lists but does not write)."""

FACT_NAMES: tuple[tuple[str, str], ...] = (
    (r"title", N_("name and governments")),
    (r"scores\.total", N_("overall score")),
    (r"scores\.I", N_("score I")),
    (r"scores\.II", N_("score II")),
    (r"scores\.III", N_("score III")),
    (r"kpis\.(?P<n>\d+)\.name", N_("KPI {n} name")),
    (r"kpis\.(?P<n>\d+)\.achievement", N_("KPI {n}")),
    (r"kpis\.etc", N_("等 after the KPIs")),
    (r"measures\.(?P<n>\d+)\.heading", N_("support measure {n} heading")),
    (r"measures\.(?P<n>\d+)\.items\.(?P<m>\d+)", N_("support measure {n} item {m}")),
    (r"measures\.(?P<n>\d+)\.etc", N_("等 after support measure {n}")),
    (r"remarks\.(?P<n>\d+)", N_("expert remark {n}")),
)
"""A fact's path -> the block's name in messages (専門家所見 2, 進捗度 KPI 3, 総合評価 in Japanese)."""


def fact_name(path: str) -> str:
    """The name of the block at ``path`` in the language in use."""
    for pattern, name in FACT_NAMES:
        m = re.fullmatch(pattern, path)
        if m:
            return _(name).format(**m.groupdict())
    return path


def fact_kind(path: str) -> str:
    if path == "scores.total":
        return TOTAL
    if path.startswith("scores."):
        return SCORE
    if path.endswith(".achievement"):
        return PERCENT
    if path.endswith(".etc"):
        return ETC
    return TEXT


@dataclass(frozen=True)
class CardBlocks:
    """A zone's card(s) as found in a file: each block's paragraphs (a zone's continuation cards
    joined in order), the score table's second row, the title."""

    title: str
    scores: tuple[str, ...]
    kpis: tuple[str, ...]
    measures: tuple[tuple[str, ...], ...]
    remarks: tuple[str, ...]


def expected_facts(texts: ZoneTexts, labels: Labels) -> dict[str, str]:
    """The facts a zone's card prints, in card order; a 等 the data asks for (``kpis_etc:``, a
    measure's ``etc:``) is a fact of its own (``kpis.etc``, ``measures.N.etc``: the label 等)."""
    zone = texts.zone
    facts = {"title": texts.title, "scores.total": texts.total}
    for key, value in zip(("I", "II", "III"), texts.scores, strict=True):
        facts[f"scores.{key}"] = value
    for n, kpi in enumerate(texts.kpis, start=1):
        facts[f"kpis.{n}.name"] = kpi.name
        facts[f"kpis.{n}.achievement"] = kpi.percent
    if zone.kpis_etc:
        facts["kpis.etc"] = labels.etc
    for n, measure in enumerate(zone.measures, start=1):
        facts[f"measures.{n}.heading"] = measure.heading
        for m, item in enumerate(measure.items, start=1):
            facts[f"measures.{n}.items.{m}"] = item
        if measure.etc:
            facts[f"measures.{n}.etc"] = labels.etc
    for n, remark in enumerate(zone.remarks, start=1):
        facts[f"remarks.{n}"] = remark
    return facts


_PERCENT = re.compile(r"[0-9.]+\s*[％%]")


def _items(paragraphs: Sequence[str], labels: Labels) -> tuple[str | None, list[str], bool]:
    """A block's heading (its first paragraph when it is no bullet, else None), its bullet items and
    whether a paragraph 等 is among them; a paragraph without a bullet after an item is that item's
    rest (a cut at a card's end)."""
    heading: str | None = None
    items: list[str] = []
    etc = False
    for i, raw in enumerate(paragraphs):
        text = raw.strip()
        if text == labels.etc:
            etc = True
        if not text or text == labels.etc:
            continue
        if text.startswith(labels.bullet):
            items.append(text[len(labels.bullet):].strip())
        elif i == 0 and heading is None and not items:
            heading = text
        elif items:
            items[-1] += text
        elif heading is not None:
            heading += text
    return heading, items, etc


def card_facts(blocks: CardBlocks, labels: Labels, continued: bool = True) -> dict[str, str]:
    """The facts a card found in a file prints (the paths of :func:`expected_facts`)."""
    title = blocks.title.strip()
    if continued and title.endswith(labels.continued):
        title = title[: -len(labels.continued)]
    facts = {"title": "".join(title.split())}
    for path, value in zip(("scores.total", "scores.I", "scores.II", "scores.III"), blocks.scores, strict=False):
        facts[path] = value.strip()
    # the KPI column: its heading, then each KPI's bulleted name and its percent
    n = 0
    after_percent = True
    for raw in blocks.kpis[1:] if blocks.kpis and blocks.kpis[0].strip() == labels.kpis else blocks.kpis:
        text = raw.strip()
        if text == labels.etc:
            facts["kpis.etc"] = labels.etc
        if not text or text == labels.etc:
            continue
        if text.startswith(labels.bullet):
            n += 1
            facts[f"kpis.{n}.name"] = text[len(labels.bullet):].strip()
            after_percent = False
        elif _PERCENT.fullmatch(text) and n and not after_percent:
            facts[f"kpis.{n}.achievement"] = text.replace(" ", "")
            after_percent = True
        elif n:
            key = f"kpis.{n}.achievement" if after_percent else f"kpis.{n}.name"
            facts[key] = facts.get(key, "") + text
    for n, paragraphs in enumerate(blocks.measures, start=1):
        heading, items, etc = _items(paragraphs, labels)
        if heading is None and not items and not etc:
            continue
        facts[f"measures.{n}.heading"] = heading or ""
        for m, item in enumerate(items, start=1):
            facts[f"measures.{n}.items.{m}"] = item
        if etc:
            facts[f"measures.{n}.etc"] = labels.etc
    _heading, remarks, _etc = _items(blocks.remarks, labels)
    for n, remark in enumerate(remarks, start=1):
        facts[f"remarks.{n}"] = remark
    return facts


def same(expected: str, found: str, path: str) -> bool:
    """Whether a found text says what the data gives: the title ignoring white space (its lines may
    be broken), every other text exactly (a score or percent as printed)."""
    if path == "title":
        return "".join(expected.split()) == "".join(found.split())
    return expected.strip() == found.strip()


def split_title(title: str, labels: Labels) -> tuple[str, tuple[str, ...], bool] | None:
    """A card's title ``NAME（GOV、GOV　等）`` as (name, governments, 等), or None when it has not
    that form."""
    m = re.fullmatch(r"(?P<name>.+?)（(?P<govs>[^（）]+)）", "".join(title.split()))
    if not m:
        return None
    govs = m.group("govs")
    etc = govs.endswith(labels.etc) and len(govs) > len(labels.etc)
    if etc:
        govs = govs[: -len(labels.etc)]
    return m.group("name"), tuple(g for g in govs.split("、") if g), etc
