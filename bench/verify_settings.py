"""Settings for ``bench_verify_load`` only: the project's, plus one trivial view.

The development settings (static files from the source, no collectstatic) with DEBUG
off and whitenoise not re-scanning the disk per request; the URLconf adds
``/bench/constant``, a view that returns a constant: the server's own floor.
"""

from tangguh.config.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.verify_urls"
WHITENOISE_AUTOREFRESH = False
