"""Asking Samsyn for a page as a signed-in person: over HTTP (the benchmark) or in process (the
smoke test in the test suite). Both answer `get(path, user) -> measure.Response`."""

import http.client
import json
import re
import threading
import time
from urllib.parse import urlencode

from bench.measure import Response

PASSWORD = "samsyn-demo-2027"  # the demo people's (samsyn/demo/people.py)
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignInFailed(RuntimeError):
    pass


class HttpClient:
    """Plain HTTP to a server on loopback; each person signs in once through the login form.

    Production settings mark cookies Secure; this client sends them over loopback HTTP all the
    same (a browser would not), which is what lets the benchmark run without TLS.
    """

    def __init__(self, host: str, port: int, *, timeout: float = 600):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()

    def _request(  # noqa: PLR0913 (one request's parts)
        self,
        method: str,
        path: str,
        *,
        cookies: dict,
        body: str | None = None,
        sink=None,
        extra: dict | None = None,
    ) -> tuple[int, dict, int, bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "sv"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers.update(extra or {})
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            size, kept = 0, b""
            while chunk := response.read(65536):
                size += len(chunk)
                if sink is not None and len(kept) < 200_000:
                    kept += chunk
            return response.status, response.headers, size, kept
        finally:
            connection.close()

    @staticmethod
    def _set_cookies(jar: dict, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            jar[name.strip()] = value.strip()

    def sign_in(self, user: str) -> dict:
        with self._lock:
            if user in self.cookies:
                return self.cookies[user]
            jar: dict[str, str] = {}
            status, headers, _size, html = self._request(
                "GET", "/logga-in/", cookies=jar, sink=True
            )
            self._set_cookies(jar, headers)
            token = _CSRF_FIELD.search(html.decode("utf-8", "replace"))
            if status != 200 or token is None:
                raise SignInFailed(f"the login page answered {status}")
            body = urlencode(
                {
                    "username": user,
                    "password": PASSWORD,
                    "next": "/",
                    "csrfmiddlewaretoken": token.group(1),
                }
            )
            status, headers, _size, _html = self._request(
                "POST", "/logga-in/", cookies=jar, body=body
            )
            self._set_cookies(jar, headers)
            if status != 302:
                raise SignInFailed(f"{user} could not sign in (status {status})")
            self.cookies[user] = jar
            return jar

    def get(self, path: str, user: str) -> Response:
        jar = self.sign_in(user)
        started = time.perf_counter()
        try:
            status, _headers, size, _ = self._request("GET", path, cookies=jar)
        except (OSError, http.client.HTTPException) as exc:
            return Response(0, 0, (time.perf_counter() - started) * 1000, error=repr(exc))
        return Response(status, size, (time.perf_counter() - started) * 1000)

    def api(self, method: str, path: str, token: str, body: dict | None = None) -> Response:
        """One API call with a personal token (`Authorization: Bearer`), JSON in and out, as a
        care provider's own system calls it."""
        extra = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body)
            extra["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            status, _headers, size, kept = self._request(
                method, path, cookies={}, body=data, sink=True, extra=extra
            )
        except (OSError, http.client.HTTPException) as exc:
            return Response(0, 0, (time.perf_counter() - started) * 1000, error=repr(exc))
        error = kept[:300].decode("utf-8", "replace") if status >= 400 else ""  # noqa: PLR2004
        return Response(status, size, (time.perf_counter() - started) * 1000, error=error)


class InProcessClient:
    """Django's test client, for the smoke test: the same figures, no server, no timing claims."""

    def __init__(self):
        from django.test import Client

        self._clients: dict[str, Client] = {}
        self._make = Client

    def get(self, path: str, user: str) -> Response:
        from django.contrib.auth import get_user_model

        if user not in self._clients:
            client = self._make()
            client.force_login(get_user_model().objects.get(username=user))
            self._clients[user] = client
        started = time.perf_counter()
        response = self._clients[user].get(path)
        size = (
            sum(len(c) for c in response.streaming_content)
            if response.streaming
            else len(response.content)
        )
        return Response(response.status_code, size, (time.perf_counter() - started) * 1000)

    def api(self, method: str, path: str, token: str, body: dict | None = None) -> Response:
        client = self._make(HTTP_AUTHORIZATION=f"Bearer {token}")
        started = time.perf_counter()
        if body is None:
            response = client.generic(method, path)
        else:
            response = client.generic(
                method, path, json.dumps(body), content_type="application/json"
            )
        error = "" if response.status_code < 400 else response.content.decode()[:300]  # noqa: PLR2004
        return Response(
            response.status_code,
            len(response.content),
            (time.perf_counter() - started) * 1000,
            error=error,
        )
