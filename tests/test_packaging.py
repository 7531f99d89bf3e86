"""The package as users install it: a wheel carries the default layout, and builds from any folder."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from .conftest import R5, ROOT


def pyproject() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_listed() -> None:
    listed = set(pyproject()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT / "src").parts)
        for p in (ROOT / "src").rglob("__init__.py")
    }
    assert listed == found | {"tokku_slides.layouts"}


def test_every_library_the_code_imports_is_declared() -> None:
    requirements = pyproject()["project"]["dependencies"]
    declared = {re.split(r"[<>=!~ ;\[]", r, maxsplit=1)[0].lower() for r in requirements}
    distribution = {"yaml": "pyyaml", "pptx": "python-pptx", "docx": "python-docx", "PIL": "pillow", "numpy": "numpy",
                    "lxml": "lxml", "matplotlib": "matplotlib", "matplotlib_fontja": "matplotlib-fontja",
                    "ruamel": "ruamel.yaml", "openpyxl": "openpyxl",
                    "pikepdf": "pikepdf"}
    imported = set()
    for path in (ROOT / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "tokku_slides"}
    assert third_party <= set(distribution), f"map these to their distribution: {third_party - set(distribution)}"
    assert {distribution[m] for m in third_party} <= declared


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (found,) = out.glob("tokku_slides-*.whl")
    return found


def test_the_wheel_carries_the_default_layout(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    layouts = {p.relative_to(ROOT / "layouts").as_posix() for p in (ROOT / "layouts").rglob("*.yaml")}
    assert layouts
    assert {f"tokku_slides/layouts/{name}" for name in layouts} <= names
    assert "tokku_slides/locale/ja/LC_MESSAGES/tokku_slides.mo" in names  # the Japanese messages


def test_an_installed_wheel_builds_a_year_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    """Not the source tree: the wheel's files installed into a folder of their own, run from elsewhere."""
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True, capture_output=True, text=True,
    )
    work = tmp_path / "作業 フォルダ"
    shutil.copytree(R5, work / "r5")
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1", "TOKKU_LANG": "ja"}
    code = (
        "import sys, tokku_slides, tokku_slides.cli as cli\n"
        "print(tokku_slides.__file__)\n"
        "sys.exit(cli.main(['build', 'r5', '-o', 'out']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.splitlines()[0]).is_relative_to(site)
    assert "を書き出しました" in result.stdout  # in Japanese, from the installed catalog
    assert (work / "out" / "r5" / "cards.pptx").stat().st_size > 0
    assert (work / "out" / "r5" / "report.docx").stat().st_size > 0
