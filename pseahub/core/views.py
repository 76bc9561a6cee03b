from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page: what this is, how to report, and the way in for staff."""
    return render(request, "core/home.html")
