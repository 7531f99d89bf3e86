"""tokku-slides: 総合特区 evaluation records in, committee cards (pptx) and a summary report (docx) out."""

__version__ = "0.1.0"
