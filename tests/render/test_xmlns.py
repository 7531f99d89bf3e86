"""Namespaces declared once, and the schema-order helpers (render/xmlns.py)."""

from __future__ import annotations

import pytest
from lxml import etree

from tokku_slides.render import xmlns
from tokku_slides.render.xmlns import NSMAP, assemble, element, insert_in_order, qn, sub


def test_qn_spells_a_prefixed_name_in_clark_notation() -> None:
    assert qn("a:latin") == "{http://schemas.openxmlformats.org/drawingml/2006/main}latin"
    assert qn("w:p") == f"{{{NSMAP['w']}}}p"
    assert qn("typeface") == "typeface"
    assert qn("xml:space") == "{http://www.w3.org/XML/1998/namespace}space"


def test_an_element_declares_the_prefixes_it_and_its_attributes_use_and_no_others() -> None:
    blip = element("a:blip", {"r:embed": "rId3"})
    assert blip.nsmap == {"a": NSMAP["a"], "r": NSMAP["r"]}
    assert etree.tostring(blip) == (f'<a:blip xmlns:a="{NSMAP["a"]}" xmlns:r="{NSMAP["r"]}" r:embed="rId3"/>'
                                    .encode())
    run = element("w:r", declare=("a", "pic"))
    assert set(run.nsmap) == {"w", "a", "pic"}


def test_appended_into_a_document_the_declarations_it_repeats_are_dropped() -> None:
    root = etree.fromstring(f'<w:body xmlns:w="{NSMAP["w"]}"/>')
    p = element("w:p")
    sub(sub(p, "w:r"), "w:t", text="x")
    root.append(p)
    assert etree.tostring(root).count(b"xmlns:w") == 1


def test_attributes_keep_their_order_and_values_are_escaped() -> None:
    e = element("w:rFonts", {"w:ascii": 'A"&<', "w:hAnsi": "B", "w:eastAsia": "C"})
    assert [etree.QName(k).localname for k in e.attrib] == ["ascii", "hAnsi", "eastAsia"]
    assert etree.fromstring(etree.tostring(e)).get(qn("w:ascii")) == 'A"&<'


def test_assemble_puts_children_in_schema_order_whatever_order_they_come_in() -> None:
    order = ("w:pStyle", "w:keepNext", "w:spacing", "w:jc")
    ppr = assemble("w:pPr", {"w:jc": element("w:jc"), "w:pStyle": element("w:pStyle"),
                             "w:spacing": [element("w:spacing")]}, order)
    assert [etree.QName(c).localname for c in ppr] == ["pStyle", "spacing", "jc"]
    assert assemble("w:pPr", {}, order) is None
    with pytest.raises(ValueError, match="w:ind"):
        assemble("w:pPr", {"w:ind": element("w:ind")}, order)


def test_insert_in_order_goes_before_the_first_later_child() -> None:
    order = ("w:name", "w:basedOn", "w:pPr", "w:rPr", "w:tblPr")
    style = element("w:style")
    for tag in ("w:name", "w:tblPr"):
        sub(style, tag)
    insert_in_order(style, element("w:rPr"), order)
    insert_in_order(style, element("w:pPr"), order)
    insert_in_order(style, element("w:basedOn"), order)
    assert [etree.QName(c).localname for c in style] == ["name", "basedOn", "pPr", "rPr", "tblPr"]
    empty = element("w:style")
    insert_in_order(empty, element("w:pPr"), order)
    assert len(empty) == 1


def test_every_prefix_is_declared_once_in_the_map() -> None:
    assert len(set(xmlns.NSMAP.values())) == len(xmlns.NSMAP)
