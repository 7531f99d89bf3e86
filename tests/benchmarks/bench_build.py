"""Benchmark of a year's build (issue 6): synthetic years of 6, 50 and 500 zones, one table of medians.

Run it as a script (pytest does not collect ``bench_*.py``):

    python tests/benchmarks/bench_build.py [--sizes 6,50,500] [--runs 5] [--json FILE] [--rebuild]
    python tests/benchmarks/bench_build.py --profile FILE [--profile-zones 50]

A synthetic year cycles the six seed zones of ``data/r5/zones`` (real text) and copies
``evaluation.yaml``, in a temporary folder; the n-th copy of a seed gets ``n`` appended to its name and to
every KPI name, measure item and remark, so no two zones share a text or a chart (as in a real year).

Every figure is the median of ``--runs`` runs (at least 5), each in a new process, with our modules'
bytecode compiled once before the runs, as an installed tool has it (``--source``: compiled from source
in every run, as under PYTHONDONTWRITEBYTECODE):

- cold CLI build, deck + report + charts, into an empty OUT (no chart cache): the command line's
  ``main(["build", DIR, "-o", OUT])`` run by ``phase_clock.py`` (what ``python -m tokku_slides`` runs,
  modules imported in the same order, plus a few timers: the same CPU time within noise); wall time,
  and the child's peak RSS (``wait4`` ru_maxrss: the largest of the build process and any worker it
  waited for, not their sum);
- the phases of that same build, timed inside it (see phase_clock.py): imports (not a phase),
  load+validate (load_year + load_layout), fitting (compose), deck (render_deck), charts (the time
  inside the chart module's entry points while the report renders: ChartBook.prepare/get, or
  kpi_chart/overview_chart before it), report (render_report minus charts), saving
  (write_all_atomically of both files); timing them inside the cold builds keeps the 500-zone part to
  one build per run;
- the same cold CLI build again, in a new process into the same OUT: the chart cache under
  OUT/.cache/charts is warm (what a secretariat sees when it regenerates a year; nothing else is
  cached between processes); its wall time, peak RSS, and its charts, deck and report phases (with no
  chart drawn, nothing runs beside the deck and the report: the floors' ratios are taken from these);
- rebuild (``--rebuild``): ``python -m tokku_slides build`` again into the same OUT (caches warm);
- validate: ``python -m tokku_slides validate DIR``, wall time; one more child checks that validating
  imports none of pptx, docx, matplotlib;
- floors, in a child with python-pptx and python-docx imported first (as the build imports them before
  rendering): a bare python-pptx script writing the real deck's slides, text boxes (one paragraph each,
  the box's own text) and tables (same rows x cols and cell text) with no fitting; a bare python-docx
  script writing the real report's body paragraphs and tables (no pictures, styles or fields). The
  structure is read from the deck and report of the first cold build.

- chart CPU (years of at most 100 zones): in a new process, the year's charts (the overview's parts and
  every zone's KPI chart) drawn one after the other without cache or pool, matplotlib imported first;
  each chart's CPU time (time.process_time, not wall time: the machine may be shared), their median
  and mean over the charts.

Targets (PASS/FAIL): 50 zones cold CLI <= 1.5 s with the chart cache warm, and <= 1.3 s with an empty
one (the first build, which draws every chart); deck phase (chart cache warm) <= 1.5 x the pptx floor;
500 zones cold CLI <= 11 x 50 zones and peak RSS <= 600 MB, each with the chart cache warm and empty;
validate on 50 zones <= 0.3 s and importing no renderer; charts <= half of the 50-zone cold CLI build
(charts phase, plus matplotlib's import when the code imports it eagerly, outside the charts phase);
50 zones charts <= 15 ms of CPU each (the median over the year's charts of the chart CPU above).
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "r5"
RENDERERS = ("pptx", "docx", "matplotlib")

CLI_50_LIMIT_S = 1.5
CLI_50_FIRST_LIMIT_S = 1.3
"""The first build (empty chart cache) of 50 zones."""
CHART_CPU_LIMIT_MS = 15.0
"""CPU time to draw one chart (median over the year's charts, in one process)."""
CHART_CPU_UP_TO = 100
"""The per-chart CPU time is measured for years of at most this many zones (500 would take minutes)."""
DECK_FLOOR_LIMIT = 1.5
LINEAR_LIMIT = 11.0
RSS_LIMIT_MB = 600.0
VALIDATE_50_LIMIT_S = 0.3
CHARTS_SHARE_LIMIT = 0.5


# --- synthetic years -------------------------------------------------------------------------------

def make_year(folder: Path, zones: int, seeds: Path = SEEDS) -> Path:
    """A year of ``zones`` zones in ``folder``: the seed zones cycled; the n-th copy of a seed gets
    ``n`` appended to its name and to every KPI name, measure item and remark, so that no two zones
    share a text (a real year's zones share none: no cache or memo of text or charts hits more than it
    would). evaluation.yaml is copied. Returns ``folder``."""
    import yaml

    class NoAliases(yaml.SafeDumper):  # the loader refuses anchors and aliases
        def ignore_aliases(self, data: Any) -> bool:
            return True

    seed_files = sorted((seeds / "zones").glob("*.yaml"))
    if not seed_files:
        raise SystemExit(f"no seed zones in {seeds / 'zones'}")
    records = [yaml.safe_load(f.read_text(encoding="utf-8-sig")) for f in seed_files]
    (folder / "zones").mkdir(parents=True)
    shutil.copyfile(seeds / "evaluation.yaml", folder / "evaluation.yaml")
    width = max(2, len(str(zones)))
    for i in range(zones):
        seed, record = seed_files[i % len(seed_files)], copy.deepcopy(records[i % len(records)])
        mark = str(i // len(seed_files) + 1)
        record["name"] = f"{record['name']}{mark}"
        for kpi in record.get("kpis") or []:
            kpi["name"] = f"{kpi['name']}{mark}"
        for measure in record.get("measures") or []:
            measure["items"] = [f"{item}{mark}" for item in measure.get("items") or []]
        record["remarks"] = [f"{remark}{mark}" for remark in record["remarks"]]
        text = yaml.dump(record, Dumper=NoAliases, allow_unicode=True, sort_keys=False, width=10_000)
        stem = seed.stem.split("-", 1)[-1]
        (folder / "zones" / f"{i + 1:0{width}d}-{stem}.yaml").write_text(text, encoding="utf-8")
    return folder


# --- what the deck and the report hold (for the floors) --------------------------------------------


def deck_structure(pptx_path: Path) -> dict[str, Any]:
    """Per slide: the text boxes' texts and the tables' cell texts (rows of columns)."""
    from pptx import Presentation

    prs = Presentation(str(pptx_path))
    slides = []
    for slide in prs.slides:
        texts: list[str] = []
        tables: list[list[list[str]]] = []
        for shape in slide.shapes:
            if shape.has_table:
                tables.append([[cell.text for cell in row.cells] for row in shape.table.rows])
            elif shape.has_text_frame:
                texts.append("".join(p.text for p in shape.text_frame.paragraphs))
        slides.append({"texts": texts, "tables": tables})
    return {"width": prs.slide_width, "height": prs.slide_height, "slides": slides}


def report_structure(docx_path: Path) -> list[Any]:
    """The report's body in order: a paragraph's text (str) or a table's cell texts (rows of columns)."""
    from docx import Document
    from docx.oxml.ns import qn

    def text(element: Any) -> str:
        return "".join(t.text or "" for t in element.iter(qn("w:t")))

    body: list[Any] = []
    for child in Document(str(docx_path)).element.body.iterchildren():
        if child.tag == qn("w:p"):
            body.append(text(child))
        elif child.tag == qn("w:tbl"):
            body.append([[text(tc) for tc in tr.iterchildren(qn("w:tc"))] for tr in child.iterchildren(qn("w:tr"))])
    return body


def pptx_floor(structure: dict[str, Any]) -> bytes:
    """The same slides, text boxes and tables with bare python-pptx: no fitting, no styling."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width = Emu(structure["width"])
    prs.slide_height = Emu(structure["height"])
    blank = prs.slide_layouts[6]
    box = Emu(360000)
    for page in structure["slides"]:
        slide = prs.slides.add_slide(blank)
        for text in page["texts"]:
            slide.shapes.add_textbox(box, box, box, box).text_frame.text = text
        for rows in page["tables"]:
            table = slide.shapes.add_table(len(rows), len(rows[0]), box, box, box, box).table
            for row, texts in zip(table.rows, rows, strict=True):
                for cell, text in zip(row.cells, texts, strict=True):
                    cell.text = text
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def docx_floor(structure: list[Any]) -> bytes:
    """The same body paragraphs and tables with bare python-docx: no styles, fields or pictures."""
    from docx import Document

    doc = Document()
    for item in structure:
        if isinstance(item, str):
            doc.add_paragraph(item)
        else:
            table = doc.add_table(len(item), max(len(r) for r in item))
            for row, texts in zip(table.rows, item, strict=True):
                for cell, text in zip(row.cells, texts, strict=False):
                    cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- in a child: the two floors --------------------------------------------------------------------


def floors(structure_file: Path) -> dict[str, float]:
    """Seconds of the python-pptx and python-docx floors in this process (libraries imported first,
    as the build imports its renderers before rendering)."""
    import docx  # noqa: F401
    import pptx  # noqa: F401

    structure = json.loads(structure_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    pptx_floor(structure["deck"])
    middle = time.perf_counter()
    docx_floor(structure["report"])
    return {"pptx_floor": middle - start, "docx_floor": time.perf_counter() - middle}


# --- in a child: CPU time per chart ---------------------------------------------------------------


def chart_cpu(data_dir: Path) -> dict[str, float]:
    """CPU milliseconds (time.process_time) to draw each of the year's charts, in this process, one
    after the other, matplotlib imported first (not counted): the median and the mean over the charts,
    and how many. The charts are the ones the report draws (its overview parts and every zone's KPI
    chart), drawn without the disk cache or a pool."""
    import datetime as dt

    from tokku_slides.layout.report import compose_report
    from tokku_slides.layout.spec import load_layout
    from tokku_slides.model.load import load_year
    from tokku_slides.render import charts
    from tokku_slides.render.docx_report import chart_specs

    year = load_year(data_dir)
    layout = load_layout()
    specs = chart_specs(compose_report(year, layout, dt.datetime(2023, 4, 1)), layout)
    charts._mpl()
    times = []
    for spec in specs:
        start = time.process_time()
        charts.draw(spec)
        times.append((time.process_time() - start) * 1000)
    return {"chart_ms": statistics.median(times), "chart_mean_ms": statistics.fmean(times),
            "chart_count": len(times)}


# --- in the parent: children, medians, the table ---------------------------------------------------


def run_child(command: list[str], stdout: Any = subprocess.DEVNULL) -> tuple[float, float, int]:
    """Run ``command`` to its end: (wall seconds, peak RSS in MB of the child and its waited-for
    workers, exit status). Fails loudly when the child fails."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=stdout, stderr=errors)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{errors.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, child.returncode


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def validate_imports(data_dir: Path) -> list[str]:
    """The renderer libraries that ``tokku-slides validate`` imports (should be none)."""
    code = (
        "import contextlib, io, json, sys\n"
        "from tokku_slides.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main(['validate', {str(data_dir)!r}])\n"
        f"print(json.dumps([status, [m for m in {RENDERERS!r} if m in sys.modules]]))\n"
    )
    out = subprocess.run(python("-c", code), capture_output=True, text=True, check=True).stdout
    status, imported = json.loads(out.strip().splitlines()[-1])
    if status != 0:
        raise SystemExit(f"validate {data_dir} failed with status {status}")
    return list(imported)


def matplotlib_import() -> float:
    """Seconds to import matplotlib as the charts use it (Agg canvas, figure, matplotlib-fontja)."""
    code = (
        "import time\nstart = time.perf_counter()\n"
        "import matplotlib\nmatplotlib.use('Agg')\n"
        "import matplotlib.figure, matplotlib.backends.backend_agg, matplotlib_fontja\n"
        "print(time.perf_counter() - start)\n"
    )
    out = subprocess.run(python("-c", code), capture_output=True, text=True, check=True).stdout
    return float(out.strip())


PHASE_CLOCK = Path(__file__).resolve().with_name("phase_clock.py")
PHASES = ("load", "fitting", "deck", "report_all", "saving")


def cold_build(data_dir: Path, out: Path, work: Path) -> tuple[float, float, dict[str, Any]]:
    """One cold CLI build into ``out`` in a new process, its phases timed inside it by phase_clock.py:
    (wall seconds, peak RSS in MB, the phases' figures)."""
    result = work / "phases.json"
    seconds, rss, _ = run_child(python(str(PHASE_CLOCK), str(result), "build", str(data_dir), "-o", str(out)))
    phases: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    result.unlink()
    if "report_all" in phases:
        phases["report"] = phases["report_all"] - phases.get("charts", 0.0)
    phases["total"] = sum(phases.get(key, 0.0) for key in PHASES)
    return seconds, rss, phases


def measure_size(zones: int, runs: int, work: Path, rebuild: bool, log: Callable[[str], None]) -> dict[str, Any]:
    data_dir = make_year(work / f"z{zones}", zones)
    samples: dict[str, list[float]] = {}
    details: dict[str, Any] = {}

    def add(key: str, value: float) -> None:
        samples.setdefault(key, []).append(value)

    structure_file = work / f"structure-{zones}.json"
    for run in range(runs):
        out = work / f"out-{zones}-{run}"
        seconds, rss, phases = cold_build(data_dir, out, work)
        add("cli", seconds)
        add("rss", rss)
        for key, value in phases.items():
            if isinstance(value, float):
                add(key, value)
            else:
                details[key] = value
        if run == 0:
            # read in a child: a parent holding the opened 500-zone deck would inflate every later
            # child's peak RSS (a forked child counts the pages it shared with its parent)
            run_child(python(__file__, "--structure", str(out / data_dir.name), str(structure_file)))
        # the same build again in a new process into the same OUT: what a secretariat sees when it
        # regenerates a year (charts come from OUT/.cache/charts; nothing else is cached)
        seconds, rss, phases = cold_build(data_dir, out, work)
        add("cli_warm", seconds)
        add("rss_warm", rss)
        add("charts_warm", float(phases.get("charts", 0.0)))
        for key in ("deck", "report"):  # with no chart worker beside them, as the floors are timed
            if key in phases:
                add(f"{key}_warm", float(phases[key]))
        if rebuild:
            add("rebuild", run_child(python("-m", "tokku_slides", "build", str(data_dir), "-o", str(out)))[0])
        shutil.rmtree(out)
        with tempfile.TemporaryFile() as report:
            run_child(python(__file__, "--floors", str(structure_file)), stdout=report)
            report.seek(0)
            for key, value in json.loads(report.read().decode().strip().splitlines()[-1]).items():
                add(key, value)
        add("validate", run_child(python("-m", "tokku_slides", "validate", str(data_dir)))[0])
        if zones <= CHART_CPU_UP_TO:
            with tempfile.TemporaryFile() as report:
                run_child(python(__file__, "--chart-cpu", str(data_dir)), stdout=report)
                report.seek(0)
                for key, value in json.loads(report.read().decode().strip().splitlines()[-1]).items():
                    add(key, float(value))
        log(f"  {zones} zones, run {run + 1}/{runs}: cold CLI build {samples['cli'][-1]:.2f} s, "
            f"validate {samples['validate'][-1]:.2f} s")
    structure = json.loads(structure_file.read_text(encoding="utf-8"))
    slides = structure["deck"]["slides"]
    details["slides"] = len(slides)
    details["text_boxes"] = sum(len(s["texts"]) for s in slides)
    details["deck_tables"] = sum(len(s["tables"]) for s in slides)
    details["report_paragraphs"] = sum(isinstance(i, str) for i in structure["report"])
    details["report_tables"] = sum(not isinstance(i, str) for i in structure["report"])
    details["validate_imports"] = validate_imports(data_dir)
    medians = {key: statistics.median(values) for key, values in samples.items()}
    return {"zones": zones, "runs": runs, "median": medians, "samples": samples, "details": details}


ROWS: list[tuple[str, str, str]] = [
    # (label, key, format)
    ("cold CLI build, empty chart cache (s)", "cli", "{:.2f}"),
    ("cold CLI build, chart cache warm (s)", "cli_warm", "{:.2f}"),
    ("  charts phase with the cache warm (s)", "charts_warm", "{:.3f}"),
    ("rebuild, same OUT (s)", "rebuild", "{:.2f}"),
    ("peak RSS, empty chart cache (MB)", "rss", "{:.0f}"),
    ("peak RSS, chart cache warm (MB)", "rss_warm", "{:.0f}"),
    ("validate, cold CLI (s)", "validate", "{:.2f}"),
    ("chart CPU, median of the charts (ms)", "chart_ms", "{:.1f}"),
    ("chart CPU, mean of the charts (ms)", "chart_mean_ms", "{:.1f}"),
    ("in-process: imports (s, not a phase)", "imports", "{:.3f}"),
    ("  load+validate (s)", "load", "{:.3f}"),
    ("  fitting (s)", "fitting", "{:.3f}"),
    ("  deck (s)", "deck", "{:.3f}"),
    ("  charts (s)", "charts", "{:.3f}"),
    ("  report without charts (s)", "report", "{:.3f}"),
    ("  saving (s)", "saving", "{:.3f}"),
    ("  sum of the phases (s)", "total", "{:.3f}"),
    ("deck, chart cache warm (s)", "deck_warm", "{:.3f}"),
    ("report without charts, cache warm (s)", "report_warm", "{:.3f}"),
    ("floor: bare python-pptx (s)", "pptx_floor", "{:.3f}"),
    ("floor: bare python-docx (s)", "docx_floor", "{:.3f}"),
    ("deck / pptx floor (chart cache warm)", "deck_ratio", "{:.2f}"),
    ("report / docx floor (chart cache warm)", "report_ratio", "{:.2f}"),
]


def ratios(result: dict[str, Any]) -> None:
    """deck / pptx floor and report / docx floor, of the build with the chart cache warm: the floors are
    timed alone, and so is the deck there (in a first build it renders beside the chart workers, which
    take the machine's cores; its phase then also measures them)."""
    m = result["median"]
    for phase, floor, ratio in (("deck", "pptx_floor", "deck_ratio"), ("report", "docx_floor", "report_ratio")):
        value = m.get(f"{phase}_warm", m.get(phase))
        if value is not None:
            m[ratio] = value / m[floor]


def table(results: list[dict[str, Any]], runs: int, mpl_import: float) -> str:
    rows: list[tuple[str, list[str]]] = []
    for label, key, form in ROWS:
        if any(key in r["median"] for r in results):
            rows.append((label, [form.format(r["median"][key]) if key in r["median"] else "-" for r in results]))
    counts = [
        ("slides / text boxes / tables", "{slides}/{text_boxes}/{deck_tables}"),
        ("report paragraphs / tables", "{report_paragraphs}/{report_tables}"),
    ]
    for label, form in counts:
        rows.append((label, [form.format(**r["details"]) for r in results]))
    rows.append(("import matplotlib+fontja (s)", [f"{mpl_import:.3f}"]))
    head = (f"median of {runs} runs", [f"{r['zones']} zones" for r in results])
    label_width = max(len(label) for label, _ in rows) + 2
    cell_width = max(len(c) for _, cells in [head, *rows] for c in cells) + 2
    lines = [f"{label:<{label_width}}" + "".join(f"{c:>{cell_width}}" for c in cells) for label, cells in [head, *rows]]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def verdicts(results: list[dict[str, Any]], mpl_import: float) -> list[tuple[str, bool | None, str]]:
    """(target, PASS/FAIL/None when not measured, the figures)."""
    by_size = {r["zones"]: r for r in results}
    out: list[tuple[str, bool | None, str]] = []
    r50, r500 = by_size.get(50), by_size.get(500)
    if r50:
        cli, warm = r50["median"]["cli"], r50["median"]["cli_warm"]
        out.append((f"50 zones cold CLI build <= {CLI_50_LIMIT_S} s, chart cache warm", warm <= CLI_50_LIMIT_S,
                    f"{warm:.2f} s"))
        out.append((f"50 zones cold CLI build <= {CLI_50_FIRST_LIMIT_S} s, empty chart cache (first build)",
                    cli <= CLI_50_FIRST_LIMIT_S, f"{cli:.2f} s"))
    else:
        out.append((f"50 zones cold CLI build <= {CLI_50_LIMIT_S} s", None, "needs size 50"))
    for r in results:
        ratio = r["median"].get("deck_ratio")
        target = f"{r['zones']} zones deck <= {DECK_FLOOR_LIMIT} x pptx floor"
        if ratio is None:
            out.append((target, None, "render_deck was not called by that name"))
        else:
            out.append((target, ratio <= DECK_FLOOR_LIMIT, f"{ratio:.2f} x"))
    if r50 and r500:
        for key, what in (("cli_warm", "chart cache warm"), ("cli", "empty chart cache")):
            factor = r500["median"][key] / r50["median"][key]
            out.append((f"500 zones <= {LINEAR_LIMIT:g} x 50 zones (cold CLI, {what})", factor <= LINEAR_LIMIT,
                        f"{factor:.1f} x"))
    else:
        out.append((f"500 zones <= {LINEAR_LIMIT:g} x 50 zones (cold CLI)", None, "needs sizes 50 and 500"))
    if r500:
        for key, what in (("rss_warm", "chart cache warm"), ("rss", "empty chart cache")):
            rss = r500["median"][key]
            out.append((f"500 zones peak RSS <= {RSS_LIMIT_MB:g} MB, {what}", rss <= RSS_LIMIT_MB, f"{rss:.0f} MB"))
    else:
        out.append((f"500 zones peak RSS <= {RSS_LIMIT_MB:g} MB", None, "needs size 500"))
    if r50:
        seconds = r50["median"]["validate"]
        out.append((f"50 zones validate <= {VALIDATE_50_LIMIT_S} s cold", seconds <= VALIDATE_50_LIMIT_S,
                    f"{seconds:.2f} s"))
        imported = r50["details"]["validate_imports"]
        out.append(("validate imports no pptx/docx/matplotlib", not imported,
                    "none" if not imported else ", ".join(imported)))
        d, m = r50["details"], r50["median"]
        if d.get("chart_entry_points"):
            charts = m.get("charts", 0.0) + (mpl_import if d["matplotlib_eager"] else 0.0)
            note = " (+ matplotlib import, eager)" if d["matplotlib_eager"] else ""
            charts_warm = m.get("charts_warm", 0.0)
            warm = charts_warm / m["cli_warm"]
            out.append((f"50 zones charts <= {CHARTS_SHARE_LIMIT:g} of the cold CLI build, chart cache warm",
                        warm <= CHARTS_SHARE_LIMIT, f"{charts_warm:.3f} s / {m['cli_warm']:.2f} s = {warm:.0%}"))
            share = charts / m["cli"]
            out.append((f"50 zones charts <= {CHARTS_SHARE_LIMIT:g} of the cold CLI build, empty chart cache",
                        share <= CHARTS_SHARE_LIMIT, f"{charts:.2f} s{note} / {m['cli']:.2f} s = {share:.0%}"))
        else:
            out.append((f"50 zones charts <= {CHARTS_SHARE_LIMIT:g} of the cold CLI build", None,
                        "charts not separable from the report with this code's API"))
        if "chart_ms" in m:
            out.append((f"50 zones charts <= {CHART_CPU_LIMIT_MS:g} ms of CPU each (median over the charts, "
                        "one process)", m["chart_ms"] <= CHART_CPU_LIMIT_MS,
                        f"{m['chart_ms']:.1f} ms (mean {m['chart_mean_ms']:.1f} ms, {m['chart_count']:.0f} charts)"))
        else:
            out.append((f"50 zones charts <= {CHART_CPU_LIMIT_MS:g} ms of CPU each", None,
                        "charts not drawable one by one with this code's API"))
    else:
        out.append((f"50 zones validate <= {VALIDATE_50_LIMIT_S} s cold", None, "needs size 50"))
        out.append((f"50 zones charts <= {CHARTS_SHARE_LIMIT:g} of the cold CLI build", None, "needs size 50"))
    return out


BUILD_MODULES = ("tokku_slides.commands", "tokku_slides.render.pptx_deck", "tokku_slides.render.docx_report",
                 "tokku_slides.render.pdf", "pptx", "docx", "lxml.etree", "yaml", "pikepdf")
"""What a build imports besides the chart server's modules (their bytecode is written before the runs)."""


def installed_bytecode(prefix: Path) -> None:
    """Run every child as an installed tool runs: with the bytecode of our modules compiled once,
    before the runs, under ``prefix`` (PYTHONPYCACHEPREFIX: the source tree is left as it is). pip
    compiles a package's modules when it installs it, and Python writes the bytecode of an editable
    install on its first run; only PYTHONDONTWRITEBYTECODE (set on the development machine) makes
    every run compile our modules from source again (about 0.1 s of each build)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    subprocess.run(python("-m", "compileall", "-q", str(ROOT / "src" / "tokku_slides"), str(Path(__file__).parent)),
                   check=True, stdout=subprocess.DEVNULL)
    # under a prefix Python reads no __pycache__ of site-packages either: the libraries' bytecode is
    # written there once, by importing what a build imports (else the first run alone compiles them)
    code = ("import importlib\n"
            "from tokku_slides.render.chartpool import PRELOAD\n"
            f"for name in [*PRELOAD[1:], *{BUILD_MODULES!r}]:\n"
            "    if name != '__main__':\n"
            "        importlib.import_module(name)\n")
    subprocess.run(python("-c", code), check=True, stdout=subprocess.DEVNULL)


def benchmark(sizes: list[int], runs: int, rebuild: bool, json_file: Path | None, source: bool = False) -> int:
    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    started, load_before = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="tokku-bench-") as tmp:
        work = Path(tmp)
        if not source:
            installed_bytecode(work / "bytecode")
        mpl_import = statistics.median(matplotlib_import() for _ in range(runs))
        results = []
        for zones in sizes:
            log(f"{zones} zones ...")
            result = measure_size(zones, runs, work, rebuild, log)
            ratios(result)
            results.append(result)
    code = str(Path(results[0]["details"]["code"]).parent)
    compiled = "compiled from source in every run" if source else "bytecode compiled before the runs"
    print(f"tokku_slides from {code} ({compiled}); python {sys.version.split()[0]}; {os.cpu_count()} cores; "
          f"{time.perf_counter() - started:.0f} s in all; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other work on the machine makes every figure larger)")
    print(table(results, runs, mpl_import))
    if not results[0]["details"].get("chart_entry_points"):
        print("note: charts could not be timed apart from the report: 'report' includes them")
    elif results[0]["details"]["matplotlib_eager"]:
        print("note: this code imports matplotlib with the report module: its import is in 'imports', not 'charts'")
    checks = verdicts(results, mpl_import)
    print()
    for target, passed, figures in checks:
        word = "n/a " if passed is None else ("PASS" if passed else "FAIL")
        print(f"{word}  {target}: {figures}")
    if json_file is not None:
        payload = {"code": code, "runs": runs, "cpus": os.cpu_count(), "matplotlib_import": mpl_import,
                   "sizes": results,
                   "targets": [{"target": t, "pass": p, "figures": f} for t, p, f in checks]}
        json_file.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(p is not False for _, p, _ in checks) else 1


def profile(path: Path, zones: int) -> None:
    """cProfile of one in-process build (modules imported first) of ``zones`` zones: top 15 by
    cumulative time, the build's direct callees, top 15 by own time; written to ``path``. (Work done
    in worker processes, e.g. charts drawn in parallel, is not seen.)"""
    import cProfile
    import pstats

    from tokku_slides import build
    from tokku_slides.render import charts, docx_report, pptx_deck  # noqa: F401  (imported before profiling)

    with tempfile.TemporaryDirectory(prefix="tokku-profile-") as tmp:
        data_dir = make_year(Path(tmp) / f"z{zones}", zones)
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(build.build, data_dir, Path(tmp) / "out")
        seconds = time.perf_counter() - start
    text = io.StringIO()
    text.write(f"in-process build of {zones} zones: {seconds:.2f} s under cProfile ({build.__file__})\n")
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(15)
    stats.print_callees(r"\(build\)$")  # the build's own steps: prepare, each renderer, writing
    stats.sort_stats("tottime").print_stats(15)
    path.write_text(text.getvalue(), encoding="utf-8")
    print(text.getvalue())


def sizes_arg(text: str) -> list[int]:
    sizes = [int(s) for s in text.split(",") if s.strip()]
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError("sizes are whole numbers of zones, e.g. 6,50,500")
    return sizes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=sizes_arg, default=[6, 50, 500], help="zones per synthetic year (6,50,500)")
    p.add_argument("--runs", type=int, default=5, help="runs per figure, at least 5 (median)")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write every number to FILE")
    p.add_argument("--rebuild", action="store_true", help="also time a second build into the same OUT")
    p.add_argument("--source", action="store_true",
                   help="run without bytecode: our modules compiled from source in every run "
                        "(as under PYTHONDONTWRITEBYTECODE); by default compiled once before the runs")
    p.add_argument("--profile", type=Path, metavar="FILE", help="only profile an in-process build, to FILE")
    p.add_argument("--profile-zones", type=int, default=50, help="zones of the profiled build (50)")
    p.add_argument("--floors", type=Path, help=argparse.SUPPRESS)  # in a child: STRUCTURE.json
    p.add_argument("--structure", type=Path, nargs=2, help=argparse.SUPPRESS)  # in a child: TARGET OUT.json
    p.add_argument("--chart-cpu", type=Path, help=argparse.SUPPRESS)  # in a child: DATA_DIR
    args = p.parse_args(argv)
    if args.structure:
        target, structure_out = args.structure
        structure = {"deck": deck_structure(target / "cards.pptx"), "report": report_structure(target / "report.docx")}
        structure_out.write_text(json.dumps(structure, ensure_ascii=False), encoding="utf-8")
        return 0
    if args.floors:
        print(json.dumps(floors(args.floors)))
        return 0
    if args.chart_cpu:
        try:
            print(json.dumps(chart_cpu(args.chart_cpu)))
        except (ImportError, AttributeError):  # another version of the code: not measured
            print("{}")
        return 0
    if args.profile:
        profile(args.profile, args.profile_zones)
        return 0
    if args.runs < 5:
        p.error("--runs: at least 5 (the figures are medians of at least 5 runs)")
    return benchmark(args.sizes, args.runs, args.rebuild, args.json, source=args.source)


if __name__ == "__main__":
    raise SystemExit(main())
