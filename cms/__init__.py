"""The application factory."""

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from . import config, database
from .extensions import csrf, db, limiter, login_manager, migrate
from .http import headers, session_cookie

ROOT = Path(__file__).resolve().parent.parent
# The address `make run` serves (from its HOST and PORT): SITE_URL when none is set.
DEV_SITE_URL = "CMS_DEV_SITE_URL"
# Apart from the database file, so a copy of the database alone reveals no address.
EMAIL_KEY_FILE = "email_key"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app: defaults, instance/config.py, FLASK_ variables, then test overrides."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Flask's signed session cookie, its serializer built once, not twice per request.
    app.session_interface = session_cookie.SessionCookie()
    # Owner-only: it holds the database, the keys and the secret (made 0600 each).
    Path(app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    _finish_config(app)

    from .http import bounds

    # First: rules take their <int:> converter when added, and the UTF-8 check reads the
    # form raw before CSRFProtect's hook parses it.
    bounds.register(app)
    db.init_app(app)
    with app.app_context():
        database.tune(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)

    from . import admin, cli, templating
    from .accounts import login
    from .articles import feeds, search, shared_page, topics
    from .articles import pages as public
    from .comments import own_page, page_parts
    from .comments import views as comment_views
    from .http import errors
    from .http.caching import register as register_caching
    from .http.fast_path import register as register_fast_path
    from .mail import links as maillinks
    from .privacy.forget_me import bp as forget_bp
    from .privacy.your_data import bp as your_data_bp
    from .wxr import redirects as wxr_redirects

    app.register_blueprint(public.bp)
    app.register_blueprint(comment_views.bp)
    app.register_blueprint(login.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(maillinks.bp)
    app.register_blueprint(own_page.bp)
    app.register_blueprint(wxr_redirects.bp)
    app.register_blueprint(topics.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(forget_bp)
    app.register_blueprint(your_data_bp)
    _register_app_hooks(app)
    errors.register(app)
    templating.register(app)
    cli.register(app)
    headers.register(app)
    register_caching(app)
    # The comment form's parts of shared pages, registered with the cache the line above made.
    page_parts.register(app)
    register_fast_path(app)
    # A remembered reader's kept copy of an article page, answered by the layer just added.
    shared_page.register(app)
    # Last, so outermost: every layer below sees the mount point SITE_URL names.
    headers.fix_mount_point(app)
    return app


def _register_app_hooks(app: Flask) -> None:
    """Register the app-wide hooks that live beside a blueprint's views, each named here."""
    from .admin import pending_badge, queue
    from .articles import feeds
    from .comments import visible
    from .mail import outbox
    from .wxr import redirects

    # Mail is delivered after every commit that added some, whatever view committed it.
    outbox.init_app(app)
    # /?p=ID and /?page_id=ID are answered before the front page's view (and its cache).
    app.before_request(redirects.old_id_address)
    app.context_processor(pending_badge)
    app.add_template_filter(queue.queue_body, "queue_body")
    app.add_template_test(queue.cut_in_queue, "cut_in_queue")
    # Public templates ask the comments' one visibility rule, never restate it.
    app.add_template_test(visible.is_readable, "readable")
    app.add_template_filter(feeds.absolute, "absolute")
    app.add_template_filter(feeds.xml_text, "xml_text")
    app.add_template_filter(feeds.w3c_date, "w3c_date")


def _finish_config(app: Flask) -> None:
    """Derive the settings that depend on others or on the instance folder."""
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
    if not app.config.get("EMAIL_KEY"):
        app.config["EMAIL_KEY"] = _instance_secret(Path(app.instance_path) / EMAIL_KEY_FILE)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        app.config.get("DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or "sqlite:///" + str(Path(app.instance_path) / "cms.sqlite3")
    )
    # The "keep me logged in" cookie is as secret as the session's: Secure when it is.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE"))
    # A fallback only: a SITE_URL from instance/config.py or FLASK_SITE_URL always wins.
    if not app.config.get("SITE_URL") and os.environ.get(DEV_SITE_URL):
        app.config["SITE_URL"] = os.environ[DEV_SITE_URL]
        _say_where_links_point(app, os.environ[DEV_SITE_URL])
    elif not app.config.get("SITE_URL"):
        _say_where_links_point(app, None)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **database.engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config),
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _say_where_links_point(app: Flask, dev_url: str | None) -> None:
    """Warn once per process when the site has no public address for its absolute links."""
    if app.testing or (dev_url and _is_loopback(dev_url)):
        return
    if dev_url:
        message = (
            f"SITE_URL is not set, so links use {dev_url}, the address `make run` serves. "
            "It is not a loopback address: visitors on other machines will get links they "
            "cannot open. Set SITE_URL to the address readers use."
        )
    else:
        message = (
            "SITE_URL is not set: feeds, the sitemap, robots.txt and canonical links are "
            "left relative and mailed links are left out. Set FLASK_SITE_URL (or SITE_URL "
            "in instance/config.py) to the address readers use, e.g. https://notes.example.org."
        )
    if message not in _warned:
        _warned.add(message)
        app.logger.warning(message)


_warned: set[str] = set()


def _instance_secret(path: Path) -> str:
    """Read the secret kept in the instance folder, generating it on first use."""
    if not path.exists():
        # Written aside and linked into place, so workers starting together agree on one key.
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
