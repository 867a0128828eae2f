from django.apps import AppConfig


class ImageProcessingConfig(AppConfig):
    name = "image_processing"
    verbose_name = "Image processing"
