from django.core.management.base import BaseCommand, CommandParser

from tangguh.core.demo import demo_steps


class Command(BaseCommand):
    help = (
        "Load the deterministic demo (idempotent). --scale national generates national-scale data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["demo", "national"], default="demo")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--out-dir", default="var/national", help="Where --scale national writes its files."
        )
        parser.add_argument(
            "--people", type=int, default=None, help="How many civil servants (national scale)."
        )

    def handle(self, *args: object, **options: object) -> None:
        for step in demo_steps():
            step.run(
                scale=options["scale"],
                seed=options["seed"],
                out=self.stdout.write,
                out_dir=options["out_dir"],
                people=options["people"],
            )
