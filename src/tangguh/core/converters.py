"""Path converters every domain's URLs may use (registered on import)."""

from django.urls import register_converter


class ObjectIdConverter:
    """An object's id in a path. Anything else (``abc``, ``-1``, 2**64) finds no object.

    With ``<object_id:pk>`` such a path matches no URL and gets the site's HTML 404
    page, and an id past the database's integer range is a 500; here the view
    looks up id 0, which no row has, and answers the API's JSON 404.
    """

    regex = "[^/]+"
    largest = 2**63 - 1  # BigAutoField

    def to_python(self, value: str) -> int:
        if value.isascii() and value.isdigit() and int(value) <= self.largest:
            return int(value)
        return 0

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ObjectIdConverter, "object_id")
