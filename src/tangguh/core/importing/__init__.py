"""Generic pieces of spreadsheet imports; a domain declares its targets with them.

Core knows no domain: a domain's spec (for example ``people/import_spec.py``) names
its own columns, rules and model.
"""

from .spec import Column, ImportSpec, Merge

__all__ = ["Column", "ImportSpec", "Merge"]
