"""Personal data never reaches a log file.

Shoppers type emails, phone numbers and sometimes card numbers; they also reach logs indirectly
(a database error quotes its parameters, a framework logs the request it failed on). The filter
below masks them in the rendered message *and* in the traceback text, on every handler it is
attached to, so no call site has to remember.
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,24}")
# 13-19 digits, optionally in groups: card numbers (checked with Luhn so order numbers survive).
CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
# Phone numbers: an optional +country code, then 9-15 digits with the usual separators.
PHONE = re.compile(r"(?<![\w+])\+?\d[\d\s().-]{7,18}\d(?!\w)")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _mask_email(match: re.Match) -> str:
    local, _, domain = match.group(0).partition("@")
    return f"{local[:1]}***@{domain}"


def _mask_card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return f"[card ****{digits[-4:]}]" if _luhn(digits) else match.group(0)


def _mask_phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) < 9:  # dates, prices, order numbers stay readable
        return match.group(0)
    return f"[phone ***{digits[-2:]}]"


def mask(text: str) -> str:
    """The text with emails, card numbers and phone numbers masked."""
    if not text:
        return text
    text = EMAIL.sub(_mask_email, text)
    text = CARD.sub(_mask_card, text)
    return PHONE.sub(_mask_phone, text)


class MaskingFilter(logging.Filter):
    """Attach to handlers: renders the record once, masked, and drops the raw arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record's message, traceback and stack in place; never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string is logged as it stands
            message = str(record.msg)
        record.msg, record.args = mask(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Put the masking filter on every handler of ``logger`` (default: the root logger)."""
    logger = logger or logging.getLogger()
    for handler in logger.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
