import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_owners(apps, schema_editor):
    Image = apps.get_model("image_processing", "Image")
    owner = Subquery(Image.objects.filter(id=OuterRef("image_id")).values("owner_id")[:1])
    for name in ("Detection", "Tag"):
        apps.get_model("image_processing", name).objects.update(owner_id=owner)


class Migration(migrations.Migration):
    dependencies = [
        ("image_processing", "0007_covering_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="detection", name="detection_label_conf_idx"),
        migrations.RemoveIndex(model_name="tag", name="tag_name_score_idx"),
        *(
            migrations.AddField(
                model_name=name,
                name="owner",
                field=models.ForeignKey(
                    db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            )
            for name in ("detection", "tag")
        ),
        migrations.RunPython(copy_owners, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="owner",
                field=models.ForeignKey(
                    db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            )
            for name in ("detection", "tag")
        ),
        migrations.AddIndex(
            model_name="detection",
            index=models.Index(
                fields=["owner", "label", "confidence"], include=("image", "model"), name="detection_owner_label_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="tag",
            index=models.Index(fields=["owner", "name", "score"], include=("image",), name="tag_owner_name_idx"),
        ),
    ]
