"""Unbound extension objects, bound to the app in the factory."""

import ipaddress

from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter them later, on SQLite (batch mode) as on PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


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


def limit_key() -> str:
    """Key Flask-Limiter's counts on the client's network (request.remote_addr, which
    PROXY_FIX makes the visitor's own)."""
    return client_network(request.remote_addr or "")


# No default limits: only the views that name a limit are counted (comment posting first).
limiter = Limiter(key_func=limit_key)
