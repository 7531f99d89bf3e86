"""The one-way layers: the model and the layout import no renderer library."""

import subprocess
import sys

import pytest

RENDERERS = ("pptx", "docx", "matplotlib")


@pytest.mark.parametrize("module", ["tokku_slides.model", "tokku_slides.layout.schema", "tokku_slides.layout.spec",
                                    "tokku_slides.layout.pages", "tokku_slides.cli"])
def test_importing_pulls_in_no_renderer(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"print(','.join(m for m in {RENDERERS!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_the_check_itself_sees_a_renderer() -> None:
    code = f"import sys, tokku_slides.render.pptx_deck\nprint('pptx' in sys.modules)\n# {RENDERERS}"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
