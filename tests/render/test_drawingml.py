"""The deck's DrawingML (render/drawingml.py), compared as XML."""

from __future__ import annotations

from typing import Any

from lxml import etree

from tokku_slides.render import drawingml as dml
from tokku_slides.render.xmlns import A_NS, P_NS, R_NS, qn

A = f"{{{A_NS}}}"
NS = f'xmlns:a="{A_NS}"'


def canon(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def c14n(element: Any) -> bytes:
    return etree.tostring(element, method="c14n")


def local_names(element: Any) -> list[str]:
    return [etree.QName(c).localname for c in element]


def in_order(names: list[str], order: tuple[str, ...]) -> bool:
    """``names`` (local names) appear in ``order`` (prefixed tags) and in its sequence."""
    positions = [[o.split(":")[1] for o in order].index(n) for n in names]
    return positions == sorted(positions)


def test_run_properties_carry_east_asian_typeface_after_latin_and_japanese_lang() -> None:
    rpr = dml.run_properties("rPr", 10.5, "BIZ UDGothic", "BIZ UDゴシック", bold=True, color="1A1A1A")
    expected = (
        f'<a:rPr {NS} lang="ja-JP" altLang="en-US" sz="1050" b="1" dirty="0">'
        '<a:solidFill><a:srgbClr val="1A1A1A"/></a:solidFill>'
        '<a:latin typeface="BIZ UDGothic"/><a:ea typeface="BIZ UDゴシック"/><a:cs typeface="BIZ UDGothic"/>'
        "</a:rPr>"
    )
    assert c14n(rpr) == canon(expected)
    assert list(rpr.attrib) == ["lang", "altLang", "sz", "b", "dirty"]  # written in this order
    assert in_order(local_names(rpr), dml.RPR_ORDER)


def test_paragraph_has_exact_line_pitch_hanging_indent_and_no_hanging_punctuation() -> None:
    p = dml.paragraph("・所見", 10, latin="L", east_asian="E", line_pitch_pt=12, space_before_pt=3,
                      margin_left_pt=10, indent_pt=-10)
    ppr = p.find(f"{A}pPr")
    assert ppr is not None
    assert (ppr.get("marL"), ppr.get("indent"), ppr.get("hangingPunct")) == ("127000", "-127000", "0")
    assert p.find(f"{A}pPr/{A}lnSpc/{A}spcPts").get("val") == "1200"
    assert p.find(f"{A}pPr/{A}spcBef/{A}spcPts").get("val") == "300"
    assert p.find(f"{A}r/{A}t").text == "・所見"
    assert in_order(local_names(ppr), dml.PPR_ORDER)
    assert local_names(p) == ["pPr", "r", "endParaRPr"]


def test_line_breaks_repeat_the_run_properties_and_the_end_carries_them_too() -> None:
    p = dml.paragraph("一行目\n\n三行目", 9, latin="L", east_asian="E", line_pitch_pt=10.8, bold=True)
    assert local_names(p) == ["pPr", "r", "br", "br", "r", "endParaRPr"]
    props = [c14n(e).replace(b"endParaRPr", b"rPr") for e in p.iter(f"{A}rPr", f"{A}endParaRPr")]
    assert len(props) == 5 and len(set(props)) == 1


def test_body_properties_say_no_autofit() -> None:
    body = dml.body_properties((1, 2, 3, 4), "middle")
    assert local_names(body) == ["noAutofit"]
    assert (body.get("lIns"), body.get("rIns"), body.get("tIns"), body.get("bIns"), body.get("anchor")) == (
        "1", "2", "3", "4", "ctr")


def test_slide_number_is_a_field() -> None:
    p = dml.paragraph("7", 9, latin="L", east_asian="E", line_pitch_pt=10.8, field="slidenum")
    field = p.find(f"{A}fld")
    assert field.get("type") == "slidenum" and field.get("id") == dml.SLIDENUM_FIELD_ID
    assert field.find(f"{A}t").text == "7"


def test_text_shape_is_a_text_box_with_its_box_fill_and_border() -> None:
    body = dml.text_body("p:txBody", dml.body_properties((1, 1, 1, 1)), [])
    body_xml = etree.tostring(body).decode()
    sp = dml.text_shape(5, "remarks", (10, 20, 30, 40), body, fill="FFFFFF", border_pt=0.75, border_color="1F3864")
    expected = (
        f'<p:sp xmlns:a="{A_NS}" xmlns:p="{P_NS}" xmlns:r="{R_NS}">'
        '<p:nvSpPr><p:cNvPr id="5" name="remarks"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="10" y="20"/><a:ext cx="30" cy="40"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
        '<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:srgbClr val="1F3864"/></a:solidFill>'
        '<a:prstDash val="solid"/><a:round/><a:headEnd type="none" w="med" len="med"/>'
        '<a:tailEnd type="none" w="med" len="med"/></a:ln></p:spPr>'
        f"{body_xml}</p:sp>"
    )
    tree = etree.fromstring(f'<p:spTree xmlns:a="{A_NS}" xmlns:p="{P_NS}" xmlns:r="{R_NS}"/>')
    tree.append(sp)  # as in a slide, whose root declares the prefixes
    assert c14n(sp) == canon(expected)
    assert in_order(local_names(sp.find(qn("p:spPr"))), dml.SPPR_ORDER)
    assert in_order(local_names(sp.find(f"{qn('p:spPr')}/{A}ln")), dml.LINE_ORDER)


def test_no_border_is_an_explicit_no_line() -> None:
    ln = dml.line("lnB", None, None)
    assert ln.get("w") == "0" and local_names(ln) == ["noFill"]


def test_table_frame_has_grid_rows_a_header_row_and_no_table_style() -> None:
    def cell() -> Any:
        body = dml.text_body("a:txBody", dml.body_properties((0, 0, 0, 0)), [])
        return dml.slide_table_cell(body, dml.cell_properties((1, 2, 3, 4), "middle", 0.75, "000000", None))

    frame = dml.table_frame(2, "score_table", 100, 200, [30, 70], [(50, [cell(), cell()])])
    tbl = frame.find(f".//{A}tbl")
    assert tbl is not None
    assert [c.get("w") for c in tbl.iter(f"{A}gridCol")] == ["30", "70"]
    assert tbl.find(f"{A}tblPr").attrib == {"firstRow": "1", "bandRow": "0"}  # the first row is the header row
    assert len(tbl.find(f"{A}tblPr")) == 0  # no tableStyleId: fills and rules are the cells' own
    tc = tbl.find(f"{A}tr/{A}tc")
    assert local_names(tc) == ["txBody", "tcPr"]
    tc_pr = tc.find(f"{A}tcPr")
    assert local_names(tc_pr) == ["lnL", "lnR", "lnT", "lnB", "noFill"]
    assert in_order(local_names(tc_pr), dml.TCPR_ORDER)
    assert (tc_pr.get("marL"), tc_pr.get("marR"), tc_pr.get("marT"), tc_pr.get("marB")) == ("1", "2", "3", "4")
    assert len(tbl.findall(f"{A}tr/{A}tc")) == 2
    ext = frame.find(f".//{{{P_NS}}}xfrm/{A}ext")
    assert (ext.get("cx"), ext.get("cy")) == ("100", "50")


def test_markup_characters_are_text_not_markup() -> None:
    nasty = """Fo"nt & <Co>'s"""
    p = dml.paragraph("a<b>&c\"d'e", 9, latin=nasty, east_asian=nasty, line_pitch_pt=10.8, color="1A1A1A")
    assert p.find(f"{A}r/{A}t").text == "a<b>&c\"d'e"
    assert {e.get("typeface") for e in p.iter(f"{A}latin", f"{A}ea", f"{A}cs")} == {nasty}
    sp = dml.text_shape(3, nasty, (0, 0, 1, 1), dml.text_body("p:txBody", dml.body_properties((0, 0, 0, 0)), [p]))
    again = etree.fromstring(etree.tostring(sp))
    assert again.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").get("name") == nasty
    assert again.find(f".//{A}t").text == "a<b>&c\"d'e"
