"""The default layout files, shipped inside the package as ``tokku_slides.layouts``.

This folder is the one editable source of the layout: pyproject.toml maps it into the package, so a
wheel carries ``card.yaml`` and ``metrics/*.yaml`` and the code finds them with importlib.resources.
"""
