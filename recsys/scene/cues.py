"""Exact cues that overrule the turn model's act where the words leave no doubt.

Only phrases with one meaning in a shop chat belong here: "forget it" / "never mind" always
cancel the task at hand, whatever else the message says ("forget it, i'll check later").
"""

from __future__ import annotations

import re
from dataclasses import replace

from recsys.scene.detector import SceneDecision

# At the start of the message or of one of its clauses ("dont have the number on me, forget it").
FILLERS = (r"(?:ugh|ok|okay|oh|nah|no|hm+|actually|sorry|eh|uh|um+|erm|meh|well|oops|wait|on second thoughts?|"
           r"please|pls|just)")
CANCEL = re.compile(rf"(?:^|[.!?,;]\s*)\W*(?:{FILLERS}\W+)*"
                    r"(?:forget (?:it|about it|that|the (?:order|return|refund|exchange|look-?up))|never ?mind|nvm|"
                    # "forget the backpack, thanks anyway", "forget the jackets for today": a kind let go
                    r"forget (?:about )?the \w+(?=\s*(?:[,;.!]|$|for (?:today|now)\b|then\b))|"
                    r"cancel(?: that| it)?|don'?t bother|"
                    r"skip it)\b", re.I)

# An apology is no cancel unless the words also stop something ("sorry, not now", "sorry, later")
APOLOGY = re.compile(r"\b(?:sorry|sry|soz|my bad|oops|apologi[sz]e)\b", re.I)
STOPS = re.compile(r"\b(?:stop|later|not now|no need|leave it|quit|don'?t (?:worry|need|want|bother)|doesn'?t matter|"
                   r"not (?:needed|important)|cancel|forget)\b", re.I)

# A greeting says one of these; "how's your day going" mid-chat is small talk, and must not get
# the opening greeting again.
GREETING = re.compile(r"\b(?:hi+|hello+|hey+|heya|hiya|howdy|yo|hallo|greetings|morning|evening|afternoon|"
                      r"g'?day|sup|wh?at'?s up|wassup)\b|\U0001f44b", re.I)

# The shopper's own order is late or missing: a look-up, not the delivery policy ("my delivery is
# three days late", "my parcel still hasn't arrived", "order late").
# ("my commande is not arrive": a learner's "not arrived")
_NOT_ARRIVED = (r"(?:has ?n[o']?t|hasnt|never|not|still not|is not|isn'?t) "
                r"(?:arrived?|come|turned up|shown up|been delivered)")
# (the parcel's word as a phone types it too: "packge", "pakage", "pkg", "parcle")
_PARCEL = r"(?:order|delivery|pa?c?ka?ge?|parcel|parcle|commande|pedido|bestellung)"
LATE_ORDER = re.compile(rf"\b(?:(?:my|our) {_PARCEL}|"
                        r"the (?:order|pa?c?ka?ge?|parcel|parcle))\b"
                        rf"[^.?!]{{0,30}}?\b(?:late|lost|missing|still waiting|{_NOT_ARRIVED})\b|"
                        r"^\W*(?:order|package|parcel)\s+(?:is\s+)?(?:late|delayed|missing|lost)\W*$|"
                        # "I placed order 1001 a while ago and it still hasn't arrived"
                        rf"\border\s*(?:no\.?|number|#)?\s*#?\d{{4,}}\b[^.?!]{{0,40}}?\b(?:late|lost|missing|{_NOT_ARRIVED})\b",
                        re.I)
# Something the shopper received is wrong: a return or exchange, not a search for that product
# ("the running shorts i got are too small", "the bag arrived ripped").
_DAMAGED = r"damaged|broken|ripped|torn|cracked|smashed|scratched|stained|faulty|defective"
_WRONG = r"wrong (?:size|colou?r|item|one)"
ITEM_PROBLEM = re.compile(r"\bi ordered an? (?:xxs|xs|small|medium|large|xl|xxl|size \w+)\b[^.?!]{0,20}?\b(?:and|but) "
                          r"(?:got|received)\b|"  # "I ordered a medium and got a large in the box"
                          # "I ordered the Hero Hoodie in green and got a gray one"
                          # (not "i ordered stuff ... and got charged twice": a payment problem)
                          r"\bi ordered\b[^.?!]{0,40}?\b(?:and|but) (?:i )?(?:got|received)\b"
                          r"(?!\s+(?:charged|billed|double|an? (?:email|message|refund|confirmation|notification)|"
                          r"my money|nothing))|"
                          # "I want to make a devolution of one hoodie" (Spanish "devolución": a return)
                          r"\b(?:make|do|want) an? devoluti?on\b|\bdevoluci[oó]n\b|"
                          # "I buy it the last week and is too small": a learner's past tense
                          r"\bi (?:buy|bought|buyed) (?:it|this|them|one|an? \w+)\b[^.?!]{0,40}?"
                          r"\b(?:is|are|it'?s) too (?:small|big|large|tight|loose|short|long)\b|"
                          r"\b(?:i got|i received|i ordered|arrived|came|delivered)\b[^.?!]{0,40}?"
                          rf"\b(?:too (?:small|big|large|tight|loose|short|long)|{_WRONG}|{_DAMAGED}|"
                          r"(?:doesn'?t|don'?t|does not|do not) (?:fit|work)|not working|stopped working)\b",
                          re.I)
# "You are sending also to Poland?", "do you ship to brazil": a country asked about
SHIP_TO = re.compile(r"\b(?:send|sending|ship|shipping|deliver|delivering|delivery)\b(?:\s+\w+)?(?:\s+also)?\s+to\s+"
                     r"(?!me\b|you\b|my\b|him\b|her\b|them\b|us\b)[a-z]+\s*\?", re.I)
# A photo sent with these words shows a problem with something bought, not a product to find
DAMAGE = re.compile(rf"\b(?:{_DAMAGED}|broke|tear|hole|missing|{_WRONG})\b", re.I)


def photo_shows_problem(text: str) -> bool:
    """Whether words sent with a photo report a problem with a purchase ("the zip is already broken")."""
    return bool(ITEM_PROBLEM.search(text or "") or DAMAGE.search(text or ""))


# "sorry i meant 29 not 28", "sorry meant 34": a waist or shoe size corrected with a bare number
# (order numbers have four digits or more)
MEANT_SIZE = re.compile(r"\b(?:meant|mean|make (?:it|that)(?:\s+an?)?|"
                        r"(?:change|switch) (?:it|that|the size) to(?:\s+an?)?|actually)\s+(?:a\s+|size\s+)?"
                        r"(\d{2}|xxs|xs|xxl|xl|s|m|l)\b"
                        r"(?!\s*(?:\$|dollars?|bucks|usd|%|cm|years?|yo))|"
                        # ("Oh, sorry, I meant a small, not a medium.": a size word only after "meant")
                        r"\b(?:meant|mean)\s+(?:a\s+|size\s+)?(small|medium|large)\b|"
                        # "oops no, 33 sorry": a bare size said as a fix
                        r"^\W*(?:(?:oops|oh|sorry|no|nope|nah|wait|i mean|my bad)\W+)+"
                        r"(?:not\s+(?:size\s+)?(?:\d{2}|xxs|xs|xxl|xl|s|m|l)\W+)?(?:size\s+)?"
                        r"(\d{2}|xxs|xs|xxl|xl|s|m|l)(?:\W+(?:sorry|actually|pls|please|instead|my bad))*"
                        # "no wait 36, im bigger than i thought lol": why, said after it
                        # ("sorry, 31 - I always get that wrong")
                        r"(?:\s*[,;.!-]+\s*(?:i'?m|im|i am|i|lol|haha|turns out|he'?s|she'?s|always|my)\b"
                        # (not "no, 40, I can't spend more than that": a budget)
                        r"(?![^\d]{0,40}\b(?:spend|budget|afford|pay|paid|dollars?|bucks|price)\b)[^\d]{0,40})?\W*$|"
                        # "entschuldigung, 34 not 36", "M not L pls": one size in place of another
                        # (at most two words before it: "make the second one size L not M" is a cart line's size)
                        r"^\W*(?:[^\W\d]+\W+){0,2}?(\d{2}|xxs|xs|xxl|xl|s|m|l)\s*,?\s+not\s+(?:size\s+)?"
                        r"(?:\d{2}|xxs|xs|xxl|xl|s|m|l)\b|"
                        # "Sorry, I check with my mother, he is 34 not 36": who wears it, that size not the other
                        r"\b(?:he|she|i|they|we)(?:'s|'m|\s+is|\s+am|\s+are|\s+wears?)\s+(?:an?\s+|size\s+)*"
                        r"(\d{2}|xxs|xs|xxl|xl|s|m|l)\s*,?\s+not\s+(?:an?\s+|size\s+)*(?:\d{2}|xxs|xs|xxl|xl|s|m|l)\b",
                        re.I)


def meant_size(text: str) -> str | None:
    """The size a correction says ("sorry i meant 29", "make that M actually", "oops no, 33"), or None."""
    m = MEANT_SIZE.search(text or "")
    size = next((g for g in m.groups() if g), None) if m else None
    return {"small": "S", "medium": "M", "large": "L"}.get(size.lower(), size) if size else None
# "can you check order 1001", "look up my other order", "track my order": a look-up asked for
# ("can you look my old order also?", "look at my order": the look-up said without "up")
CHECK_ORDER = re.compile(r"\b(?:check|chk|look up|lookup|track|trace|look(?:\s+(?:at|into|for))?)\s+(?:on\s+)?"
                         r"(?:up\s+on\s+)?(?:my\s+|our\s+|the\s+|an?\s+)?"
                         r"(?:other\s+|old(?:er)?\s+|last\s+|recent\s+|second\s+|previous\s+)?order\b",
                         re.I)
# "... and show me mens shorts under 30": a second, shopping ask beside the look-up (the model reads both)
ALSO_SHOPPING = re.compile(r"\b(?:show|find|search|looking for|look for|do you (?:have|sell)|got any)\b", re.I)
# "where is my order", "whre's my package": a look-up of the shopper's own order
_MY_ORDER = r"(?:my|our)\s+(?:last\s+|latest\s+|recent\s+)?(?:order|package|parcel)\s+(?:\d+\s+)?"
WHERE_ORDER = re.compile(r"\b(?:where|whre|wher|were)(?:'?s|\s+is|\s+are)?\s+(?:my|our)\s+"
                         # "where's my last order?"
                         r"(?:(?:last|latest|recent|other|previous|old|first|second|new)\s+)?"
                         r"(?:order|orders|package|parcel|delivery|stuff)\b|"
                         # "did my order ship yet?", "has my parcel arrived", "my order still hasn't shipped"
                         rf"\b{_MY_ORDER}(?:still\s+)?(?:has|have|hasn'?t|haven'?t|did|didn'?t|is|isn'?t)\s+"
                         r"(?:not\s+)?(?:been\s+)?(?:ship|shipped|dispatched|arrived?|come|came|left)\b|"
                         rf"\b(?:did|has|have|is)\s+{_MY_ORDER}(?:been\s+)?"
                         r"(?:ship|shipped|dispatched|arrived?|come|left|sent)\b", re.I)
# "what happens if my order is lost": a policy question, no look-up
IF_POLICY = re.compile(r"\bwhat (?:happens|if|do i do)\b|\bif (?:my|our|an?|the)\b", re.I)
# "are you a real person?", "r u a bot": a question about the assistant, not a hand-off or a policy
ABOUT_THE_BOT = re.compile(r"\b(?:are|r)\s+(?:you|u)\s+(?:an?\s+)?(?:real(?:\s+person|\s+human)?|human|bot|robot|"
                           r"ai|person|machine|computer)\b|"
                           # "do you have a name?", "what's ur name", "who are you"
                           r"\b(?:do|d)\s+(?:you|u)\s+have\s+a\s+name\s*(?:[?.!]|$)|\bwhat(?:'?s|\s+is)\s+(?:your|ur)\s+name\b|"
                           r"^\W*who\s+(?:are|r)\s+(?:you|u)\W*$", re.I)
WANTS_HUMAN = re.compile(r"\b(?:talk|speak|chat)\w*\s+(?:to|with)\b|\b(?:connect|transfer|put)\s+me\b|"
                         r"\b(?:agent|representative|rep|operator|staff|someone|somebody|human (?:please|pls|plz))\b",
                         re.I)
# An email address or an order number given as the message's point ("oh wait its an underscore not
# a dot: roni_cost@example.com", "and order 1002? same email"): order information, not a policy
# question, unless the words are about the account itself
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
ORDER_NO = re.compile(r"\border\s*(?:no\.?|number|#)?\s*#?\d{4,}\b|#\d{4,}\b|"
                      # "where is 1042", "status of 1003?": a bare number asked after is an order's
                      r"\b(?:where(?:'?s|\s+is)|status (?:of|on)|track|any news on|update on)\s+#?\d{4,}\b", re.I)
ACCOUNT_WORDS = re.compile(r"\b(?:password|log ?in|sign ?in|sign ?up|account|newsletter|unsubscribe|delete|"
                           r"change (?:my )?email|update (?:my )?email)\b", re.I)
ORDER_TASKS = {"order_status", "provide_order_info", "correction", "return_request", "refund", "cancel_task"}


# "never mind the pants. can you look up ...": what was let go, before the next ask
LET_GO_WHAT = re.compile(r"^(?:about\s+)?(?:the|those|these|that|my)\s+[\w' -]{1,30}?[.!?;,]\s+(?=\w)", re.I)


def after_cancel(text: str) -> str:
    """What a message says after its "forget it" ("actually forget it, show me tank tops" -> "show me tank tops").

    What the "never mind" names goes too ("never mind the pants. can you look up my order" -> "can you
    look up my order").
    """
    m = CANCEL.search(text or "")
    rest = (text or "")[m.end():].strip(" ,.;:!?-") if m else ""
    return LET_GO_WHAT.sub("", rest, count=1)


# "ok ill take the endeavor", "lovely, add that one": a pick said as a choice, whatever small talk the
# model heard in it (Rasa answers small talk with its own responses, so the cart would never hear it)
ADD_START = re.compile(r"^\W*(?:(?:ok|okay|k|yes|yeah|yep|great|cool|perfect|nice|good|lovely|alright|right|fine|"
                       r"then|so|thanks|thx|ty)\W+)*"
                       r"(?:add|i'?ll take|ill take|i take|i'?ll get|i'?ll have|i'?ll go with|put)\s+"
                       r"(?:the|that|this|it|them|both|one|a|an|\d)\b"
                       # (not "I'll take a look", "I'll have a think")
                       r"(?!\s+(?:look|think|peek|moment|minute|second|break|rest|while|chance)\b)", re.I)
CHAT_ACTS = {"thank", "greet", "bye", "smalltalk", "out_of_scope", "affirm"}


def with_exact_act(decision: SceneDecision, text: str) -> SceneDecision:
    """The decision, with its act replaced where an exact cue says what the shopper does."""
    # Confident even when the model read the act right but unsure ("nvm ill do it later" at 0.4):
    # Rasa's fallback threshold reads this confidence.
    if CANCEL.search(text or ""):
        return replace(decision, act="cancel_task", act_confidence=1.0)
    if decision.act == "cancel_task" and APOLOGY.search(text or "") and not STOPS.search(text or ""):
        # "haha sorry im on the bus typing w one hand": an apology, the task goes on
        return replace(decision, act="smalltalk", scene="chitchat")
    if decision.act in CHAT_ACTS and ADD_START.search(text or "") and "?" not in (text or ""):
        return replace(decision, act="add_to_cart", scene="search", act_confidence=1.0)
    if decision.act == "greet" and not GREETING.search(text or ""):
        return replace(decision, act="smalltalk")
    if decision.act not in ORDER_TASKS - {"order_status"} and LATE_ORDER.search(text or "") \
            and not IF_POLICY.search(text or ""):
        return replace(decision, act="order_status", scene="service", act_confidence=1.0)
    # Exact phrases: sure enough for Rasa's fallback threshold whatever the model's confidence was.
    # ("can you also check order 1001 for me" read as payment: "check" is no cheque here)
    if decision.act not in ORDER_TASKS - {"order_status"} and (WHERE_ORDER.search(text or "") or (
            CHECK_ORDER.search(text or "") and not ALSO_SHOPPING.search(text or ""))) \
            and not ITEM_PROBLEM.search(text or "") and not IF_POLICY.search(text or ""):
        return replace(decision, act="order_status", scene="service", act_confidence=1.0)
    # "r u a real person lol" is about the bot; "are you a bot? i want to talk to a human" asks for one
    if decision.act != "smalltalk" and ABOUT_THE_BOT.search(text or "") \
            and not (decision.act == "handoff" and WANTS_HUMAN.search(text or "")):
        return replace(decision, act="smalltalk", scene="chitchat", act_confidence=1.0)
    if decision.act not in ORDER_TASKS and ITEM_PROBLEM.search(text or ""):
        return replace(decision, act="return_request", scene="service")
    if decision.act == "correction" and EMAIL.search(text or "") and not ACCOUNT_WORDS.search(text or ""):
        # "oh wait its an underscore not a dot: roni_cost@...": the order look-up's email, corrected
        return replace(decision, act="provide_order_info", scene="service", act_confidence=1.0)
    if decision.act in {"policy", "account", "smalltalk", "out_of_scope"} and not ACCOUNT_WORDS.search(text or "") \
            and (EMAIL.search(text or "") or ORDER_NO.search(text or "")) and len((text or "").split()) <= 12:
        act = "provide_order_info" if EMAIL.search(text or "") else "order_status"
        return replace(decision, act=act, scene="service", act_confidence=1.0)
    if meant_size(text) and not re.search(r"\d{4,}", text or ""):
        return replace(decision, act="correction", scene="search")  # a product's size, not the order form
    if decision.act not in ORDER_TASKS | {"delivery"} and SHIP_TO.search(text or ""):
        # "Hello. You are sending also to Poland?": where the shop delivers
        return replace(decision, act="delivery", scene="service", act_confidence=1.0)
    return decision
