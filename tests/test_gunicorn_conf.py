"""The production gunicorn settings: what the master does before it forks a worker."""

import gc
import runpy
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PreFork = Callable[[object, object], None]


class Held:
    """Something the master made, told apart from everything else in the heap."""

    def __init__(self) -> None:
        self.itself = self  # a cycle: only the collector can free it


@pytest.fixture
def pre_fork() -> Iterator[PreFork]:
    gc.unfreeze()
    yield runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["pre_fork"]
    # The test process goes on collecting as before.
    gc.unfreeze()


def helds() -> int:
    return sum(type(o) is Held for o in gc.get_objects())


def test_the_master_freezes_what_it_holds_before_each_fork(pre_fork: PreFork) -> None:
    kept = Held()
    pre_fork(None, None)
    # Frozen: no collection in a worker walks it, so its page stays shared.
    assert helds() == 0
    gc.unfreeze()
    assert helds() == 1
    del kept


def test_the_master_frees_its_garbage_rather_than_freezing_it(pre_fork: PreFork) -> None:
    Held()
    pre_fork(None, None)
    gc.unfreeze()
    assert helds() == 0
