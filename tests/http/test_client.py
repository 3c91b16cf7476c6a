"""The client's address: the peer's, or the proxy's word for it only with PROXY_FIX."""

from pathlib import Path

import pytest
from flask import Flask

from cms.http.client import client_ip, client_network

CMS = Path(__file__).resolve().parents[2] / "cms"
FORWARDED = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "127.0.0.1"}


@pytest.mark.parametrize(
    ("config", "expected"),
    [({}, "127.0.0.1"), ({"PROXY_FIX": None}, "127.0.0.1"), ({"PROXY_FIX": 1}, "203.0.113.9")],
)
def test_a_forwarded_address_is_believed_only_behind_a_configured_proxy(app_with, config, expected):
    app: Flask = app_with(**config)
    seen = []
    app.add_url_rule("/whoami", "whoami", lambda: seen.append(client_ip()) or "")
    app.test_client().get("/whoami", environ_base=FORWARDED)
    assert seen == [expected]


def test_a_server_that_names_no_peer_gives_an_empty_address(app: Flask):
    with app.test_request_context(environ_base={"REMOTE_ADDR": None}):
        assert client_ip() == ""


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("", ""),
        ("not an address", "not an address"),
    ],
)
def test_limits_count_an_ipv6_client_by_its_64(address, network):
    assert client_network(address) == network


def test_only_the_client_module_reads_the_peer_address():
    readers = [
        path.relative_to(CMS).as_posix()
        for path in CMS.rglob("*.py")
        if "remote_addr" in path.read_text() and path != CMS / "http" / "client.py"
    ]
    assert readers == []
