import gc
from collections.abc import Iterator

import pytest

from shared.streams.process import YOUNG_GC_THRESHOLD, settle_heap


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("restored_gc")
def test_settle_heap_freezes_start_up_objects_and_collects_young_ones_less_often() -> None:
    kept = [object(), {"a": 1}]  # what start-up built and the process keeps
    _, older, oldest = gc.get_threshold()
    settle_heap()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_threshold() == (YOUNG_GC_THRESHOLD, older, oldest)
    # Objects made after start-up are still collected: a cycle is freed.
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1
