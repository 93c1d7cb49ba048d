import gc

import pytest

from samkart.gcpause import paused_gc


def test_paused_gc_restores_the_collector_also_on_error():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the outer pause still holds afterwards
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError
    assert gc.isenabled()


def test_paused_gc_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_lasts_is_frozen_out_of_the_collectors_sight():
    try:
        with paused_gc(lasting=True):
            kept = [[] for _ in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= 1000
        assert kept
    finally:
        gc.unfreeze()
