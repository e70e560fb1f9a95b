"""The load check's stored-vs-said comparison: failed turns may or may not have been stored."""

from scripts.bench_load import Turn, same_turns


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
