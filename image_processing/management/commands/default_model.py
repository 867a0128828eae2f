"""manage.py default_model NAME: the model tasks run unless they name another."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from image_processing.model_registry import ModelRegistry


class Command(BaseCommand):
    help = "Make a model the default: tasks run it unless they name another; searches count its detections."

    def add_arguments(self, parser):
        parser.add_argument("name", help="a model's name, as GET /api/models/ lists them")

    def handle(self, name: str, **_):
        try:
            spec = ModelRegistry().make_default(name)
        except DomainError as refused:
            raise CommandError(refused.message) from refused
        self.stdout.write(f"{spec.name} is now the default model.")
