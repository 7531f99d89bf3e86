"""The fields of the records by name: a Japanese reader sees ``scores.I（Ⅰ 目標に向けた取組の進捗）``.

:data:`FIELD_LABELS` maps a field path pattern of evaluation.yaml and the zone files to its name in
words. In a pattern, ``#`` stands for a list position (``kpis.#.achievement`` is ``kpis.2.achievement``,
the second KPI; its label's ``{n}`` is 2, and a second ``#`` is ``{m}``) and ``*`` for a key the user
chose (``categories.*``; the label's ``{key}``). The labels are message ids (English), translated where
they are shown; only the records' loader labels its errors, so the layout file's messages (made with
the same :class:`~tokku_slides.model.errors.InputError`) are left as they are.
"""

from __future__ import annotations

from tokku_slides.i18n import N_, _, language

FIELD_LABELS: tuple[tuple[str, str], ...] = (
    # evaluation.yaml
    ("fiscal_year", N_("the fiscal year")),
    ("title", N_("the title of the evaluation")),
    ("section", N_("the heading on every card")),
    ("categories", N_("the categories")),
    ("categories.*", N_("the name of category {key}")),
    ("previous", N_("last year's folder")),
    ("date", N_("the report's date")),
    ("organisation", N_("who the documents are from")),
    ("organisation.author", N_("the documents' author")),
    ("organisation.company", N_("the documents' company")),
    # zones/NN-name.yaml
    ("name", N_("the zone's name")),
    ("previous_name", N_("the zone's name last year")),
    ("governments", N_("the designated local governments")),
    ("governments.#", N_("designated local government {n}")),
    ("governments_etc", N_("等 after the local governments")),
    ("category", N_("the category")),
    ("scores", N_("the evaluation's scores")),
    ("scores.I", N_("I: progress of the work towards the goals")),
    ("scores.II", N_("II: use of the support measures and the region's own work")),
    ("scores.III", N_("III: progress of the whole project and solving the policy issues")),
    ("scores.total", N_("the overall score")),
    ("kpis", N_("the KPIs (progress)")),
    ("kpis.#", N_("KPI {n}")),
    ("kpis.#.name", N_("the name of KPI {n}")),
    ("kpis.#.achievement", N_("the achievement rate of KPI {n}")),
    ("kpis.#.target", N_("the target of KPI {n}")),
    ("kpis.#.actual", N_("the actual value of KPI {n}")),
    ("kpis_etc", N_("等 after the KPIs")),
    ("measures", N_("the support measures")),
    ("measures.#", N_("support measure column {n}")),
    ("measures.#.heading", N_("the heading of support measure column {n}")),
    ("measures.#.items", N_("the items of support measure column {n}")),
    ("measures.#.items.#", N_("item {m} of support measure column {n}")),
    ("measures.#.etc", N_("等 after the items of support measure column {n}")),
    ("field", N_("the policy field")),
    ("designation", N_("the designation round")),
    ("number", N_("the zone's number within its category")),
    ("remarks", N_("the experts' remarks")),
    ("remarks.#", N_("the experts' remark {n}")),
)
"""Field path pattern -> its name in words (a message id)."""


def _match(pattern: str, path: str) -> dict[str, str] | None:
    """The placeholders' values when ``path`` matches ``pattern``, else None."""
    want, have = pattern.split("."), path.split(".")
    if len(want) != len(have):
        return None
    values: dict[str, str] = {}
    numbers = iter(("n", "m"))
    for w, h in zip(want, have, strict=True):
        if w == "#":
            if not h.isdecimal():
                return None
            values[next(numbers)] = h
        elif w == "*":
            values["key"] = h
        elif w != h:
            return None
    return values


def field_label(path: str) -> str | None:
    """The name in words of the record field at ``path`` in the language in use, or None: in English
    (the keys are English words already) and for a path the table does not know (an unknown key)."""
    if not path or language() == "en":
        return None
    for pattern, label in FIELD_LABELS:
        values = _match(pattern, path)
        if values is not None:
            return _(label).format(**values)
    return None
