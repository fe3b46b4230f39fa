from django.core.management.base import BaseCommand, CommandParser

from tangguh.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from tangguh.accounts.models import User


class Command(BaseCommand):
    help = "Print the demo logins (one per role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default="8000")

    def handle(self, *args: object, **options: object) -> None:
        users = {u.username: u for u in User.objects.select_related("institution")}
        self.stdout.write("")
        self.stdout.write(f"Tangguh: http://127.0.0.1:{options['port']}/")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for username, *_ in DEMO_USERS:
            u = users.get(username)
            if u:
                inst = u.institution.name if u.institution else "-"
                self.stdout.write(f"  {username:<20} {u.get_role_display():<28} {inst}")
        self.stdout.write("")
