"""The base layer every app may import: the domain errors (`errors.py`) and the Django REST framework glue
(`api/`: authentication, parsers, pagination, the error handler and middleware, streamed responses). It
imports no app and not the project package (`spotter/`)."""
