"""Who is asking: the client's IP address as the site trusts it, and the network it counts by.

``request.remote_addr`` is the peer that opened the connection: the visitor, or the proxy
in front. Only with PROXY_FIX set (cms/http/headers.py) does it become the address that
proxy says it served, taken from X-Forwarded-For for exactly that many hops; a header the
visitor typed is never believed. So the address stored with a comment, the one the rate
limits and login throttle count, and the one in the audit log all come from here.
"""

import ipaddress

from flask import request


def client_ip() -> str:
    """Return the client's address as the site trusts it, or "" when the server gave none."""
    return request.remote_addr or ""


def client_network(address: str) -> str:
    """Return what the per-client limits count by: an IPv4 address, or an IPv6 /64.

    One IPv6 subscriber is handed a whole /64, so counting its addresses one by one would
    give a single client 2**64 fresh allowances.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
