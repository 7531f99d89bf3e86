"""Renderers, one module per output: pptx_deck (the cards), docx_report (the Word summary),
charts (matplotlib figures); the Office XML they write, built with lxml: xmlns (namespaces, qn,
schema order), drawingml (the deck's), wordml (the report's), opc (content types, zips)."""
