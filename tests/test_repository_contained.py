"""Nothing of the project reads outside the repository: a plain clone has nothing beside it.

The checks read every source, test and CI file as code (string literals and path arithmetic), not as
text, so a comment that names where a fixture came from is fine, a path that climbs out is not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

OUTSIDE = re.compile(r"(^|[/\\])\.\.[/\\](shared|\.library|\.mirror)\b|(^|[/\\])shared[/\\](seeds|spec|hooks)\b")
"""A string naming a folder beside the repository (the brief's ``shared/``, the tool library)."""


def python_files() -> list[Path]:
    return sorted(p for folder in ("src", "tests", "tools") for p in (ROOT / folder).rglob("*.py"))


def climbs_out(tree: ast.AST, depth: int) -> list[tuple[int, str]]:
    """Places where ``Path(__file__)`` climbs above the repository's root.

    ``depth`` is how many folders the file lies below the root (tests/x.py: 1, whose ``parents[1]``
    and ``.parent.parent`` are the root). ``.parents[N]`` with N > depth, or a chain of more than
    depth + 1 ``.parent``, on an expression that mentions ``__file__`` leaves the repository.
    """
    found = []
    for node in ast.walk(tree):
        if not any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(node)):
            continue
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                and node.value.attr == "parents" and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, int) and node.slice.value > depth):
            found.append((node.lineno, f"parents[{node.slice.value}]"))
        chain, inner = 0, node
        while isinstance(inner, ast.Attribute) and inner.attr == "parent":
            chain, inner = chain + 1, inner.value
        if chain > depth + 1:
            found.append((node.lineno, ".parent" * chain))
    return found


def root_climbs(tree: ast.AST, root_names: set[str]) -> list[tuple[int, str]]:
    """``ROOT.parent`` or ``ROOT / ".."``: the root's own parent is outside."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("parent", "parents") \
                and isinstance(node.value, ast.Name) and node.value.id in root_names:
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.left, ast.Name) \
                and node.left.id in root_names and isinstance(node.right, ast.Constant) \
                and isinstance(node.right.value, str) and node.right.value.startswith(".."):
            found.append((node.lineno, f"{node.left.id} / {node.right.value!r}"))
    return found


def problems(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    rel = path.relative_to(ROOT)
    depth = len(rel.parts) - 1
    out = [f"{rel}:{line}: {text}" for line, text in climbs_out(tree, depth)]
    out += [f"{rel}:{line}: {text}" for line, text in root_climbs(tree, {"ROOT", "REPO", "TOP"})]
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and OUTSIDE.search(node.value):
            out.append(f"{rel}:{node.lineno}: {node.value[:80]!r}")
    return out


def test_no_source_or_test_refers_outside_the_repository() -> None:
    found = [p for path in python_files() for p in problems(path)]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    code_lines = [line for line in ci.splitlines() if not line.lstrip().startswith("#")]
    found += [f".ci/run: {line.strip()}" for line in code_lines if OUTSIDE.search(line)]
    assert found == []


BESIDE = "sha" + "red"
"""The brief's folder beside the repository, spelt so that no line of this file names a path to it
(the examples below are built from it: they read nothing)."""


@pytest.mark.parametrize(("source", "depth", "expected"), [
    ('SEED = Path(__file__).resolve().parents[1] / "x"', 1, []),
    (f'SEED = Path(__file__).resolve().parents[2] / "{BESIDE}"', 1, ["parents[2]"]),
    ("SEED = Path(__file__).parent.parent.parent", 1, [".parent.parent.parent"]),
    ("SEED = Path(__file__).parent", 1, []),
])
def test_the_check_sees_a_path_that_climbs_out(source: str, depth: int, expected: list[str]) -> None:
    assert [text for _line, text in climbs_out(ast.parse(source), depth)] == expected


@pytest.mark.parametrize(("source", "hit"), [
    (f'SEED = ROOT.parent / "{BESIDE}" / "seeds" / "x.txt"', True),
    (f'SEED = ROOT / ".." / "{BESIDE}"', True),
    ('SEED = ROOT / "tests" / "fixtures" / "x.txt"', False),
])
def test_the_check_sees_the_roots_parent(source: str, hit: bool) -> None:
    assert bool(root_climbs(ast.parse(source), {"ROOT"})) is hit


@pytest.mark.parametrize(("text", "hit"), [
    (f"../{BESIDE}/seeds/000.txt", True),
    (f"..\\{BESIDE}\\spec\\card.md", True),
    (f"{BESIDE}/seeds/000.txt", True),
    ("../" + ".library/env", True),
    ("data/r5/../r5", False),
    ("docx.shared", False),
])
def test_the_check_sees_a_string_naming_a_folder_beside(text: str, hit: bool) -> None:
    assert bool(OUTSIDE.search(text)) is hit
