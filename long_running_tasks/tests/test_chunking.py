"""How a task is cut into chunks: small tasks spread over every worker process, large ones in chunks of
SPOTTER_CHUNK_SIZE whose last ones shrink so that the processes finish about together."""

import pytest

from long_running_tasks.chunking import chunk_sizes


@pytest.mark.parametrize(
    ("total", "expected"),
    [(1, [1]), (2, [1, 1]), (3, [2, 1]), (10, [3, 3, 2, 2]), (23, [3] * 7 + [2]), (24, [3] * 8)],
)
def test_a_small_task_is_cut_evenly_into_chunks_of_about_three_photos_and_at_least_two(total, expected):
    assert chunk_sizes(total) == expected


@pytest.mark.parametrize("total", [1, 2, 10, 31, 32, 100, 257, 1000, 10_000])
def test_every_image_is_in_one_chunk_and_no_chunk_is_over_the_size(settings, total):
    sizes = chunk_sizes(total)
    assert sum(sizes) == total and min(sizes) >= 1
    assert max(sizes) <= settings.SPOTTER_CHUNK_SIZE and len(sizes) >= min(total // 3, 8, max(total, 2))


@pytest.mark.parametrize("total", [100, 257, 1000, 10_000])
def test_a_large_task_ends_on_chunks_shrinking_to_one_photo(settings, total):
    sizes = chunk_sizes(total)
    assert sizes[-2:] == [1, 1]  # the processes taking the last chunks finish about together
    if total >= 1000:
        assert sizes[0] == settings.SPOTTER_CHUNK_SIZE and sizes[-8:] == [8, 8, 4, 4, 2, 2, 1, 1]


def test_a_smaller_chunk_size_that_is_set_caps_every_chunk(settings):
    settings.SPOTTER_CHUNK_SIZE = 4
    assert max(chunk_sizes(1000)) == 4
    settings.SPOTTER_CHUNK_SIZE = 1
    assert chunk_sizes(3) == [1, 1, 1]
