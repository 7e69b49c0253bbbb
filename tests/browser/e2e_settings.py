"""Settings of the live server the browser tests drive (never used in production).

The development settings with DEBUG off and static files the way production serves them:
collected into a temporary STATIC_ROOT and served by WhiteNoise from a hashed manifest, so a
page that names a missing static file fails here as it would in production. Production's
HTTPS-only cookies and redirects are left out: the test server speaks plain HTTP on 127.0.0.1.
"""

import os

from samsyn.settings import *  # noqa: F403

DEBUG = False
STATIC_ROOT = os.environ["SAMSYN_E2E_STATIC_ROOT"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
