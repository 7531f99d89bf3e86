"""The one-way layers: the model and the layout import no renderer library."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RENDERERS = ("pptx", "docx", "matplotlib")
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("module", ["tokku_slides.model", "tokku_slides.layout.schema", "tokku_slides.layout.spec",
                                    "tokku_slides.layout.pages", "tokku_slides.cli"])
def test_importing_pulls_in_no_renderer(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"print(','.join(m for m in {RENDERERS!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_validating_a_good_year_pulls_in_no_renderer() -> None:
    """``validate`` of a year with no problems (it fits the cards, checks the templates) imports no
    renderer: our default templates, made by python-pptx and python-docx, are not made for it."""
    code = (
        "import sys\n"
        "from tokku_slides import cli\n"
        f"status = cli.main(['validate', {str(ROOT / 'data' / 'r5')!r}])\n"
        f"print(status, ','.join(m for m in {RENDERERS!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1].split() == ["0"]


def test_the_check_itself_sees_a_renderer() -> None:
    code = f"import sys, tokku_slides.render.deck_reader\nprint('pptx' in sys.modules)\n# {RENDERERS}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"


def lint_imports(cwd: Path, src: Path) -> subprocess.CompletedProcess[str]:
    """import-linter with the contracts of ``cwd``/pyproject.toml, over the package found in ``src``."""
    program = Path(sys.executable).with_name("lint-imports")
    if not program.exists():
        pytest.fail("import-linter is not installed: pip install -e '.[test]'")
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(program), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True)


def test_every_module_imports_only_downwards() -> None:
    """Statically, over every module: cli -> build -> render -> layout -> format -> model."""
    result = lint_imports(ROOT, ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line"), [
    ("model/records.py", "from tokku_slides.layout import spec"),
    ("layout/fit.py", "import pptx"),
    ("format.py", "import tokku_slides.render"),
])
def test_the_static_check_sees_an_upward_import(tmp_path: Path, module: str, line: str) -> None:
    shutil.copytree(ROOT / "src" / "tokku_slides", tmp_path / "src" / "tokku_slides")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / "tokku_slides" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0
    assert "1 broken" in result.stdout
