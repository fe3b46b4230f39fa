import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher"
]  # speed; argon2 is tested explicitly
AXES_ENABLED = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Imports run inside the test process: a child process could not see the test database
# (a transaction) nor the in-memory file storage. tests/people/test_import_worker.py runs
# real workers with the child processes.
TANGGUH_IMPORT_ISOLATED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Credential signing keys made by tests go to a directory of this run, not var/keys.
TANGGUH_CREDENTIAL_KEY_DIR = Path(tempfile.mkdtemp(prefix="tangguh-test-keys-"))
# Caches in memory: no throttle counts nor kept pages left from an earlier run.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "throttle",
    },
    # The kept verification pages (certification/verify_cache.py): in memory too.
    "public": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test's commits need not wait for the disk (the demo before every end-to-end
    # test, the flush after it): a crash would lose only a test database.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
