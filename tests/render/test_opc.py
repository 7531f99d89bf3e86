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


def test_relations_take_the_lowest_free_id_as_python_docx_would() -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.parts.image import ImagePart

    document = Document()
    part = document.part
    reference = Document().part  # what python-docx itself picks on the same template
    expected = [reference.relate_to(ImagePart(PackURI(f"/word/media/image{n}.png"), CT.PNG, b""), RT.IMAGE)
                for n in (1, 2)]
    relations = opc.Relations(part)
    got = [relations.add(RT.IMAGE, ImagePart(PackURI(f"/word/media/image{n}.png"), CT.PNG, b"")) for n in (1, 2)]
    assert got == expected
    assert all(part.rels[rel_id].reltype == RT.IMAGE for rel_id in got)


def test_content_types_give_a_png_a_default_and_a_document_an_override() -> None:
    document = Document()
    xml = opc.content_types(document.part.package.parts, [("png", "image/png")]).decode()
    assert xml.startswith("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")
    assert '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' in xml
    assert 'PartName="/word/document.xml"' in xml


def test_pictures_are_stored_and_the_rest_deflated() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    data = opc.deterministic_zip_entries([
        ("[Content_Types].xml", b"<Types/>" * 50), ("word/media/image1.png", png),
        ("ppt/media/logo.JPEG", b"\xff\xd8" * 100), ("word/document.xml", b"<w/>" * 500),
    ])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        kinds = {i.filename: i.compress_type for i in z.infolist()}
        assert z.read("word/media/image1.png") == png
        assert z.testzip() is None
    assert kinds == {"[Content_Types].xml": zipfile.ZIP_DEFLATED, "word/media/image1.png": zipfile.ZIP_STORED,
                     "ppt/media/logo.JPEG": zipfile.ZIP_STORED, "word/document.xml": zipfile.ZIP_DEFLATED}
