"""The application's URLs plus an empty view, for the benchmarks only (``config.settings.bench``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def empty(request: HttpRequest) -> HttpResponse:
    """200 with no database access: the ceiling of the server and its middleware."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/empty", empty), *app_urlpatterns]
