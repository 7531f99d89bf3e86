"""The tokku-slides command line with its build's phases timed, for bench_build.py.

    python tests/benchmarks/phase_clock.py RESULT.json build DATA_DIR -o OUT

runs ``tokku_slides.cli.command`` (what the ``tokku-slides`` script and ``python -m tokku_slides`` run)
on the arguments after RESULT.json in this process, importing every module when the command line imports it (the build's
modules inside ``cli.main``, after a first build has started the charts' fork server), and writes,
as JSON, the wall time in seconds of:

- ``imports``: importing the command line, plus the build's and the renderers' modules it imports on
  its way (timed as they load, outside any phase);
- ``load``: load_year + load_layout; ``fitting``: compose; ``deck``: render_deck;
- ``report_all``: render_report, charts included; ``charts``: the time inside the chart module's
  outermost entry points during the build (ChartBook.prepare/get, or kpi_chart/overview_chart
  before the ChartBook), nested calls counted once; ``saving``: write_all_atomically;

and ``matplotlib_eager``: whether matplotlib was already imported when the report began.
A phase whose function the build no longer calls by that name is left out (not measured).
Besides the command line, only the standard library's importlib, json, sys and time are imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any


class PhaseClock:
    """Accumulated wall time per phase of calls to wrapped functions (re-entrant calls counted once)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.active: set[str] = set()

    def wrap(self, owner: Any, name: str, phase: str) -> bool:
        original = getattr(owner, name, None)
        if original is None:
            return False

        def timed(*args: Any, **kwargs: Any) -> Any:
            if phase in self.active:
                return original(*args, **kwargs)
            self.active.add(phase)
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - start
                self.active.discard(phase)

        timed.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(owner, name, timed)
        return True


class PatchOnImport(importlib.abc.MetaPathFinder):
    """Wraps functions of the named modules as they are imported (so the import order stays the
    command line's) and adds the outermost of these imports' time to ``seconds``."""

    def __init__(self, patches: dict[str, Callable[[ModuleType], None]]) -> None:
        self.patches = patches
        self.seconds = 0.0
        self.loading = 0

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        patch = self.patches.get(name)
        if patch is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def timed_exec(module: ModuleType) -> None:
            self.loading += 1
            start = time.perf_counter()
            try:
                exec_module(module)
            finally:
                self.loading -= 1
                if not self.loading:
                    self.seconds += time.perf_counter() - start
            patch(module)

        loader.exec_module = timed_exec  # type: ignore[method-assign]
        return spec


def main(argv: list[str]) -> int:
    result_path, cli_args = argv[0], argv[1:]
    clock = PhaseClock()
    state: dict[str, Any] = {"chart_entry_points": []}

    def patch_deck(module: ModuleType) -> None:
        clock.wrap(module, "render_deck", "deck")

    def patch_report(module: ModuleType) -> None:
        clock.wrap(module, "render_report", "report_all")
        original = module.render_report

        def report(*args: Any, **kwargs: Any) -> Any:
            state.setdefault("matplotlib_eager", "matplotlib" in sys.modules)
            return original(*args, **kwargs)

        module.render_report = report

    def patch_charts(module: ModuleType) -> None:
        book = getattr(module, "ChartBook", None)
        owner, names = (book, ("prepare", "get")) if book is not None else (module, ("kpi_chart", "overview_chart"))
        state["chart_entry_points"] = [f"{owner.__name__}.{name}" for name in names
                                       if clock.wrap(owner, name, "charts")]

    def patch_build(module: ModuleType) -> None:
        clock.wrap(module, "load_year", "load")
        clock.wrap(module, "load_layout", "load")
        clock.wrap(module, "compose", "fitting")
        clock.wrap(module, "write_all_atomically", "saving")
        state["code"] = module.__file__

    hook = PatchOnImport({
        "tokku_slides.commands": lambda module: None,  # the build's modules, imported by cli.main
        "tokku_slides.build": patch_build,
        "tokku_slides.render.pptx_deck": patch_deck,
        "tokku_slides.render.docx_report": patch_report,
        "tokku_slides.render.charts": patch_charts,
    })
    sys.meta_path.insert(0, hook)
    start = time.perf_counter()
    from tokku_slides import cli

    imports = time.perf_counter() - start - hook.seconds  # a module cli imports is counted once
    status = cli.command(cli_args)  # what the tokku-slides script runs
    result = {"imports": imports + hook.seconds, **clock.seconds, **state}
    with open(result_path, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
