"""Photos stored with a place EXIF could not give (a camera without a fix writes 0/0, read as NaN, which
PostgreSQL orders above every number) or out of range lose it: such a photo's page could not be shown."""

from django.db import migrations
from django.db.models import Q


def forget_unreadable_places(apps, schema_editor):
    Image = apps.get_model("image_processing", "Image")
    out_of_range = Q(latitude__gt=90) | Q(latitude__lt=-90) | Q(longitude__gt=180) | Q(longitude__lt=-180)
    Image.objects.filter(out_of_range).update(latitude=None, longitude=None)


class Migration(migrations.Migration):
    dependencies = [("image_processing", "0008_owner_on_detections_and_tags")]

    operations = [migrations.RunPython(forget_unreadable_places, migrations.RunPython.noop)]
