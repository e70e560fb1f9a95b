"""`make shell`'s terminal chat (bot/tools/chat.py) over the real REST channel: readable text, no JSON."""

from __future__ import annotations

import subprocess
import sys

from tests.stack import ROOT


def test_terminal_chat_prints_text_only_and_keeps_the_conversation(chat_stack):
    lines = "men's hoodies\ndoes the first one come in black?\n/photo /no/such.jpg\n/quit\n"
    done = subprocess.run([sys.executable, "bot/tools/chat.py", "--url", chat_stack["rasa"], "--sender", "term-1"],
                          cwd=ROOT, input=lines, capture_output=True, text=True, timeout=180)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert "\n     1. " in out and "Hoodie" in out  # the list as text lines
    assert "{" not in out and '"type"' not in out  # no raw payloads
    answer = out.split("you> ")[2]  # the reply to the question about the first hoodie
    assert "comes in" in answer or "come in" in answer
    assert "no such file" in out
