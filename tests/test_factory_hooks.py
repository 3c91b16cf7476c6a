"""The factory registers every app-wide hook itself: no blueprint adds one when registered."""

from typing import Any

import pytest
from flask import Flask

from cms import create_app


def app_wide(app: Flask) -> dict[str, Any]:
    """Return what a blueprint could add to the whole app when it is registered."""
    return {
        "before_request": list(app.before_request_funcs.get(None, [])),
        "after_request": list(app.after_request_funcs.get(None, [])),
        "teardown_request": list(app.teardown_request_funcs.get(None, [])),
        "teardown_appcontext": list(app.teardown_appcontext_funcs),
        "context_processors": list(app.template_context_processors.get(None, [])),
        "url_value_preprocessors": list(app.url_value_preprocessors.get(None, [])),
        "url_defaults": list(app.url_default_functions.get(None, [])),
        "error_handlers": {
            code: dict(handlers) for code, handlers in app.error_handler_spec.get(None, {}).items()
        },
        "filters": dict(app.jinja_env.filters),
        "tests": dict(app.jinja_env.tests),
        "globals": dict(app.jinja_env.globals),
        "extensions": dict(app.extensions),
        "commands": dict(app.cli.commands),
    }


BLUEPRINTS = sorted(create_app({"TESTING": True}).blueprints.items())


@pytest.mark.parametrize(
    "blueprint", [bp for _name, bp in BLUEPRINTS], ids=[n for n, _ in BLUEPRINTS]
)
def test_registering_a_blueprint_adds_nothing_app_wide(blueprint):
    bare = Flask("bare")
    before = app_wide(bare)
    bare.register_blueprint(blueprint)
    assert app_wide(bare) == before


def test_the_factory_registers_the_hooks_the_blueprints_used_to(app):
    assert {"queue_body", "absolute", "xml_text", "w3c_date"} <= set(app.jinja_env.filters)
    assert {"cut_in_queue", "readable"} <= set(app.jinja_env.tests)
    assert "pending_badge" in {f.__name__ for f in app.template_context_processors[None]}
    assert "old_id_address" in {f.__name__ for f in app.before_request_funcs[None]}
