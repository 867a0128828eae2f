"""The only code that queries the detection models table (model_registry.py is its service)."""

from django.db import transaction

from .models import DetectorModel


class ModelRepository:
    def all(self) -> list[DetectorModel]:
        return list(DetectorModel.objects.all())

    def get(self, name: str) -> DetectorModel | None:
        return DetectorModel.objects.filter(name=name).first()

    def default(self) -> DetectorModel | None:
        return DetectorModel.objects.filter(is_default=True).first()

    def has_content(self, sha256: str) -> bool:
        return DetectorModel.objects.filter(sha256=sha256).exists()

    def add(self, **fields) -> DetectorModel:
        return DetectorModel.objects.create(**fields)

    def make_default(self, name: str | None) -> None:
        """This model becomes the default; None: none of the added ones (the shipped model is then)."""
        with transaction.atomic():
            DetectorModel.objects.filter(is_default=True).update(is_default=False)
            if name is not None:
                DetectorModel.objects.filter(name=name).update(is_default=True)
