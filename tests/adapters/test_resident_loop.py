"""The resident tray's select loop: timers on a fake clock, readers on real pipes."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

import pytest

from backcoach.adapters.event_loop import SelectLoop
from tests.fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def loop(clock: FakeClock) -> Iterator[SelectLoop]:
    loop = SelectLoop(monotonic=clock.monotonic)
    yield loop
    loop.close()


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read_end, write_end = os.pipe()
    yield read_end, write_end
    for fd in (read_end, write_end):
        with contextlib.suppress(OSError):
            os.close(fd)


def test_timers_fire_in_order_of_due_time_and_not_before(loop, clock, pipe) -> None:
    loop.add_reader(pipe[0], lambda: None)  # something to select on, so no real sleep
    fired: list[str] = []
    loop.call_later(20, lambda: fired.append("twenty"))
    loop.call_later(5, lambda: fired.append("five"))
    loop.call_later(10, lambda: fired.append("ten"))
    clock.advance(4.9)
    loop.run_once(max_wait_s=0)
    assert fired == []
    clock.advance(0.1)
    loop.run_once(max_wait_s=0)
    assert fired == ["five"]
    clock.advance(30)
    loop.run_once(max_wait_s=0)
    assert fired == ["five", "ten", "twenty"]


def test_timers_due_at_the_same_moment_fire_in_the_order_they_were_set(loop, clock) -> None:
    fired: list[int] = []
    for n in range(5):
        loop.call_later(1, lambda n=n: fired.append(n))
    clock.advance(1)
    loop.run_once(max_wait_s=0)
    assert fired == [0, 1, 2, 3, 4]


def test_a_cancelled_timer_never_fires(loop, clock) -> None:
    fired: list[str] = []
    kept = loop.call_later(1, lambda: fired.append("kept"))
    dropped = loop.call_later(1, lambda: fired.append("dropped"))
    dropped.cancel()
    clock.advance(2)
    loop.run_once(max_wait_s=0)
    assert fired == ["kept"]
    assert not kept.cancelled


def test_a_negative_delay_fires_at_the_next_round(loop) -> None:
    fired: list[str] = []
    loop.call_later(-5, lambda: fired.append("now"))
    loop.run_once(max_wait_s=0)
    assert fired == ["now"]


def test_run_once_waits_only_until_the_next_timer() -> None:
    loop = SelectLoop()  # the real clock: the wait must be bounded by the timer
    read_end, write_end = os.pipe()
    try:
        loop.add_reader(read_end, lambda: None)
        fired: list[str] = []
        loop.call_later(0.05, lambda: fired.append("due"))
        loop.run_once()  # no max wait: only the timer ends the select
        assert fired == ["due"]
    finally:
        loop.close()
        os.close(read_end)
        os.close(write_end)


def test_a_reader_fires_when_its_pipe_has_data(loop, pipe) -> None:
    read_end, write_end = pipe
    got: list[bytes] = []
    loop.add_reader(read_end, lambda: got.append(os.read(read_end, 100)))
    loop.run_once(max_wait_s=0)
    assert got == []
    os.write(write_end, b"hello")
    loop.run_once(max_wait_s=0)
    assert got == [b"hello"]


def test_adding_a_reader_again_replaces_its_callback(loop, pipe) -> None:
    read_end, write_end = pipe
    got: list[str] = []
    loop.add_reader(read_end, lambda: got.append("first"))
    loop.add_reader(read_end, lambda: (got.append("second"), os.read(read_end, 100)))
    os.write(write_end, b"x")
    loop.run_once(max_wait_s=0)
    assert got == ["second"]


def test_a_removed_reader_is_no_longer_called(loop, pipe) -> None:
    read_end, write_end = pipe
    got: list[str] = []
    loop.add_reader(read_end, lambda: got.append("read"))
    loop.remove_reader(read_end)
    loop.remove_reader(read_end)  # twice is harmless
    os.write(write_end, b"x")
    loop.add_reader(pipe[1], lambda: None)  # keep something to select on
    loop.run_once(max_wait_s=0)
    assert got == []


def test_a_reader_removed_by_another_callback_in_the_same_round_is_skipped(loop) -> None:
    """Both pipes are ready; whichever callback runs first closes the other pipe and
    watches a new one, which likely reuses the closed descriptor's number. Neither the
    removed callback nor the new one (it has no data: reading would block) may run."""
    first = os.pipe()
    second = os.pipe()
    called: list[str] = []
    replacement: list[tuple[int, int]] = []

    def make_callback(name: str, own: tuple[int, int], other: tuple[int, int]):
        def callback() -> None:
            called.append(name)
            os.read(own[0], 100)
            if replacement:
                return
            loop.remove_reader(other[0])
            os.close(other[0])
            os.close(other[1])
            fresh = os.pipe()
            os.set_blocking(fresh[0], False)  # a wrong read fails instead of hanging
            replacement.append(fresh)
            loop.add_reader(fresh[0], lambda: called.append("new reader"))

        return callback

    loop.add_reader(first[0], make_callback("first", first, second))
    loop.add_reader(second[0], make_callback("second", second, first))
    os.write(first[1], b"x")
    os.write(second[1], b"x")
    try:
        loop.run_once(max_wait_s=0)
        assert len(called) == 1, called
        survivor = first if called == ["first"] else second
        # the replacement reader works in later rounds
        os.write(replacement[0][1], b"y")
        loop.run_once(max_wait_s=0)
        assert called[1:] == ["new reader"]
    finally:
        for fd in (*survivor, *replacement[0]):
            os.close(fd)


def test_stop_ends_run_after_the_current_callback(loop, clock, pipe) -> None:
    loop.add_reader(pipe[0], lambda: None)
    rounds: list[int] = []

    def tick() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 3:
            loop.stop()
        else:
            loop.call_later(0, tick)

    loop.call_later(0, tick)
    loop.run()
    assert rounds == [0, 1, 2]


def test_a_signal_byte_on_a_watched_pipe_stops_a_real_run(pipe) -> None:
    """As in the tray process: a wake-up pipe ends ``run()`` from outside."""
    loop = SelectLoop()
    read_end, write_end = pipe
    loop.add_reader(read_end, loop.stop)
    gave_up: list[bool] = []
    loop.call_later(5, lambda: (gave_up.append(True), loop.stop()))
    threading.Timer(0.05, lambda: os.write(write_end, b"\0")).start()
    try:
        loop.run()
    finally:
        loop.close()
    assert not gave_up


def test_a_loop_with_nothing_to_wait_for_says_so(loop) -> None:
    with pytest.raises(RuntimeError):
        loop.run_once()


def test_a_failing_callback_is_reported_and_the_loop_goes_on(loop, clock, capsys) -> None:
    fired: list[str] = []

    def broken() -> None:
        raise ValueError("boom")

    loop.call_later(1, broken)
    loop.call_later(1, lambda: fired.append("next"))
    clock.advance(2)
    loop.run_once(max_wait_s=0)
    assert fired == ["next"], "the reminders keep running after one bad event"
    assert loop.errors == 1
    assert "boom" in capsys.readouterr().err
