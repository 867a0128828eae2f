"""manage.py cluster_faces --user NAME: sort all of a person's faces into people again from scratch, keeping every
name and every choice they made (services/people.py)."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from image_processing.services.people import PeopleService


class Command(BaseCommand):
    help = "Sort every face of a user's photos into people again, keeping names and the user's own choices."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="whose faces (a username)")

    def handle(self, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Nobody is called '{options['user']}'.")
        started = time.monotonic()
        people = PeopleService().recluster(user.id)
        self.stdout.write(f"{user.username}'s faces are in {people} people ({time.monotonic() - started:.1f} s).")
