"""Sorting faces into people by their embeddings: dlib's 128-d descriptors, in which two faces of one person are
usually less than 0.6 apart and two people's more.

A new face joins the person whose centroid (the mean of its faces) is nearest, if it is within JOIN_DISTANCE;
else it starts a person of its own. That is one comparison per person, so sorting a photo's faces costs the same
however many faces the library holds. A full re-clustering links every two faces closer than LINK_DISTANCE
(compared a block of faces at a time, as matrix products) and lets dlib's Chinese whispers find the groups."""

import numpy as np

EMBEDDING_SIZE = 128
# A centroid is nearer a person's faces than they are to each other: joining one asks for less than the 0.6 that
# tells two faces apart.
JOIN_DISTANCE = 0.5
LINK_DISTANCE = 0.5
_BLOCK = 2_000  # faces compared with all the others at once: a matrix of float32, a block by all faces


def as_bytes(embedding) -> bytes:
    return np.asarray(embedding, dtype=np.float32).tobytes()


def as_vector(stored: bytes) -> np.ndarray:
    return np.frombuffer(stored, dtype=np.float32)


def nearest(centroids: np.ndarray, embedding: np.ndarray) -> int | None:
    """The index of the centroid (a row) nearest the embedding, if it is within JOIN_DISTANCE."""
    if not len(centroids):
        return None
    distances = np.linalg.norm(centroids - embedding, axis=1)
    best = int(np.argmin(distances))
    return best if distances[best] <= JOIN_DISTANCE else None


def clusters(embeddings: np.ndarray) -> list[int]:
    """A cluster number for each embedding (a row): faces linked by distances under LINK_DISTANCE, grouped by
    Chinese whispers."""
    import dlib

    faces = np.asarray(embeddings, dtype=np.float32)
    squares = (faces * faces).sum(axis=1)
    edges = [(n, n) for n in range(len(faces))]  # every face is in the graph, even one linked to none
    for start in range(0, len(faces), _BLOCK):
        block = faces[start : start + _BLOCK]
        distances = squares[start : start + _BLOCK, None] + squares[None, :] - 2 * block @ faces.T
        rows, columns = np.nonzero(distances < LINK_DISTANCE**2)
        later = columns > rows + start
        edges.extend(zip((rows[later] + start).tolist(), columns[later].tolist(), strict=True))
    return dlib.chinese_whispers(edges) if edges else []
