"""The photo module's periodic work, run by the worker's Celery beat (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services.trash import TrashService


@shared_task(name="image_processing.tasks.empty_expired_trash")
def empty_expired_trash() -> int:
    """Delete for good the photos that have been in the trash SPOTTER_TRASH_DAYS; how many."""
    return TrashService().empty_expired()
