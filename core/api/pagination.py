import re

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from .fields import QueryParameters


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, with `page_size` read strictly: a size that is not a whole number of at least 1 is a 400
    (DRF would quietly answer its default size), and `page=` given empty is one too (DRF would answer page 1).
    A size over `max_page_size` is read as that size, as the schema says."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]+", given) or int(given) < 1:
            message = QueryParameters.EMPTY if given == "" else "Give a whole number of at least 1."
            raise ValidationError({self.page_size_query_param: [message]})
        return min(int(given), self.max_page_size)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            raise ValidationError({self.page_query_param: [QueryParameters.EMPTY]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"How many results a page holds (default {self.page_size}); more than {self.max_page_size} "
                    f"reads as {self.max_page_size}."
                )
        return parameters
