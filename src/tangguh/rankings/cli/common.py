"""What the rankings' subcommands share: finding the category, the period and the
institution asked for, and failing with one clear line (``CommandError``: the command
line prints it and exits with 1, never a traceback). With ``--json`` the error is also
printed as ``{"error": "..."}`` so that a program reading the output gets a sentence.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tangguh.certification.metrics import Period
from tangguh.core.exceptions import DomainError
from tangguh.institutions.models import Institution

from ..models import Category
from ..ranking import Definition, competitors, period_of


def fail(command: Any, message: Any, options: dict[str, Any]) -> NoReturn:
    message = " ".join(str(message).split())  # one line
    if options.get("json"):
        command.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
    raise CommandError(message)


def add_category_arguments(parser: Any) -> None:
    parser.add_argument("--category", required=True, help="The category's code.")
    parser.add_argument(
        "--period", help="A year (2022) or two years (2020-2022); default: the category's."
    )


def category_of(command: Any, options: dict[str, Any]) -> Category:
    code = options["category"]
    category = Category.objects.filter(code=code).first()
    if category is None:
        fail(
            command,
            _("No award category has the code “%(code)s”. `tangguh rankings list` lists them.")
            % {"code": code[:64]},
            options,
        )
    return category


def period_for(command: Any, category: Category, options: dict[str, Any]) -> Period:
    try:
        return period_of(category, options.get("period") or None)
    except DomainError as error:
        fail(command, error.message, options)


def competitor_of(command: Any, category: Category, options: dict[str, Any]) -> Institution:
    code = options["institution"]
    institution = competitors(Definition.of(category)).filter(code=code).first()
    if institution is not None:
        return institution
    if Institution.objects.filter(code=code).exists():
        fail(
            command,
            _("The institution “%(code)s” does not compete in the category “%(category)s”.")
            % {"code": code, "category": category.code},
            options,
        )
    fail(command, _("No institution has the code “%(code)s”.") % {"code": code[:32]}, options)
