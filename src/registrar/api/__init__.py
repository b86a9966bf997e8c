"""The REST API (django-ninja): the same domain functions as the pages, as JSON."""
