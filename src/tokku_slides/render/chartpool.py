"""How the charts' worker processes start, and the fork server started ahead of them.

A module of its own, importing only the standard library, so that the command line can start the fork
server (:func:`head_start`, then :func:`warm_up`) before it imports the build: the server imports
matplotlib on another core while this process imports the build's modules and loads, checks and fits
the year. The drawing itself is :mod:`tokku_slides.render.charts`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

CHART_CACHE = Path(".cache") / "charts"
"""Where, under OUT, drawn charts are kept (content-addressed PNGs)."""

MAX_WORKERS = 61
"""The most worker processes a pool may have on Windows (a limit of its WaitForMultipleObjects)."""


def start_method(platform: str | None = None, available: Sequence[str] | None = None) -> str:
    """How the drawing pool starts its workers: ``forkserver`` on Linux (``fork`` where a Python has
    no fork server), else ``spawn`` (Windows has no fork; on macOS fork is unsafe with system
    libraries and spawn is Python's default).

    A fork server (:func:`warm_up`) is a fresh interpreter that imports matplotlib once, while the
    build loads and fits the year and draws the deck on the other core; every worker is then forked
    from it with matplotlib already imported. The build's own process never imports matplotlib (0.4 s
    of CPU on its critical path). A forked worker inherits matplotlib imported by the build itself
    before the pool starts (that import then delays everything after it); a spawned one imports it and
    the chart module afresh: 52 charts on 2 workers took 1.58 s forked against 1.93 s spawned (medians
    of 5 runs; 2.42 s in turn). ``platform`` is ``sys.platform`` and ``available`` the start methods
    this Python offers, by default."""
    platform = sys.platform if platform is None else platform
    available = get_all_start_methods() if available is None else available
    if platform.startswith("linux"):
        for method in ("forkserver", "fork"):
            if method in available:
                return method
    return "spawn"


PRELOAD = ("tokku_slides.render.chartserver", "__main__", "tokku_slides.cli", "matplotlib",
           "matplotlib.backends.backend_agg", "matplotlib.figure", "matplotlib_fontja", "tokku_slides.render.charts")
"""What the fork server imports before it forks any worker, in this order: first
:mod:`~tokku_slides.render.chartserver` (from then on the server ignores Ctrl-C); the chart module
and matplotlib (the modules of its ``_mpl``); and what every worker imports again as it starts,
multiprocessing's preparation of a child: the main script. The ``tokku-slides`` command's script
imports only :mod:`tokku_slides.cli`, which imports nothing of the build (so a worker's import of it
is cheap, and free once the server has it); ``python -m tokku_slides`` is not imported again.
``__main__`` is for a Python whose fork server imports the main script itself, before the rest
(3.11's does not: it passes the script's path under a key the server does not read)."""


def warm_up(method: str | None = None) -> bool:
    """Start the fork server now, when the pool will start its workers from one (``method``, by
    default :func:`start_method`'s choice), so that it imports matplotlib while the caller does other
    work; True when one is (or already was) running. Nothing happens for fork and spawn."""
    method = method or start_method()
    if method != "forkserver":
        return False
    from multiprocessing import forkserver

    get_context("forkserver").set_forkserver_preload(list(PRELOAD))
    forkserver.ensure_running()
    return True


def cache_used(out_dir: Path) -> bool:
    """Whether OUT holds charts of an earlier build (then most charts are read, not drawn)."""
    folder = Path(out_dir) / CHART_CACHE
    try:
        return any(folder.iterdir())
    except OSError:
        return False


def head_start(out_dir: Path) -> bool:
    """Start the fork server (:func:`warm_up`) for a build into ``out_dir`` that will draw its charts:
    one whose OUT has no chart cache yet (a first build). True when a server runs."""
    return not cache_used(out_dir) and warm_up()
