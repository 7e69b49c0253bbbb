"""The web server's access log keeps no personal identity number (issue 18): a search for the
patient's number is in the request line and, on the next page, in the Referer."""

import datetime
import importlib
import types

import pytest
from gunicorn.config import Config


@pytest.fixture
def logger_class(monkeypatch):
    """Gunicorn's configuration module, read without leaving its environment behind (it
    sets the web processes' statement timeout)."""
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    return importlib.import_module("samsyn.gunicorn_config").RedactingLogger


@pytest.mark.parametrize(
    "query",
    ["q=19121212-1212", "q=191212121212", "q=19121212%E2%80%931212", "q=1912+1212-1212"],
)
def test_the_access_log_line_holds_no_personal_identity_number(logger_class, query):
    config = Config()
    config.set("accesslog", "-")
    logger = logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/avvikelser/?{query}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/avvikelser/",
        "QUERY_STRING": query,
        "HTTP_REFERER": f"https://samsyn.example.se/avvikelser/?{query}",
        "REMOTE_ADDR": "192.0.2.1",
    }
    resp = types.SimpleNamespace(status="200 OK", sent=100, headers=[])
    req = types.SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    atoms = logger.atoms(resp, req, environ, datetime.timedelta(microseconds=5))
    line = logger.cfg.access_log_format % atoms
    assert "1212" not in line
    assert "[personnummer]" in line
    assert "GET /avvikelser/?q=[personnummer]" in line


def test_an_ordinary_request_is_logged_as_it_came(logger_class):
    config = Config()
    logger = logger_class(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/avvikelser/?q=l%C3%A4kemedel&page=2",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "q=l%C3%A4kemedel&page=2",
    }
    resp = types.SimpleNamespace(status="200 OK", sent=1, headers=[])
    atoms = logger.atoms(resp, types.SimpleNamespace(headers=[]), environ, datetime.timedelta())
    assert atoms["r"] == "GET /avvikelser/?q=l%C3%A4kemedel&page=2 HTTP/1.1"
