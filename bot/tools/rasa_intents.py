"""Prints the trained Rasa model's parse of each text: a JSON list of texts in, a JSON list of parses out.

Usage: ``python bot/tools/rasa_intents.py MODEL OUT_FILE``; the texts come on stdin, the parses
(``{"intent": name or null, "entities": [{"entity", "value"}, ...]}``) go to OUT_FILE (not
stdout, where Rasa prints).

Runs in the Rasa venv (Python 3.10) for `recsys eval-scene`, whose Rasa baseline maps the bot's
own DIET intent to a scene and an act, and its entities to slots. Kept out of recsys/ because
recsys must import without Rasa.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys


async def main(model_path: str, out_path: str) -> None:
    """Parse each text on stdin with the model and write intents and entities (None for empty text)."""
    from rasa.core.agent import Agent

    texts = json.load(sys.stdin)
    agent = Agent.load(model_path)
    out = []
    for text in texts:
        parsed = await agent.parse_message(text) if text.strip() else {"intent": {"name": None}}
        out.append({"intent": (parsed.get("intent") or {}).get("name"),
                    "entities": [{"entity": e.get("entity"), "value": e.get("value")}
                                 for e in parsed.get("entities") or []]})
    with open(out_path, "w", encoding="utf-8") as fh:  # not stdout: Rasa prints there
        json.dump(out, fh)


if __name__ == "__main__":
    os.environ["RECSYS_UNDERSTAND_URL"] = "off"  # DIET alone: this is the baseline, not the turn model
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    logging.disable(logging.WARNING)
    asyncio.run(main(sys.argv[1], sys.argv[2]))
