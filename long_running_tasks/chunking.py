"""How a task's photos are cut into chunks: the unit a worker process claims, runs and hands back."""

from django.conf import settings

# A small task is cut into at least this many chunks, so that every worker process gets a share, but no
# chunk is smaller than MIN_CHUNK_SIZE photos (a claim costs about a tenth of a photo).
MIN_CHUNKS = 8
MIN_CHUNK_SIZE = 3


def chunk_sizes(total: int) -> list[int]:
    """How many photos each chunk of a task of `total` photos gets, in the order they are taken.

    Chunks of at most SPOTTER_CHUNK_SIZE photos, at least MIN_CHUNKS of them where that leaves MIN_CHUNK_SIZE
    photos each (and at least two, so that two processes share even a small task), as even as can be.
    Chunks larger than that end on chunks that shrink by halves to one photo, two of each size, so that the
    processes taking the last chunks finish within about one photo of each other, not one whole chunk."""
    size = min(settings.SPOTTER_CHUNK_SIZE, max(MIN_CHUNK_SIZE, total // MIN_CHUNKS), -(-total // 2))
    size = max(1, size)
    tail = [size >> n for n in range(1, size.bit_length()) for _ in "ab"] if size > MIN_CHUNK_SIZE else []
    if sum(tail) > total:
        tail = []
    bulk = total - sum(tail)
    count = -(-bulk // size)
    return [bulk // count + (n < bulk % count) for n in range(count)] + tail
