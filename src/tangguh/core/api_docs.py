"""The API documentation page: Swagger UI from drf-spectacular-sidecar's static files.

Nothing comes from the internet (the page works offline and behind a closed network),
and nothing is inline: drf-spectacular's "split" view serves the start-up script at
``?script`` from the same address, and the page's few styles are in static/css, so the
site-wide Content-Security-Policy applies here unchanged.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "Tangguh API"
