"""The normal URLconf plus the hello-world reference view (used only by settings_bench)."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    """The framework's ceiling: the full middleware stack and a constant response."""
    return HttpResponse("Hello, world", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("guanxi.urls")),
]
