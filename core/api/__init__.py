"""The API's glue to Django REST framework, shared by every app's views."""
