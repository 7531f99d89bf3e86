"""Geometry and styles from layouts/*.yaml, text measurement, fitting, and the composition of pages.

Knows nothing of pptx, docx or matplotlib: it hands renderers blocks that are already fitted.
"""
