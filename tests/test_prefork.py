"""What the gunicorn master prepares before forking: templates compiled, the code hashed."""

import runpy
from pathlib import Path
from types import SimpleNamespace

from flask import Flask

from cms import prefork

ROOT = Path(__file__).resolve().parents[1]


def compiled(app: Flask) -> set[str]:
    """Return the names of the templates the app's environment holds compiled."""
    return {name for _loader, name in app.jinja_env.cache}


def test_warming_compiles_every_template_and_hashes_the_code(app: Flask) -> None:
    app.jinja_env.cache.clear()
    app.extensions.pop("CACHE_VERSION", None)
    prefork.warm(app)
    assert {"base.html", "public/article.html"} <= compiled(app)
    assert set(app.jinja_env.list_templates(extensions=("html", "txt", "xml"))) <= compiled(app)
    assert len(app.extensions["CACHE_VERSION"]) == 16


def test_a_template_that_does_not_compile_is_left_to_its_page(app: Flask, tmp_path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("{% if %}")
    app.jinja_loader.searchpath.append(str(tmp_path))
    app.jinja_env.cache.clear()
    prefork.warm(app)
    assert "base.html" in compiled(app) and "broken.html" not in compiled(app)


def test_gunicorn_warms_the_preloaded_app_when_ready(app: Flask) -> None:
    app.jinja_env.cache.clear()
    server = SimpleNamespace(
        cfg=SimpleNamespace(preload_app=True), app=SimpleNamespace(wsgi=lambda: app)
    )
    runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["when_ready"](server)
    assert "public/article.html" in compiled(app)


def test_gunicorn_loads_nothing_in_the_master_when_the_app_is_not_preloaded(app: Flask) -> None:
    app.jinja_env.cache.clear()
    server = SimpleNamespace(cfg=SimpleNamespace(preload_app=False), app=None)
    runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["when_ready"](server)
    assert compiled(app) == set()


def test_gunicorn_serving_a_callable_that_is_not_the_app_warms_nothing(app: Flask) -> None:
    app.jinja_env.cache.clear()
    server = SimpleNamespace(
        cfg=SimpleNamespace(preload_app=True), app=SimpleNamespace(wsgi=lambda: app.wsgi_app)
    )
    runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["when_ready"](server)
    assert compiled(app) == set()
