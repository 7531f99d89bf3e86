"""Package plumbing (render/opc.py): content types as python-docx writes them, deterministic zips."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from tokku_slides.render import opc


def test_deterministic_zip_fixes_times_and_puts_content_types_first() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("b.xml", "<b/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    out = opc.deterministic_zip(buffer.getvalue())
    infos = zipfile.ZipFile(io.BytesIO(out)).infolist()
    assert [i.filename for i in infos] == ["[Content_Types].xml", "b.xml"]
    assert {i.date_time for i in infos} == {opc.ZIP_EPOCH}
    assert opc.deterministic_zip(out) == out


def test_package_entries_are_what_python_docx_saves() -> None:
    document = Document()
    document.add_paragraph("本文")
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as z:
        expected = [(name, z.read(name)) for name in z.namelist()]
    assert list(opc.package_entries(document.part.package)) == expected
