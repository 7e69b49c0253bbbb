"""Start the test OpenID Connect provider (provider.mjs, npm's oidc-provider) on loopback and
walk its sign-in pages as a browser would, with real HTTP (requests), no mocks.

`TestProvider(name=..., accounts=..., redirect_uris=[...]).start()`; `sign_in(url, login)`
follows the authorization request from Samsyn's redirect to the callback URL with code and
state, which the test then hands to Samsyn. Accounts whose login starts with tamper-,
expired-, foreign- or audience- get a bad ID token on purpose (see provider.mjs).
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "provider.mjs"
CLIENT_SECRET = "samsyn-test-client-secret"  # noqa: S105 (a test provider on loopback)
START_SECONDS = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def provider_available() -> None:
    """Skip (or fail, where the provider is required: CI) when Node or the package is missing."""
    missing = None
    if shutil.which("node") is None:
        missing = "Node.js is not installed"
    elif not (HERE / "node_modules" / "oidc-provider").is_dir():
        missing = "run `make oidc-deps` (npm ci in tests/oidc_provider)"
    if missing:
        if os.environ.get("REQUIRE_OIDC_PROVIDER"):
            pytest.fail(f"The test OpenID Connect provider cannot start: {missing}")
        pytest.skip(f"The test OpenID Connect provider cannot start: {missing}")


class TestProvider:
    __test__ = False  # not a test class

    def __init__(self, *, name, accounts, redirect_uris, post_logout_redirect_uris=(), scopes=None):
        self.name = name
        self.port = _free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id = f"samsyn-{name}"
        self.config = {
            "name": name,
            "issuer": self.issuer,
            "port": self.port,
            "scopes": scopes or {},
            "accounts": accounts,
            "clients": [
                {
                    "client_id": self.client_id,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": list(redirect_uris),
                    "post_logout_redirect_uris": list(post_logout_redirect_uris),
                    "token_endpoint_auth_method": "client_secret_post",
                }
            ],
        }
        self.process = None

    def start(self):
        provider_available()
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(self.config, f)
            self.config_path = f.name
        self.process = subprocess.Popen(  # noqa: S603 (our own script, no shell)
            ["node", str(SCRIPT), self.config_path],  # noqa: S607
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in self.process.stdout:
            if line.startswith("listening"):
                break
        else:
            raise RuntimeError(f"The test provider {self.name} did not start")
        # Keep reading its output so that a full pipe never blocks it.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            os.unlink(self.config_path)

    def sign_in(self, authorize_url: str, login: str) -> str:
        """From the authorization URL Samsyn redirected to, sign in as `login` at the provider
        and return the callback URL (Samsyn's redirect_uri with code and state)."""
        browser = requests.Session()
        url = authorize_url
        for _ in range(10):
            response = browser.get(url, allow_redirects=False, timeout=10)
            if response.status_code in (302, 303):
                location = urljoin(url, response.headers["location"])
                if not location.startswith(self.issuer):
                    return location
                url = location
                continue
            assert response.status_code == 200, response.text
            assert "/login" in response.text, response.text
            form_url = url.rstrip("/") + "/login"
            response = browser.post(
                form_url, data={"login": login}, allow_redirects=False, timeout=10
            )
            assert response.status_code in (302, 303), response.text
            url = urljoin(form_url, response.headers["location"])
        raise AssertionError("The provider never sent the browser back to Samsyn")
