"""The load check's stored-vs-said comparison (failed turns may or may not have been stored), and its CPU reading."""

import os
import sys
from types import SimpleNamespace

import pytest

from scripts.bench_load import Turn, cpu_seconds, same_turns


def _turn(text: str, status: int = 200, error: str = "") -> Turn:
    return Turn("s", text, 0.0, 0.0, status, "" if error else "ok", error)


def test_answered_turns_must_be_stored_in_order():
    said = [_turn("hi"), _turn("where is my order?")]
    assert same_turns(["hi", "where is my order?"], said)
    assert not same_turns(["hi"], said)
    assert not same_turns(["where is my order?", "hi"], said)
    assert not same_turns(["hi", "where is my order?", "extra"], said)


def test_a_timed_out_turn_may_or_may_not_be_stored():
    said = [_turn("hi"), _turn("thanks", 504, "HTTP 504"), _turn("bye")]
    assert same_turns(["hi", "thanks", "bye"], said)
    assert same_turns(["hi", "bye"], said)


def test_a_timed_out_message_said_again_is_stored_once():
    # CI, stop 41: the 504'd 'what do you know about me?' was not stored, its retry was.
    said = [_turn("a"), _turn("what do you know about me?", 504, "HTTP 504"), _turn("what do you know about me?")]
    assert same_turns(["a", "what do you know about me?"], said)
    assert same_turns(["a", "what do you know about me?", "what do you know about me?"], said)
    assert not same_turns(["a"], said)


def test_a_refused_turn_must_not_be_stored():
    said = [_turn("hi"), _turn("spam", 429, "HTTP 429")]
    assert same_turns(["hi"], said)
    assert not same_turns(["hi", "spam"], said)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_cpu_seconds_are_what_the_process_used():
    stack = {"stack": SimpleNamespace(procs={"me": SimpleNamespace(pid=os.getpid()),
                                             "gone": SimpleNamespace(pid=2 ** 22 + 1)})}
    before = cpu_seconds(stack)
    sum(i * i for i in range(3_000_000))  # some CPU time of our own
    after, times = cpu_seconds(stack), os.times()
    assert set(after) == {"me"}  # a process that is not there is left out
    assert after["me"] - before["me"] > 0.05
    assert abs(after["me"] - (times.user + times.system)) < 0.05
