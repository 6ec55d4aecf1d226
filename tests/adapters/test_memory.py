"""Settling the heap after start-up: garbage collected first, what lives on frozen."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from backcoach.adapters.memory import settle_heap


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the other tests run with a collector that sees everything again


def test_start_up_garbage_is_freed_and_what_lives_on_is_frozen(unfrozen) -> None:
    garbage = _Node()
    gone = weakref.ref(garbage)
    del garbage
    kept = [_Node() for _ in range(1000)]
    assert gc.get_freeze_count() == 0

    settle_heap()

    assert gone() is None, "the garbage of start-up is collected, not frozen"
    assert gc.get_freeze_count() >= len(kept)
    later = _Node()
    tracked = {id(obj) for obj in gc.get_objects()}
    assert id(later) in tracked and id(kept[0]) not in tracked  # only later objects are seen
