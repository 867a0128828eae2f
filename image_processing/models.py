import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class Image(models.Model):
    """A stored photo. Files live in the default storage under generated names, never the user's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="images")
    filename = models.CharField(max_length=255, help_text="The name the user uploaded it under, for display only.")
    content_type = models.CharField(max_length=32)
    width = models.PositiveIntegerField(help_text="As displayed, after EXIF orientation.")
    height = models.PositiveIntegerField(help_text="As displayed, after EXIF orientation.")
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255, help_text="Storage name of the original bytes.")
    thumbnail_name = models.CharField(max_length=255, help_text="Storage name of the JPEG thumbnail.")
    taken_at = models.DateTimeField(null=True, blank=True, help_text="When it was taken, as its EXIF says.")
    camera = models.CharField(max_length=128, blank=True, default="", help_text="EXIF make and model.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    analysed_by = models.CharField(
        max_length=64, null=True, blank=True, help_text="The model that last examined it; null: none has."
    )
    fingerprint = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="What it looks like (fingerprints.py); null until manage.py fingerprint_photos.",
    )
    sharpness = models.FloatField(null=True, blank=True, help_text="Low is blurry (fingerprints.py).")
    # The fingerprint's four 16-bit parts, indexed: a photo's near-duplicates share a part, or one a bit away.
    fingerprint_part_0 = models.PositiveIntegerField(null=True, blank=True)
    fingerprint_part_1 = models.PositiveIntegerField(null=True, blank=True)
    fingerprint_part_2 = models.PositiveIntegerField(null=True, blank=True)
    fingerprint_part_3 = models.PositiveIntegerField(null=True, blank=True)
    kept_after_review = models.BooleanField(
        default=False,
        help_text="Kept when its group of duplicates was resolved: a group of such photos alone is not shown again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="image_owner_created_idx"),
            models.Index(fields=["sha256"], name="image_sha256_idx"),
            *(
                models.Index(fields=["owner", f"fingerprint_part_{n}"], name=f"image_fingerprint_part_{n}_idx")
                for n in range(4)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.id})"


class Detection(models.Model):
    """One object found in an image by one model. Boxes are fractions of the displayed image."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="detections")
    # The photo's owner, repeated so that a search reads one owner's detections from an index alone.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    # The task that produced it. A plain column, not a foreign key: this module does not depend on
    # the task module (the dependency runs the other way).
    task_id = models.UUIDField(null=True, blank=True)
    model = models.CharField(max_length=64)
    label = models.CharField(max_length=32)
    confidence = models.FloatField()
    x_min = models.FloatField()
    y_min = models.FloatField()
    x_max = models.FloatField()
    y_max = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confidence"]
        indexes = [
            models.Index(fields=["image", "model", "label"], name="detection_image_model_idx"),
            # Covering, so that a search reads an owner's photos of a label from the index alone (PostgreSQL).
            models.Index(
                fields=["owner", "label", "confidence"], include=["image", "model"], name="detection_owner_label_idx"
            ),
            models.Index(fields=["task_id"], name="detection_task_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1), name="detection_confidence_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.confidence:.2f} on {self.image_id}"


class Tag(models.Model):
    """One of a photo's best classes by the tagger (ImageNet's 1,000: "tabby", "espresso"), with its score."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="tags")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    task_id = models.UUIDField(null=True, blank=True)  # as Detection.task_id
    model = models.CharField(max_length=64)
    name = models.CharField(max_length=64)
    score = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score"]
        indexes = [
            models.Index(fields=["image", "model"], name="tag_image_model_idx"),
            models.Index(fields=["owner", "name", "score"], include=["image"], name="tag_owner_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["image", "model", "name"], name="tag_once_per_image_and_model"),
            models.CheckConstraint(condition=models.Q(score__gte=0) & models.Q(score__lte=1), name="tag_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.score:.2f} on {self.image_id}"


class TextLine(models.Model):
    """A line of text read in a photo by the text reader, in reading order (`position`). Its box is a fraction of
    the displayed photo. `words` is the text as searches compare it (search/text_search.py): lower case, without
    accents or punctuation; PostgreSQL indexes it for full-text search (migration 0013)."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="text_lines")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    task_id = models.UUIDField(null=True, blank=True)  # as Detection.task_id
    model = models.CharField(max_length=64)
    position = models.PositiveIntegerField()
    text = models.TextField()
    words = models.TextField()
    confidence = models.FloatField()
    x_min = models.FloatField()
    y_min = models.FloatField()
    x_max = models.FloatField()
    y_max = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["image", "position"]
        indexes = [
            models.Index(fields=["image", "model", "position"], name="text_line_image_idx"),
            models.Index(fields=["owner"], name="text_line_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.text[:40]!r} on {self.image_id}"


class Person(models.Model):
    """Someone whose face is in a person's photos: faces alike, gathered by clustering (services/people.py), and
    named once by the owner. `centroid` is the mean of its faces' embeddings, which a new face is compared with."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200, blank=True, default="", help_text="Empty: not named yet.")
    hidden = models.BooleanField(default=False)
    centroid = models.BinaryField(null=True, blank=True, help_text="128 float32: the mean of its faces' embeddings.")
    centroid_of = models.PositiveIntegerField(default=0, help_text="How many faces' embeddings the centroid averages.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "name"], name="person_owner_name_idx")]

    def __str__(self) -> str:
        return f"{self.name or 'unnamed'} ({self.id})"


class Face(models.Model):
    """A face found in a photo by the face finder, left to right (`position`), its box a fraction of the displayed
    photo. `embedding` says who it is (128 float32; None for a face too small to tell), `person` whom it was
    sorted into; `chosen` marks the owner's own choice of person, which clustering again never changes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="faces")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    task_id = models.UUIDField(null=True, blank=True)  # as Detection.task_id
    model = models.CharField(max_length=64)
    position = models.PositiveIntegerField()
    confidence = models.FloatField()
    x_min = models.FloatField()
    y_min = models.FloatField()
    x_max = models.FloatField()
    y_max = models.FloatField()
    embedding = models.BinaryField(null=True, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="faces")
    chosen = models.BooleanField(default=False, help_text="The owner put it in its person (or in one of its own).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["image", "position"]
        indexes = [
            models.Index(fields=["image", "model", "position"], name="face_image_idx"),
            models.Index(fields=["person", "image"], name="face_person_idx"),
            models.Index(fields=["owner"], name="face_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"face {self.position} on {self.image_id}"


class Album(models.Model):
    """A person's album: photos they chose (AlbumPhoto), or, for a live album, the current results of a saved search
    (`query`, with `filters`: the gallery's other filters, as the API names them)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="albums")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    query = models.CharField(max_length=500, blank=True, default="", help_text="A live album's search; empty: chosen.")
    filters = models.JSONField(default=dict, blank=True, help_text="A live album's other filters (label, dates…).")
    cover = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="None: its newest photo."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "title"], name="album_owner_title_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.id})"

    @property
    def live(self) -> bool:
        return bool(self.query or self.filters)


class AlbumPhoto(models.Model):
    """A photo chosen for an album. Deleting the photo removes it from the album (and the trash keeps this row
    with the photo, so restoring it puts it back)."""

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="entries")
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="album_entries")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["album", "image"], name="album_photo_once")]
        indexes = [models.Index(fields=["image"], name="album_photo_image_idx")]

    def __str__(self) -> str:
        return f"{self.image_id} in {self.album_id}"


class AlbumMember(models.Model):
    """Another person an album is shared with, by account: a viewer sees its photos (their detections, tags and
    text); a contributor may also add photos of their own, which stay theirs."""

    class Role(models.TextChoices):
        VIEWER = "viewer"
        CONTRIBUTOR = "contributor"

    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="album_memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["album", "user"], name="album_member_once")]
        indexes = [models.Index(fields=["user", "album"], name="album_member_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.role}) of {self.album_id}"


class ShareLink(models.Model):
    """A link that opens an album read-only to whoever has it, without an account, until it expires or is revoked
    (its row deleted). The token is the secret: 256 random bits, kept so that its owner can copy the link again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="None: it never expires.")
    allow_download = models.BooleanField(default=False, help_text="Whether the originals can be downloaded.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"link {self.id} to {self.album_id}"


class DetectionCache(models.Model):
    """What a model (a detector or the tagger) saw in one photo's content, kept so the same bytes are never run
    through it twice.

    Keyed by the photo's sha256 (not its id: copies of a photo share it) and the model's sha256 (with
    "-bf16" for its reduced precision). `candidates`
    holds a detector's raw boxes scoring at least `floor`, as [class id, score, x_min, y_min, x_max, y_max]
    rows, so any later minimum confidence >= floor, and any class filter, is answered exactly; or the
    tagger's best classes as [class id, score] rows.
    """

    sha256 = models.CharField(max_length=64)
    model = models.CharField(max_length=80)
    floor = models.FloatField()
    candidates = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sha256", "model"], name="detection_cache_key_unique")]

    def __str__(self) -> str:
        return f"{self.model} on {self.sha256[:12]}"


class DetectorModel(models.Model):
    """A detection model an operator added (the shipped one is built in: detection/detector.py). Its file is
    kept in storage under its sha256; `classes` names its class ids ("" for an id it does not use). Tasks and the
    API name it by `name`; people see its `title`."""

    name = models.CharField(max_length=48, unique=True)
    title = models.CharField(max_length=80, help_text="What the web app calls it.")
    layout = models.CharField(max_length=16)
    classes = models.JSONField()
    input_width = models.PositiveIntegerField()
    input_height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255, help_text="Storage name of the model file.")
    size_bytes = models.PositiveBigIntegerField()
    is_default = models.BooleanField(default=False, help_text="Tasks run it unless they name another.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_model"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrashedPhoto(models.Model):
    """A deleted photo, kept SPOTTER_TRASH_DAYS so that it can be restored. `rows` holds the photo's row and
    every row its deletion removed (detections, tags, and whatever else depends on it), as Django's JSON
    serializer writes them, so that a restore puts back exactly what was there; its files stay in storage until
    the trash is emptied."""

    id = models.UUIDField(primary_key=True, help_text="The photo's id, which a restore gives it back.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    thumbnail_name = models.CharField(max_length=255)
    reason = models.CharField(max_length=300, blank=True, default="", help_text="Why it was deleted, in words.")
    rows = models.JSONField()
    trashed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-trashed_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-trashed_at"], name="trash_owner_trashed_idx"),
            models.Index(fields=["trashed_at"], name="trash_trashed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.id}), trashed"

    @property
    def purge_at(self) -> datetime:
        """When the trash deletes it for good."""
        return self.trashed_at + timedelta(days=settings.SPOTTER_TRASH_DAYS)
