"""What the people and faces endpoints take and answer (people_views.py), and a photo's faces in its detail."""

from rest_framework import serializers

from core.api.fields import TextField

from .models import Face, Person
from .serializers import BoxSerializer, FaceOutput


class PersonFaceOutput(FaceOutput):
    class Meta:
        model = Face
        fields = ["id", "image_id", "box", "confidence"]


class CoverOutput(serializers.Serializer):
    image_id = serializers.UUIDField()
    box = BoxSerializer()


class PersonOutput(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text="Null while unnamed.")
    face_count = serializers.SerializerMethodField()
    photo_count = serializers.IntegerField(read_only=True)
    cover = serializers.SerializerMethodField(help_text="The face shown for them: their most confident.")
    thumbnail_url = serializers.SerializerMethodField(help_text="Their cover face, cut out of its photo.")
    same_name_as = serializers.SerializerMethodField(
        help_text="Others of your people with the same name: a merge to offer."
    )

    class Meta:
        model = Person
        fields = ["id", "name", "face_count", "photo_count", "cover", "thumbnail_url", "hidden", "same_name_as"]
        read_only_fields = fields

    def get_name(self, person: Person) -> str | None:
        return person.name or None

    def get_cover(self, person: Person) -> CoverOutput(allow_null=True):
        face = self.context["covers"].get(person.id)
        return {"image_id": face.image_id, "box": BoxSerializer(face).data} if face else None

    def get_face_count(self, person: Person) -> int:
        return self.context["face_counts"].get(person.id, 0)

    def get_thumbnail_url(self, person: Person) -> str:
        return f"/api/people/{person.id}/thumbnail"

    def get_same_name_as(self, person: Person) -> list[str]:
        return [str(other) for other in self.context["same_name"].get(person.id, [])]


class PersonDetailOutput(PersonOutput):
    faces = serializers.SerializerMethodField()

    class Meta(PersonOutput.Meta):
        fields = [*PersonOutput.Meta.fields, "faces"]
        read_only_fields = fields

    def get_faces(self, person: Person) -> PersonFaceOutput(many=True):
        return PersonFaceOutput(self.context["faces"], many=True).data


class PeopleQuery(serializers.Serializer):
    named = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="Only named, or unnamed.")
    hidden = serializers.BooleanField(required=False, default=False, help_text="The people you hid instead.")


class PersonUpdateInput(serializers.Serializer):
    name = TextField(required=False, allow_blank=True, max_length=200, help_text="Empty: unnamed again.")
    hidden = serializers.BooleanField(required=False)


class MergeInput(serializers.Serializer):
    into = serializers.UUIDField(help_text="The person who takes this one's faces.")


class FaceUpdateInput(serializers.Serializer):
    person = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Another of your people; null: a person of its own; left out: as it is.",
    )
