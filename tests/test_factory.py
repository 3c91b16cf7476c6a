"""The factory: where the app finds its folders, and which settings win."""

import importlib.util
import stat
from pathlib import Path

import pytest
from flask import Flask

import cms
from cms import create_app
from cms.cli import setup_database
from cms.extensions import db

REPO = Path(__file__).resolve().parent.parent
# Variables a developer's shell may carry that would change what these tests see.
AMBIENT = (
    "DATABASE_URL",
    "FLASK_DATABASE_URL",
    "FLASK_SECRET_KEY",
    "FLASK_SITE_NAME",
    "FLASK_EMAIL_KEY",
)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the factory at a copy of the project whose instance folder is empty and private."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("templates", "static", "migrations"):
        (root / name).symlink_to(REPO / name)
    monkeypatch.setattr(cms, "ROOT", root)
    for name in AMBIENT:
        monkeypatch.delenv(name, raising=False)
    return root


def _front_page(app: Flask) -> str:
    with app.app_context():
        setup_database()
    try:
        return app.test_client().get("/").get_data(as_text=True)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_app_uses_the_templates_static_and_instance_folders_beside_the_package(app, client):
    assert Path(app.template_folder) == REPO / "templates"
    assert Path(app.static_folder) == REPO / "static"
    assert Path(app.instance_path) == REPO / "instance"
    with client.get("/static/style.css") as stylesheet:
        assert stylesheet.status_code == 200
    assert '<header class="site-header">' in client.get("/").get_data(as_text=True)


def test_instance_config_overrides_defaults_and_environment_overrides_both(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (root / "instance").mkdir()
    (root / "instance" / "config.py").write_text(
        'SITE_NAME = "Instance Notes"\nQUEUE_PAGE_SIZE = 7\nTHREAD_DEPTH = 3\n'
    )
    monkeypatch.setenv("FLASK_SITE_NAME", "Environment Notes")
    monkeypatch.setenv("FLASK_THREAD_DEPTH", "4")
    app = create_app(
        {
            "SECRET_KEY": "test secret",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cms.sqlite3'}",
            "THREAD_DEPTH": 2,
        }
    )
    assert app.config["COMMENTER_COOKIE_DAYS"] == 365  # default, overridden by nobody
    assert app.config["QUEUE_PAGE_SIZE"] == 7  # instance config beats the default
    assert app.config["SITE_NAME"] == "Environment Notes"  # FLASK_ variable beats instance
    assert app.config["THREAD_DEPTH"] == 2  # the test mapping beats everything
    page = _front_page(app)
    assert '<p class="site-name"><a href="/">Environment Notes</a></p>' in page
    assert "Instance Notes" not in page and "Recovery Notes" not in page


@pytest.mark.parametrize("variable", ["DATABASE_URL", "FLASK_DATABASE_URL"])
def test_database_url_from_the_environment_becomes_the_database(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
):
    database = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv(variable, f"sqlite:///{database}")
    app = create_app({"SECRET_KEY": "test secret"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert "I Relapsed On Heroin, Now What?" in _front_page(app)
    assert database.exists()
    assert not (root / "instance" / "cms.sqlite3").exists()


def test_without_database_url_the_database_is_a_file_in_the_instance_folder(root: Path):
    app = create_app({"SECRET_KEY": "test secret"})
    database = root / "instance" / "cms.sqlite3"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert "I Relapsed On Heroin, Now What?" in _front_page(app)
    assert database.exists()


def test_without_secret_key_one_is_generated_once_into_the_instance_folder(root: Path):
    first = create_app({"DATABASE_URL": "sqlite://"})
    key_file = root / "instance" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 32
    assert first.config["SECRET_KEY"] == key
    second = create_app({"DATABASE_URL": "sqlite://"})
    assert second.config["SECRET_KEY"] == key
    assert key_file.read_text().strip() == key
    # The drafts written aside before linking into place are gone; the email key, generated
    # the same way, sits beside the secret key and apart from the database.
    assert sorted(p.name for p in (root / "instance").iterdir()) == ["email_key", "secret_key"]
    email_key = root / "instance" / "email_key"
    assert stat.S_IMODE(email_key.stat().st_mode) == 0o600
    assert first.config["EMAIL_KEY"] == second.config["EMAIL_KEY"] == email_key.read_text()
    assert first.config["EMAIL_KEY"] != key


def test_an_existing_instance_secret_key_is_read_not_replaced(root: Path):
    (root / "instance").mkdir()
    (root / "instance" / "secret_key").write_text("kept from an earlier start\n")
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert app.config["SECRET_KEY"] == "kept from an earlier start"


def test_a_configured_secret_key_leaves_the_instance_folder_without_a_key_file(
    root: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("FLASK_SECRET_KEY", "from the environment")
    app = create_app({"DATABASE_URL": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from the environment"
    assert not (root / "instance" / "secret_key").exists()


def test_wsgi_module_exposes_a_working_app(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    database = tmp_path / "wsgi.sqlite3"
    monkeypatch.setenv("FLASK_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("FLASK_SECRET_KEY", "wsgi secret")
    spec = importlib.util.spec_from_file_location("wsgi_under_test", REPO / "wsgi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    assert isinstance(module.app, Flask)
    assert module.app.config["SECRET_KEY"] == "wsgi secret"
    assert module.app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert "Why Relapse into Opioid Addiction Is Not the End" in _front_page(module.app)
    assert not (root / "instance" / "secret_key").exists()
