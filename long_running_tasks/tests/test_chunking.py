"""How a task is cut into chunks: small tasks spread over every worker process, large ones use few messages."""

import pytest

from long_running_tasks.service import chunk_size, chunk_sizes


@pytest.mark.parametrize(("total", "expected"), [(1, 1), (10, 1), (17, 1), (32, 2), (100, 6), (256, 16), (10_000, 16)])
def test_by_default_a_task_has_at_least_min_chunks_of_at_most_max_chunk_size(settings, total, expected):
    settings.SPOTTER_CHUNK_SIZE, settings.SPOTTER_MIN_CHUNKS, settings.SPOTTER_MAX_CHUNK_SIZE = 0, 16, 16
    settings.SPOTTER_MIN_CHUNK_SIZE = 1
    assert chunk_size(total) == expected
    chunks = -(-total // expected)
    assert chunks >= min(total, 16)


@pytest.mark.parametrize(
    ("total", "expected"), [(1, [1]), (3, [1, 1, 1]), (10, [2, 2, 2, 2, 1, 1]), (32, [2] * 15 + [1, 1])]
)
def test_a_small_task_has_chunks_of_at_least_min_chunk_size_but_still_ends_on_one_image(settings, total, expected):
    settings.SPOTTER_CHUNK_SIZE, settings.SPOTTER_MIN_CHUNKS, settings.SPOTTER_MAX_CHUNK_SIZE = 0, 16, 16
    settings.SPOTTER_MIN_CHUNK_SIZE = 2
    assert chunk_sizes(total) == expected


def test_a_chunk_size_that_is_set_is_used_as_it_is(settings):
    settings.SPOTTER_CHUNK_SIZE = 8
    assert chunk_size(3) == chunk_size(1000) == 8


@pytest.mark.parametrize("total", [1, 2, 10, 31, 32, 100, 257, 1000, 10_000])
def test_every_image_is_in_one_chunk_and_the_last_chunks_shrink_to_one_image(settings, total):
    settings.SPOTTER_CHUNK_SIZE, settings.SPOTTER_MIN_CHUNKS, settings.SPOTTER_MAX_CHUNK_SIZE = 0, 16, 16
    settings.SPOTTER_MIN_CHUNK_SIZE = 1
    sizes = chunk_sizes(total)
    assert sum(sizes) == total and min(sizes) >= 1
    assert max(sizes) == chunk_size(total) and len(sizes) >= min(total, 16)
    assert sizes[-1] == 1  # the processes taking the last chunks finish about together
    if total >= 1000:
        assert sizes[-8:] == [8, 8, 4, 4, 2, 2, 1, 1]


def test_a_chunk_size_that_is_set_cuts_the_task_evenly(settings):
    settings.SPOTTER_CHUNK_SIZE = 4
    assert chunk_sizes(10) == [4, 4, 2]
