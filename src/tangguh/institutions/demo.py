from collections.abc import Callable

from tangguh.core.demo import register_demo_step

from .services import institutions_load


@register_demo_step("institutions", order=10)
def demo_institutions(*, out: Callable[[str], None], **_: object) -> None:
    r = institutions_load()
    out(f"Institutions: {r.created} created, {r.updated} updated, {r.unchanged} unchanged.")
