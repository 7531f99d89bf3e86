"""The pure model: records, validation and scoring. Imports nothing from pptx, docx or matplotlib."""

from tokku_slides.model.errors import InputError, InputErrors
from tokku_slides.model.load import load_year
from tokku_slides.model.records import Kpi, Measure, Scores, Year, Zone
from tokku_slides.model.scoring import kpi_achievement, round_half_up, weighted_total

__all__ = [
    "InputError",
    "InputErrors",
    "Kpi",
    "Measure",
    "Scores",
    "Year",
    "Zone",
    "kpi_achievement",
    "load_year",
    "round_half_up",
    "weighted_total",
]
