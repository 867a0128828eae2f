"""The Image Processing use cases, one module each:

- `photos.py`: a person's photos: upload, delete, open the original, the thumbnail or the annotated photo,
  and the check that photos exist and are the caller's;
- `trash.py`: deleted photos, kept for a while: list, restore, delete for good, empty;
- `duplicates.py`: near-duplicates and bursts, in groups best first, and resolving a group;
- `gallery.py`: read-only queries: lists and search pages, why a photo matched, label and tag counts,
  suggestions, exports;
- `examination.py`: what a task does to a photo (detect, tag), and storing the results: the only part the
  task module uses.
"""
