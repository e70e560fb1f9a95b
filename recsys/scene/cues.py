"""Exact cues that overrule the turn model's act where the words leave no doubt.

Only phrases with one meaning in a shop chat belong here: "forget it" / "never mind" always
cancel the task at hand, whatever else the message says ("forget it, i'll check later").
"""

from __future__ import annotations

import re
from dataclasses import replace

from recsys.scene.detector import SceneDecision

# At the start of the message or of one of its clauses ("dont have the number on me, forget it").
FILLERS = r"(?:ugh|ok|okay|oh|nah|no|hm+|actually|sorry|eh|uh|um+|erm|meh|well|oops|wait)"
CANCEL = re.compile(rf"(?:^|[.!?,;]\s*)\W*(?:{FILLERS}\W+)*"
                    r"(?:forget (?:it|about it|that|the (?:order|return|refund|exchange|look-?up))|never ?mind|nvm|"
                    r"cancel(?: that| it)?|don'?t bother|"
                    r"skip it)\b", re.I)

# A greeting says one of these; "how's your day going" mid-chat is small talk, and must not get
# the opening greeting again.
GREETING = re.compile(r"\b(?:hi+|hello+|hey+|heya|hiya|howdy|yo|hallo|greetings|morning|evening|afternoon|"
                      r"g'?day|sup|wh?at'?s up|wassup)\b|\U0001f44b", re.I)


def after_cancel(text: str) -> str:
    """What a message says after its "forget it" ("actually forget it, show me tank tops" -> "show me tank tops")."""
    m = CANCEL.search(text or "")
    return (text or "")[m.end():].strip(" ,.;:!?-") if m else ""


def with_exact_act(decision: SceneDecision, text: str) -> SceneDecision:
    """The decision, with its act replaced where an exact cue says what the shopper does."""
    # Confident even when the model read the act right but unsure ("nvm ill do it later" at 0.4):
    # Rasa's fallback threshold reads this confidence.
    if CANCEL.search(text or ""):
        return replace(decision, act="cancel_task", act_confidence=1.0)
    if decision.act == "greet" and not GREETING.search(text or ""):
        return replace(decision, act="smalltalk")
    return decision
