"""Generic pieces of spreadsheet imports; a domain declares its targets with them.

Core knows no domain: a domain's spec (for example ``people/import_spec.py``) names
its own columns, rules and model.
"""

from .errors import ParseError
from .spec import Column, ImportSpec, Merge, Shape

__all__ = ["Column", "ImportSpec", "Merge", "ParseError", "Shape"]
