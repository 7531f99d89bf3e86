"""Loading and validating one fiscal year's folder (see the README's data contract).

Every problem of the folder is collected and raised at once as :class:`InputErrors`; nothing is
returned unless the whole year is valid.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tokku_slides.i18n import _, listing
from tokku_slides.model import cycle
from tokku_slides.model.dates import FIRST_DATE, iso_date, meant_date
from tokku_slides.model.errors import InputError, InputErrors
from tokku_slides.model.fields import field_label
from tokku_slides.model.records import Kpi, Measure, Scores, SourceText, Year, Zone
from tokku_slides.model.scoring import weighted_total
from tokku_slides.model.yamlsrc import (
    CORE,
    DATE_TAG,
    FULL_WIDTH_SPACE,
    MERGE_TAG,
    Doc,
    YamlProblem,
    at,
    compose,
    folded_text,
    full_width_indent_message,
    kind,
    scalar_text,
)

EVALUATION_FILE = "evaluation.yaml"
ZONES_DIR = "zones"
MAX_MEASURES = 5
"""The card has room for at most five measure columns under Ⅱ and Ⅲ."""
MAX_TEXT_CHARS = 5_000
"""The longest text field (a remark is 40 to 400 characters; 5,000 fills about four cards). Longer is
a paste gone wrong, and would make fitting slow (splitting one paragraph costs its length squared)."""

EVALUATION_KEYS = ("fiscal_year", "title", "section", "categories", "previous", "date", "organisation")
ORGANISATION_KEYS = ("author", "company")
"""``organisation:`` of evaluation.yaml (optional, as both its keys): the documents' author and company."""
ZONE_KEYS = (
    "name", "governments", "governments_etc", "category", "scores",
    "kpis", "kpis_etc", "measures", "remarks", "previous_name",
    "field", "designation", "number",
)
MAX_DESIGNATION = 9
"""指定次数: the designation rounds run from 1 (第１次) to 9 at most."""
SCORE_KEYS = ("I", "II", "III", "total")
KPI_KEYS = ("name", "achievement", "target", "actual")
MEASURE_KEYS = ("heading", "items", "etc")


class _Checker:
    """Reads nodes of one file into values, recording an error for each problem."""

    def __init__(self, doc: Doc, errors: list[InputError], texts: list[SourceText] | None = None) -> None:
        self.path = doc.path
        self.errors = errors
        self.texts: list[SourceText] = [] if texts is None else texts
        """Every text read, with its place (for the warnings of model/checks.py)."""
        self.suggested: set[str] = set()
        """Known keys that the last :meth:`mapping` suggested for a misspelt key (so that their
        absence is not reported a second time)."""
        self.keys: dict[int, Node] = {}
        """The key node of each value node :meth:`mapping` read (by the value node's id): where a value
        left empty is reported, and the line its comment is read from."""

    def error(self, node: Node | None, field: str, message: str, found: str | None = None) -> None:
        self.errors.append(at(self.path, node, field, message, found, field_label(field)))

    # -- containers --------------------------------------------------------------------------
    def mapping(
        self, node: Node | None, field: str, keys: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Node] | None:
        """The mapping's entries by key; reports duplicates, unknown keys and missing ones."""
        self.suggested = set()
        if not isinstance(node, MappingNode):
            if node is None or (isinstance(node, ScalarNode) and node.tag == CORE + "null" and not node.value):
                message = (_("the file is empty; expected the keys {keys}") if node is None or not field
                           else _("nothing is given; expected the keys {keys}"))
                self.error(node, field, message.format(keys=listing(required or keys)))
            else:
                self.error(node, field, _("expected keys ({keys}) on lines of their own, not {kind}").format(
                    keys=listing(keys), kind=kind(node)), scalar_text(node))
            return None
        entries: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        suggested = self.suggested
        prefix = f"{field}." if field else ""
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, field, _("a key must be a plain word"), kind(key_node))
                continue
            key = str(key_node.value)
            if key_node.tag == MERGE_TAG:
                self.error(key_node, prefix + key, _("merge keys (<<) are not supported; write the keys out"))
                continue
            if key in key_lines:
                self.error(key_node, prefix + key,
                           _("key given twice (first on line {line}); keep one of them").format(line=key_lines[key]))
                continue
            key_lines[key] = key_node.start_mark.line + 1
            if key.startswith(FULL_WIDTH_SPACE) and key not in keys:
                self.error(key_node, "", full_width_indent_message())
                suggested.add(key.lstrip(FULL_WIDTH_SPACE + " "))
                continue
            if key not in keys:
                near = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
                if near and near[0] not in key_lines:
                    message = _("unknown key; did you mean '{key}'?").format(key=near[0])
                    suggested.add(near[0])
                else:
                    message = _("unknown key; known keys: {keys}").format(keys=listing(keys))
                self.error(key_node, prefix + key, message)
                continue
            entries[key] = value_node
            self.keys[id(value_node)] = key_node
        for key in required:
            if key not in entries and key not in suggested:
                self.error(node, prefix + key, _("required field is missing"))
        return entries

    def sequence(self, node: Node, field: str, *, non_empty: bool) -> list[Node] | None:
        """The items of a list; an empty value (``remarks:`` with nothing after it) is an empty list."""
        empty = isinstance(node, ScalarNode) and node.tag == CORE + "null" and node.value in ("", "~", "null")
        if not isinstance(node, SequenceNode) and not empty:
            self.error(node, field, _("expected a list (lines starting with '- '), not {kind}").format(
                kind=kind(node)), scalar_text(node))
            return None
        items = list(node.value) if isinstance(node, SequenceNode) else []
        if non_empty and not items:
            self.error(node, field, _("must list at least one entry (lines starting with '- ')"),
                       "[]" if isinstance(node, SequenceNode) else _("nothing"))
            return None
        return items

    def pending(self, node: Node, field: str) -> bool:
        """True when ``node`` is a value left empty (``I:`` with nothing after it, or ``~``): a field still
        to be entered this year (``tokku-slides new`` leaves them so), recorded as a checklist item
        (severity "pending") with last year's value when the comment beside the key gives it
        (``I:   # 令和５年度: 5``)."""
        if not (isinstance(node, ScalarNode) and node.tag == CORE + "null"):
            return False
        key = self.keys.get(id(node))
        place = key if key is not None else node
        last = last_year_comment(place)
        message = _("not entered yet") if last is None else _("not entered yet ({last})").format(last=last)
        mark = place.start_mark
        self.errors.append(InputError(self.path, mark.line + 1, mark.column + 1, field, message, None,
                                      field_label(field), severity=PENDING))
        return True

    # -- scalars -----------------------------------------------------------------------------
    def empty(self, node: Node, field: str, message: str) -> bool:
        """Report an empty value (``key:`` with nothing after it, or ``~``) with ``message``; True if it
        was one."""
        if isinstance(node, ScalarNode) and node.tag == CORE + "null":
            shown = None if node.value == "" else str(node.value)
            self.error(node, field, message, shown)
            return True
        return False

    def text(self, node: Node, field: str) -> str | None:
        if not isinstance(node, ScalarNode) or node.tag != CORE + "str":
            if self.empty(node, field, _("is empty: write the text")):
                pass
            elif isinstance(node, ScalarNode):
                self.error(node, field, _("expected text, not {kind}; put it in quotes").format(kind=kind(node)),
                           scalar_text(node))
            elif isinstance(node, MappingNode) and len(node.value) == 1 and node.flow_style is False:
                # "text: more text" reads as a key and a value
                self.error(node, field, _("expected text, not a mapping: a ': ' inside the text starts a key; "
                                          "put the whole text in quotes ('...')"), _source_line(node))
            else:
                self.error(node, field, _("expected text, not {kind}").format(kind=kind(node)))
            return None
        value = folded_text(node).strip()
        if not value:
            self.error(node, field, _("must not be empty"), repr(node.value))
            return None
        if len(value) > MAX_TEXT_CHARS:
            self.error(node, field, _("text is too long ({count} characters; at most {limit}): "
                                      "split it into several entries").format(
                count=f"{len(value):,}", limit=f"{MAX_TEXT_CHARS:,}"), value[:20] + "...")
            return None
        bad = next((ch for ch in value if _invisible(ch)), None)
        if bad is not None:
            if bad == "\t":
                message = _("contains an invisible control character (a tab: use spaces)")
            else:
                message = _("contains an invisible control character ({code}: delete it)").format(
                    code=f"U+{ord(bad):04X}")
            self.error(node, field, message, value if len(value) <= 60 else None)
            return None
        mark = node.start_mark
        self.texts.append(SourceText(self.path, mark.line + 1, mark.column + 1, field, str(node.value),
                                     _inline_column(node)))
        return value

    def flag(self, node: Node, field: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != CORE + "bool":
            if not self.empty(node, field, _("is empty: write true or false")):
                self.error(node, field, _("expected true or false, not {kind}").format(kind=kind(node)),
                           scalar_text(node))
            return None
        return str(node.value).lower() in ("true", "yes", "on", "y")

    def number(self, node: Node, field: str) -> Decimal | None:
        """A number exactly as written (4.25 stays 4.25): never a binary float. A number in full-width
        characters (``４．５``) is refused with the half-width number to write instead."""
        half = _half_width_number(node)
        if half is not None:
            self.error(node, field, _("a number in full-width characters (全角); write it in half-width "
                                      "characters: {number}").format(number=half), str(node.value))
            return None
        if not isinstance(node, ScalarNode) or node.tag not in (CORE + "int", CORE + "float"):
            quoted = isinstance(node, ScalarNode) and node.style in ("'", '"') and _decimal(str(node.value))
            message = (_("expected a number, not {kind}; remove the quotes") if quoted
                       else _("expected a number, not {kind}"))
            if not self.empty(node, field, _("is empty: write a number")):
                self.error(node, field, message.format(kind=kind(node)), scalar_text(node))
            return None
        value = _decimal(str(node.value))
        if value is None:
            self.error(node, field, _("expected a plain decimal number such as 4 or 3.8"), str(node.value))
            return None
        return value

    def score(self, node: Node, field: str) -> Decimal | None:
        value = self.number(node, field)
        if value is None:
            return None
        if not Decimal(1) <= value <= Decimal(5):
            self.error(node, field, _("a score must be from 1.0 to 5.0"), str(node.value))
            return None
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < -1:
            self.error(node, field, _("a score has at most one decimal"), str(node.value))
            return None
        return value.normalize() if exponent is not None else value

    def whole(self, node: Node, field: str, message: str, low: int, high: int | None) -> int | None:
        """A whole number from ``low`` to ``high`` (None: no upper bound); ``message`` when it is not."""
        value = self.number(node, field)
        if value is None:
            return None
        if value != value.to_integral_value() or value < low or (high is not None and value > high):
            self.error(node, field, message, str(node.value))
            return None
        return int(value)


PENDING = "pending"
"""The severity of a field left empty to be entered (:meth:`_Checker.pending`): reported as the
checklist of what is still to be entered, not as an error; the year is not valid until it is filled."""
_LAST_YEAR = re.compile(r"^\S+年度\s*[:：]\s*\S.*$")
"""A comment that gives last year's value: ``令和５年度: 5``, as ``tokku-slides new`` writes it."""


def last_year_comment(node: Node) -> str | None:
    """Last year's value from the comment at the end of ``node``'s line (``I:   # 令和５年度: 5`` gives
    ``令和５年度: 5``), or None when the line has no such comment."""
    mark = node.start_mark
    buffer = getattr(mark, "buffer", None)
    if not isinstance(buffer, str):
        return None
    end = buffer.find("\n", mark.pointer)
    rest = buffer[mark.pointer:end if end >= 0 else len(buffer)].rstrip("\0\r ")
    hash_at = rest.find(" #")
    if hash_at < 0:
        return None
    comment = rest[hash_at + 2:].strip()
    return comment if _LAST_YEAR.match(comment) else None


def _source_line(node: Node) -> str | None:
    """The line of the file where ``node`` starts, as written (for messages), or None."""
    mark = node.start_mark
    buffer = getattr(mark, "buffer", None)
    if not isinstance(buffer, str):
        return None
    start = buffer.rfind("\n", 0, mark.pointer) + 1
    end = buffer.find("\n", mark.pointer)
    return buffer[start:end if end >= 0 else len(buffer)].strip().rstrip("\0") or None


FULL_WIDTH_NUMBER = str.maketrans("０１２３４５６７８９．，－−＋", "0123456789.,--+")
"""Full-width digits, period, comma and signs, and their half-width forms."""


def _half_width_number(node: Node) -> str | None:
    """The number a text written with full-width digits means, in half-width (``４．５`` -> ``4.5``),
    or None when the value is not such a text."""
    if not isinstance(node, ScalarNode) or node.tag != CORE + "str":
        return None
    text = str(node.value).strip()
    half = text.translate(FULL_WIDTH_NUMBER)
    if half == text or _decimal(half.replace(",", "")) is None:
        return None
    return half.replace(",", "")


def _inline_column(node: ScalarNode) -> int | None:
    """The 1-based column of the value's first character when the value stands on one line exactly as
    YAML reads it (plain, or quoted without escapes), else None."""
    start, end = node.start_mark, node.end_mark
    buffer = getattr(start, "buffer", None)
    style = node.style or ""  # plain: None from the pure composer, "" from libyaml
    if not isinstance(buffer, str) or start.line != end.line or style not in ("", "'", '"'):
        return None
    source = buffer[start.pointer:end.pointer]
    quote = 1 if style else 0
    if quote:
        source = source[1:-1]
    return start.column + 1 + quote if source == node.value else None


def _decimal(text: str) -> Decimal | None:
    """A plain decimal number as written (``4``, ``3.8``, ``1_000``), or None for anything else
    (``.inf``, ``0x10``, YAML 1.1's ``1:30``)."""
    raw = text.strip().replace("_", "")
    if not raw or any(ch not in "0123456789.+-eE" for ch in raw):
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _invisible(ch: str) -> bool:
    """A character that must not be in a text field: control characters (a line break is fine),
    line/paragraph separators, lone surrogates and non-characters (none survives into Office XML)."""
    if ch == "\n":
        return False
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in "\ufffe\uffff"


def _read_evaluation(
    doc: Doc, errors: list[InputError], texts: list[SourceText] | None = None
) -> dict[str, object] | None:
    c = _Checker(doc, errors, texts)
    entries = c.mapping(doc.root, "", EVALUATION_KEYS, ("fiscal_year", "title", "section", "categories"))
    if entries is None:
        return None
    before = len(errors)
    out: dict[str, object] = {}
    if "fiscal_year" in entries:
        node = entries["fiscal_year"]
        year = _decimal(str(node.value)) if isinstance(node, ScalarNode) and node.tag == CORE + "int" else None
        half = _half_width_number(node)
        if half is not None:
            c.error(node, "fiscal_year", _("a number in full-width characters (全角); write it in half-width "
                                           "characters: {number}").format(number=half), str(node.value))
        elif year is None or year != year.to_integral_value():
            c.error(node, "fiscal_year", _("expected the fiscal year by its starting calendar year, "
                                           "a whole number such as 2023 (令和５年度)"), scalar_text(node))
        elif not 1989 <= year <= 2200:
            c.error(node, "fiscal_year", _("expected a calendar year from 1989 (平成元年度) on"),
                    str(node.value))
        else:
            out["fiscal_year"] = int(year)
    for key in ("title", "section", "previous"):
        if key in entries:
            out[key] = c.text(entries[key], key)
    if "categories" in entries:
        cats = c.mapping(entries["categories"], "categories", _ANY_KEY, ())
        if cats is not None:
            if not cats:
                c.error(entries["categories"], "categories", _("must name at least one category"), "{}")
            labels = {key: c.text(node, f"categories.{key}") for key, node in cats.items()}
            out["categories"] = {k: v for k, v in labels.items() if v is not None}
            out["_categories_node"] = entries["categories"]
    if "date" in entries:
        out["date"] = _read_date(c, entries["date"])
    if "organisation" in entries:
        given = c.mapping(entries["organisation"], "organisation", ORGANISATION_KEYS, ())
        for key, node in (given or {}).items():
            out[f"organisation.{key}"] = c.text(node, f"organisation.{key}")
    return out if len(errors) == before else None


DATE_EXAMPLE = "2024-03-29"


def _read_date(c: _Checker, node: Node) -> dt.date | None:
    """``date:``: an ISO date (``2024-03-29``) from 平成 on; a date written in another form is refused
    with the ISO form to write instead."""
    if c.empty(node, "date", _("is empty: write the report's date as YYYY-MM-DD (e.g. {example}), or "
                               "remove the line").format(example=DATE_EXAMPLE)):
        return None
    text = str(node.value).strip() if isinstance(node, ScalarNode) else ""
    if not isinstance(node, ScalarNode) or node.tag not in (DATE_TAG, CORE + "str"):
        c.error(node, "date", _("expected a date written as YYYY-MM-DD, e.g. {example}").format(
            example=DATE_EXAMPLE), scalar_text(node))
        return None
    day = iso_date(text)
    if day is None:
        head = text.replace("T", " ").split(" ")[0]
        meant = meant_date(text)
        parts = text.split("-")
        if head != text and iso_date(head) is not None:
            c.error(node, "date", _("expected a date only, without a time; write {date}").format(date=head), text)
        elif meant is not None:
            c.error(node, "date", _("write the date as YYYY-MM-DD: {date}").format(date=meant.isoformat()), text)
        elif len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
            days = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
            c.error(node, "date", _("no such day: {month} has {days} days; write a day that exists, as "
                                    "YYYY-MM-DD").format(month=f"{parts[0]}-{parts[1]}", days=days), text)
        else:
            c.error(node, "date", _("expected a date written as YYYY-MM-DD, e.g. {example}").format(
                example=DATE_EXAMPLE), text)
        return None
    if day < FIRST_DATE:
        c.error(node, "date", _("expected a date from {first} (平成元年１月８日) on").format(
            first=FIRST_DATE.isoformat()), text)
        return None
    return day


class _AnyKey(tuple[str, ...]):
    """A key list that admits every key (for the category mapping, whose keys are the user's)."""

    def __contains__(self, item: object) -> bool:
        return True


_ANY_KEY = _AnyKey()


def _read_zone(
    doc: Doc, categories: dict[str, str] | None, errors: list[InputError], texts: list[SourceText] | None = None
) -> Zone | None:
    c = _Checker(doc, errors, texts)
    entries = c.mapping(
        doc.root, "", ZONE_KEYS, ("name", "governments", "category", "scores", "remarks")
    )
    if entries is None:
        return None
    before = len(errors)

    name = c.text(entries["name"], "name") if "name" in entries else None
    previous_name = c.text(entries["previous_name"], "previous_name") if "previous_name" in entries else None
    policy_field = c.text(entries["field"], "field") if "field" in entries else None
    designation = (c.whole(entries["designation"], "designation",
                           _("a designation round (指定次数) is a whole number from 1 to {high}").format(
                               high=MAX_DESIGNATION), 1, MAX_DESIGNATION)
                   if "designation" in entries else None)
    number = (c.whole(entries["number"], "number", _("a zone's number (番号) is a whole number from 1 up"), 1, None)
              if "number" in entries else None)

    governments: list[str] = []
    if "governments" in entries:
        for i, node in enumerate(c.sequence(entries["governments"], "governments", non_empty=True) or []):
            text = c.text(node, f"governments.{i + 1}")
            if text is not None:
                governments.append(text)

    category = None
    if "category" in entries:
        node = entries["category"]
        category = c.text(node, "category")
        if category is not None and categories is not None and category not in categories:
            c.error(node, "category", _category_problem(category, categories), category)

    scores = _read_scores(c, entries.get("scores"))

    kpis: list[Kpi] = []
    if "kpis" in entries:
        for i, node in enumerate(c.sequence(entries["kpis"], "kpis", non_empty=False) or []):
            kpi = _read_kpi(c, node, f"kpis.{i + 1}")
            if kpi is not None:
                kpis.append(kpi)

    measures: list[Measure] = []
    if "measures" in entries:
        nodes = c.sequence(entries["measures"], "measures", non_empty=False) or []
        if len(nodes) > MAX_MEASURES:
            c.error(entries["measures"], "measures",
                    _("a card has room for at most {limit} measure columns").format(limit=MAX_MEASURES),
                    str(len(nodes)))
        for i, node in enumerate(nodes):
            measure = _read_measure(c, node, f"measures.{i + 1}")
            if measure is not None:
                measures.append(measure)

    remarks: list[str] = []
    if "remarks" in entries and not c.pending(entries["remarks"], "remarks"):
        for i, node in enumerate(c.sequence(entries["remarks"], "remarks", non_empty=True) or []):
            text = c.text(node, f"remarks.{i + 1}")
            if text is not None:
                remarks.append(text)

    flags = {}
    for key in ("governments_etc", "kpis_etc"):
        flags[key] = c.flag(entries[key], key) if key in entries else False

    if len(errors) != before or name is None or category is None or scores is None:
        return None
    if "previous_name" in entries and previous_name is None:
        return None
    if any(key in entries and value is None
           for key, value in (("field", policy_field), ("designation", designation), ("number", number))):
        return None
    return Zone(
        name=name,
        governments=tuple(governments),
        category=category,
        scores=scores,
        remarks=tuple(remarks),
        kpis=tuple(kpis),
        measures=tuple(measures),
        governments_etc=bool(flags["governments_etc"]),
        kpis_etc=bool(flags["kpis_etc"]),
        source=doc.path,
        previous_name=previous_name,
        field=policy_field,
        designation=designation,
        number=number,
    )


CLOSE_KEY = 0.75
"""How alike a category written and a category key must be (difflib's ratio) for the key to be
suggested: ``locl`` is 0.89 like ``local``; ``regional`` is 0.57 like ``international`` and gets the
list of categories instead, since the one meant (``local``, 地域活性化) is not alike in letters."""
CLOSE_LABEL = 0.6
"""How alike a category written and a category's label must be for its key to be suggested."""


def _category_problem(category: str, categories: dict[str, str]) -> str:
    """What is wrong with a category that is not a key of evaluation.yaml's categories: it is a label
    (say whose), close to a key or a label (suggest that key), or neither (list the keys and labels)."""
    by_label = {label: key for key, label in categories.items()}
    if category in by_label:
        return _("is the label of category '{key}', not its key; write category: {key}").format(
            key=by_label[category])
    near = difflib.get_close_matches(category, list(categories), n=1, cutoff=CLOSE_KEY)
    if near:
        return _("not a category of evaluation.yaml; did you mean '{key}'?").format(key=near[0])
    near = difflib.get_close_matches(category, list(by_label), n=1, cutoff=CLOSE_LABEL)
    if near:
        return _("not a category of evaluation.yaml; did you mean '{key}' ({label})?").format(
            key=by_label[near[0]], label=near[0])
    known = listing(f"{key}（{label}）" for key, label in categories.items())
    return _("not a category of evaluation.yaml; the categories are: {categories}").format(categories=known)


def _read_scores(c: _Checker, node: Node | None) -> Scores | None:
    if node is None:
        return None
    entries = c.mapping(node, "scores", SCORE_KEYS, ("I", "II", "III"))
    if entries is None:
        return None
    values: dict[str, Decimal | None] = {}
    for key in SCORE_KEYS:
        if key in entries:
            to_enter = key != "total" and c.pending(entries[key], f"scores.{key}")
            values[key] = None if to_enter else c.score(entries[key], f"scores.{key}")
    i, ii, iii = values.get("I"), values.get("II"), values.get("III")
    if i is None or ii is None or iii is None:
        return None
    computed = weighted_total(i, ii, iii)
    stated = values.get("total")
    if "total" in entries and stated is not None and stated != computed:
        c.error(entries["total"], "scores.total",
                _("differs from the 1:1:2 rule, (Ⅰ {i} + Ⅱ {ii} + 2 × Ⅲ {iii}) / 4 = {total}: "
                  "write {total} or leave total out").format(i=i, ii=ii, iii=iii, total=computed),
                str(entries["total"].value))
        return None
    if "total" in entries and stated is None:
        return None
    return Scores(i, ii, iii)


def _read_kpi(c: _Checker, node: Node, field: str) -> Kpi | None:
    entries = c.mapping(node, field, KPI_KEYS, ("name",))
    if entries is None:
        return None
    name = c.text(entries["name"], f"{field}.name") if "name" in entries else None
    has_stated = "achievement" in entries
    has_pair = "target" in entries or "actual" in entries
    if has_stated and has_pair:
        c.error(node, field, _("give either achievement or target and actual, not both"))
        return None
    if not has_stated and not has_pair:
        if not c.suggested & {"achievement", "target", "actual"}:
            c.error(node, field, _("needs achievement, or target and actual"))
        return None
    if has_stated:
        if c.pending(entries["achievement"], f"{field}.achievement"):
            return None
        value = c.number(entries["achievement"], f"{field}.achievement")
        if value is not None and value < 0:
            c.error(entries["achievement"], f"{field}.achievement", _("a percent must not be negative"),
                    str(entries["achievement"].value))
            return None
        if name is None or value is None:
            return None
        return Kpi(name, stated_achievement=value)
    for key in ("target", "actual"):
        if key not in entries:
            other = "actual" if key == "target" else "target"
            if key not in c.suggested:
                c.error(node, f"{field}.{key}", _("required field is missing ({other} needs {key} too)").format(
                    other=other, key=key))
    if "target" not in entries or "actual" not in entries:
        return None
    target, actual = (None if c.pending(entries[key], f"{field}.{key}") else c.number(entries[key], f"{field}.{key}")
                      for key in ("target", "actual"))
    if target is not None and target <= 0:
        c.error(entries["target"], f"{field}.target", _("must be greater than 0"), str(entries["target"].value))
        return None
    if actual is not None and actual < 0:
        c.error(entries["actual"], f"{field}.actual", _("must not be negative"), str(entries["actual"].value))
        return None
    if name is None or target is None or actual is None:
        return None
    return Kpi(name, target=target, actual=actual)


def _read_measure(c: _Checker, node: Node, field: str) -> Measure | None:
    entries = c.mapping(node, field, MEASURE_KEYS, ("heading", "items"))
    if entries is None:
        return None
    heading = c.text(entries["heading"], f"{field}.heading") if "heading" in entries else None
    items: list[str] = []
    ok = True
    if "items" in entries:
        nodes = c.sequence(entries["items"], f"{field}.items", non_empty=True)
        ok = nodes is not None
        for i, item in enumerate(nodes or []):
            text = c.text(item, f"{field}.items.{i + 1}")
            if text is None:
                ok = False
            else:
                items.append(text)
    etc = c.flag(entries["etc"], f"{field}.etc") if "etc" in entries else False
    if heading is None or not ok or etc is None or "items" not in entries:
        return None
    return Measure(heading, tuple(items), etc)


def _compose_or_record(path: Path, errors: list[InputError]) -> Doc | None:
    try:
        return compose(path)
    except YamlProblem as problem:
        errors.append(problem.error)
        return None


ZONE_SUFFIXES = (".yaml", ".yml")


def zone_files(folder: Path) -> list[Path]:
    """The zone files of a year folder, in card order (by file name): ``zones/*.yaml`` and
    ``*.yml`` (any case); hidden files are left out."""
    zones_dir = folder / ZONES_DIR
    if not zones_dir.is_dir():
        return []
    return sorted(
        (p for p in zones_dir.iterdir()
         if p.name.lower().endswith(ZONE_SUFFIXES) and not p.name.startswith(".")),
        key=lambda p: p.name,
    )


def _stray_files(folder: Path) -> list[InputError]:
    """Files in zones/ that look meant as zones but would not be read (``01-x.yaml.txt``, ``02-y.yml.bak``):
    a card silently missing is worse than a message."""
    zones_dir = folder / ZONES_DIR
    errors = []
    for p in sorted(zones_dir.iterdir(), key=lambda p: p.name):
        name = p.name.lower()
        if p.name.startswith(".") or name.endswith(ZONE_SUFFIXES):
            continue
        if ".yaml" in name or ".yml" in name or name.endswith(".txt"):
            errors.append(InputError(p, None, None, "", _("not read: a zone file's name must end in .yaml "
                                                          "(rename it, or move it out of zones/)")))
    return errors


def _value_node(root: Node | None, key: str) -> Node | None:
    """The value of ``key`` in a mapping node, or None."""
    if isinstance(root, MappingNode):
        for key_node, value_node in root.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value_node  # type: ignore[no-any-return]
    return root


def _folder_problem(folder: Path) -> InputError | None:
    """What is wrong with the year folder itself, or None."""
    if not folder.exists():
        return InputError(folder, None, None, "", _("no such folder: give a fiscal year's folder, e.g. data/r5"))
    if not folder.is_dir():
        return InputError(folder, None, None, "", _("is a file, not a folder: give a fiscal year's folder, "
                                                   "e.g. data/r5"))
    if not (folder / EVALUATION_FILE).exists() and not (folder / ZONES_DIR).exists():
        years = sorted(p.name for p in folder.iterdir() if (p / EVALUATION_FILE).is_file())
        if years:
            return InputError(folder, None, None, "", _("holds the folders of several years, not one: give "
                                                       "one of them, e.g. {folder}").format(folder=folder / years[-1]))
    return None


def load_year(folder: Path, *, follow_previous: bool = True) -> Year:
    """Load and validate a fiscal year's folder; raises :class:`InputErrors` with every problem.

    With ``follow_previous``, last year's folder named by ``previous:`` is loaded and checked too
    (:mod:`tokku_slides.model.cycle`), one level only."""
    folder = Path(folder)
    problem = _folder_problem(folder)
    if problem is not None:
        raise InputErrors([problem])
    errors: list[InputError] = []
    texts: list[SourceText] = []
    evaluation_path = folder / EVALUATION_FILE
    settings: dict[str, object] | None = None
    if not evaluation_path.is_file():
        errors.append(InputError(evaluation_path, None, None, "", _("missing: every year folder needs "
                                 "evaluation.yaml (fiscal_year, title, section, categories)")))
    else:
        doc = _compose_or_record(evaluation_path, errors)
        if doc is not None:
            settings = _read_evaluation(doc, errors, texts)
    categories = settings.get("categories") if settings else None
    assert categories is None or isinstance(categories, dict)

    zones_dir = folder / ZONES_DIR
    paths = zone_files(folder)
    if not zones_dir.is_dir():
        errors.append(InputError(zones_dir, None, None, "", _("missing: every year folder needs a zones "
                                 "folder with one file per zone (zones/01-name.yaml, ...)")))
    else:
        errors.extend(_stray_files(folder))
        if not paths:
            errors.append(InputError(zones_dir, None, None, "", _("no zone files: put one file per zone "
                                     "here (01-name.yaml, ...)")))
    zones: list[Zone] = []
    names: dict[str, Zone] = {}
    numbers: dict[tuple[str, int], Zone] = {}
    for path in paths:
        doc = _compose_or_record(path, errors)
        if doc is None:
            continue
        zone = _read_zone(doc, categories, errors, texts)
        if zone is None:
            continue
        if zone.name in names:
            first = names[zone.name].source
            errors.append(at(path, _value_node(doc.root, "name"), "name",
                             _("two zones have the same name (also in {file})").format(
                                 file=first.name if first else "?"),
                             zone.name, field_label("name")))
            continue
        names[zone.name] = zone
        if zone.number is not None:
            other = numbers.get((zone.category, zone.number))
            if other is not None:
                label = categories.get(zone.category, zone.category) if categories else zone.category
                errors.append(at(path, _value_node(doc.root, "number"), "number",
                                 _("two zones of {category} have the number {number} (also in {file}); "
                                   "a number is unique within its category").format(
                                     category=label, number=zone.number,
                                     file=other.source.name if other.source else "?"),
                                 str(zone.number), field_label("number")))
                continue
            numbers[(zone.category, zone.number)] = zone
        zones.append(zone)

    last = _last_year(folder, settings, texts, zones, errors) if follow_previous and settings else None
    if errors or settings is None:
        raise InputErrors(errors)
    return Year(
        fiscal_year=int(settings["fiscal_year"]),  # type: ignore[call-overload]
        title=str(settings["title"]),
        section=str(settings["section"]),
        categories=dict(categories or {}),
        zones=tuple(zones),
        previous=settings.get("previous") if isinstance(settings.get("previous"), str) else None,  # type: ignore[arg-type]
        date=settings.get("date") if isinstance(settings.get("date"), dt.date) else None,  # type: ignore[arg-type]
        author=str(settings.get("organisation.author") or ""),
        company=str(settings.get("organisation.company") or ""),
        source=folder,
        texts=tuple(texts),
        last=last,
    )


def _last_year(
    folder: Path, settings: dict[str, object], texts: list[SourceText], zones: list[Zone], errors: list[InputError],
) -> Year | None:
    """Last year as ``previous:`` names it (None when not set or not valid; its problems added to ``errors``)."""
    previous = settings.get("previous")
    place = cycle.previous_place(texts, folder)
    if not isinstance(previous, str) or place is None:
        return None
    fiscal_year = settings.get("fiscal_year")
    last, problems = cycle.load_previous(folder, place, previous, fiscal_year if isinstance(fiscal_year, int) else None,
                                         lambda path: load_year(path, follow_previous=False))
    errors.extend(problems)
    if last is not None:
        errors.extend(cycle.link_errors(zones, texts, last))
    return last
