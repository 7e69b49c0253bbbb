"""JSON over HTTP to the drill's gunicorn, with a personal API token; never raises on a status,
and a connection that fails is status 0 (the drill counts it)."""

import http.client
import json
import time
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int
    body: dict | list | None
    headers: dict = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")


class Api:
    def __init__(self, port: int, token: str, *, timeout: float = 30):
        self.port, self.token, self.timeout = port, token, timeout

    def call(self, method: str, path: str, body=None, **headers: str) -> Answer:
        sent = {"Authorization": f"Bearer {self.token}", "Accept-Language": "sv", **headers}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            sent["Content-Type"] = "application/json"
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=payload, headers=sent)
            response = connection.getresponse()
            raw = response.read()
            got = {k.lower(): v for k, v in response.getheaders()}
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            return Answer(response.status, parsed, got, time.monotonic() - started)
        except (OSError, http.client.HTTPException) as exc:
            return Answer(0, None, {}, time.monotonic() - started, error=repr(exc))
        finally:
            connection.close()

    def get(self, path: str) -> Answer:
        return self.call("GET", path)

    def post(self, path: str, body=None, **headers: str) -> Answer:
        return self.call("POST", path, body or {}, **headers)
