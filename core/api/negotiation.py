from rest_framework.negotiation import DefaultContentNegotiation


class IgnoreAccept(DefaultContentNegotiation):
    """For views that answer with a file, an image or a zip of their own type: they answer whatever the
    client's Accept (or `?format=`, an export's own parameter) says, and their errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
