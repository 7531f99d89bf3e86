"""Renderers, one module per output: pptx_deck (the cards), docx_report (the Word summary),
charts (matplotlib figures), and ooxml (the raw XML they share)."""
