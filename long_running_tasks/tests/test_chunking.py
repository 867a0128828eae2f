"""How a task is cut into chunks: small tasks spread over every worker process, large ones use few messages."""

import pytest

from long_running_tasks.service import chunk_size


@pytest.mark.parametrize(("total", "expected"), [(1, 1), (10, 1), (17, 1), (32, 2), (100, 6), (256, 16), (10_000, 16)])
def test_by_default_a_task_has_at_least_min_chunks_of_at_most_max_chunk_size(settings, total, expected):
    settings.SPOTTER_CHUNK_SIZE, settings.SPOTTER_MIN_CHUNKS, settings.SPOTTER_MAX_CHUNK_SIZE = 0, 16, 16
    assert chunk_size(total) == expected
    chunks = -(-total // expected)
    assert chunks >= min(total, 16)


def test_a_chunk_size_that_is_set_is_used_as_it_is(settings):
    settings.SPOTTER_CHUNK_SIZE = 8
    assert chunk_size(3) == chunk_size(1000) == 8
