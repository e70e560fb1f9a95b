"""Attribute slots of a turn: the tagger's word-piece tags turned into values, plus the exact rules.

The turn model tags word pieces (BIO over ``SLOT_TYPES``); ``decode`` joins them into character
spans widened to whole words, so a typo'd product word ("hoddies") comes back as typed.
Order numbers and emails stay exact rules (a model adds nothing to a regular expression that is
right by construction). ``normalize`` gives the value handlers use: prices as numbers,
superlatives as one of three sort orders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from recsys.encoders.text import TokenStates
from recsys.scene.model import SLOT_TAGS

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# "1003." ends a sentence; "1003.50" is no order number
ORDER_NUMBER_RE = re.compile(r"(?<![\w$.@\-])#?(\d{4,10})(?![\w@%]|[.,]\d)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
SUPERLATIVE_WORDS = (
    ("cheapest", re.compile(r"cheap|low|least|afford|budget|inexpensive", re.I)),
    ("most expensive", re.compile(r"expensive|pric|premium|fanc|high(est)? price|dear|top of the range", re.I)),
    ("best rated", re.compile(r"rat|review|popular|best|sell|loved|top", re.I)),
)


# The words before a price say which bound it is; exact where they are present.
BOUND_BEFORE = (
    ("price_max", re.compile(r"\b(under|below|less than|cheaper than|max(imum)?|up to|at most|no more than|"
                             r"within|budget( is| of)?|and|to)\W*$", re.I)),
    ("price_min", re.compile(r"\b(over|above|more than|at least|min(imum)?|from|between|starting at)\W*$", re.I)),
)


@dataclass(frozen=True)
class Slot:
    """One slot value as the shopper typed it, with its character span."""

    name: str
    value: str
    start: int
    end: int


def parse_email(text: str) -> str | None:
    """The first email address in ``text``, lower-cased, or None."""
    m = EMAIL_RE.search(text or "")
    return m.group(0).lower() if m else None


# "same email", "its the same email as before", "use the same address": the email given earlier
SAME_EMAIL = re.compile(r"\bsame\s+(?:e-?mail|email address|address|one|account)\b", re.I)


# "sorry typo, its 1001", "wrong number, i meant 1002": an order number corrected, nothing said of the email
FIXED_NUMBER = re.compile(r"\b(?:typo|wrong (?:order )?(?:number|no\.?|#|one)|i meant|meant to (?:say|type|write)|"
                          r"mistyped|misspel\w*|misread|should (?:be|have been)|it'?s actually|its actually)\b|"
                          r"\d{4,}\W+not\s+#?\d{4,}\b", re.I)  # "its 1001 not 1004"


def says_same_email(text: str) -> bool:
    """Whether the words give the email as the one said before ("1001. same email", "sorry typo, its 1001")."""
    text = text or ""
    if parse_email(text) is not None:
        return False
    return bool(SAME_EMAIL.search(text)) or (parse_order_number(text) is not None and bool(FIXED_NUMBER.search(text)))


def parse_order_number(text: str) -> str | None:
    """The first 4-10 digit order number in ``text`` (an optional ``#``, leading zeros dropped), or None."""
    m = ORDER_NUMBER_RE.search(text or "")
    return m.group(1).lstrip("0") or "0" if m else None


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """A span grown to whole words (a tag on "hod" of "hoddies" covers the word)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def decode(text: str, tokens: TokenStates, tag_probs: np.ndarray) -> list[Slot]:
    """Slot spans from per-piece tag probabilities (pieces, len(SLOT_TAGS))."""
    slots: list[Slot] = []
    current: tuple[str, int, int] | None = None

    def close() -> None:
        if current is not None:
            name, a, b = current
            a, b = _widen(text, a, b)
            raw = text[a:b]
            value = raw.strip(" ,.;:!?")
            if value:
                a += len(raw) - len(raw.lstrip(" ,.;:!?"))
                slots.append(Slot(name, value, a, a + len(value)))

    n = min(len(tokens.offsets), len(tag_probs))
    for j in range(n):
        a, b = tokens.offsets[j]
        if b <= a:
            continue
        tag = SLOT_TAGS[int(tag_probs[j].argmax())]
        if tag == "O":
            close()
            current = None
            continue
        kind, name = tag.split("-", 1)
        # A piece that continues a word (no space before it) belongs to the span it follows.
        joined = current is not None and (kind == "I" or a == current[2]) and name == current[0]
        if joined and current is not None:
            current = (name, current[1], b)
        else:
            close()
            current = (name, a, b)
    close()
    return slots


def price_bound(text: str, slot: Slot) -> Slot:
    """A price slot named by the words just before it ("under $80" is a maximum, "over 40" a minimum)."""
    if slot.name not in ("price_min", "price_max"):
        return slot
    before = text[max(0, slot.start - 20):slot.start]
    for name, pattern in BOUND_BEFORE:
        if pattern.search(before):
            return Slot(name, slot.value, slot.start, slot.end)
    return slot


def rule_slots(text: str) -> list[Slot]:
    """The exact slots: order number and email."""
    out = []
    m = EMAIL_RE.search(text or "")
    if m:
        out.append(Slot("email", m.group(0), m.start(), m.end()))
    m = ORDER_NUMBER_RE.search(text or "")
    if m:
        out.append(Slot("order_number", m.group(1), m.start(1), m.end(1)))
    return out


def normalize(name: str, value: str) -> str | float:
    """The value a handler uses: a number for prices, a sort order for superlatives, lower-case text else."""
    if name in ("price_min", "price_max"):
        m = NUMBER.search(value)
        return float(m.group(0).replace(",", ".")) if m else value.lower().strip()
    if name == "superlative":
        for canonical, pattern in SUPERLATIVE_WORDS:
            if pattern.search(value):
                return canonical
    if name == "order_number":
        return value.lstrip("#").lstrip("0") or "0"
    return " ".join(value.lower().split())
