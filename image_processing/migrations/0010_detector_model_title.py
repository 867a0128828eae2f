"""Detection models get a title, the name people see; those added before are titled after their name, its dashes
and underscores as spaces, so that a long name wraps between words."""

import re

from django.db import migrations, models


def title_added_models(apps, schema_editor):
    DetectorModel = apps.get_model("image_processing", "DetectorModel")
    for row in DetectorModel.objects.all():
        row.title = re.sub(r"[_-]+", " ", row.name).strip() or row.name
        row.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [("image_processing", "0009_forget_unreadable_places")]

    operations = [
        migrations.AddField(
            model_name="detectormodel",
            name="title",
            field=models.CharField(default="", help_text="What the web app calls it.", max_length=80),
            preserve_default=False,
        ),
        migrations.RunPython(title_added_models, migrations.RunPython.noop),
    ]
