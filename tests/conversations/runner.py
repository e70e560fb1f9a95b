"""Runs conversation suites against the real servers and checks what comes back.

A suite is YAML (format and checks: ``tests/conversations/README.md``). Each conversation is
played over Rasa's REST channel as a fresh shopper; after each turn the turn's ``expect`` checks
and the global ones (an answer came, no error, no "didn't get that", no greeting unasked,
nothing asked twice) are applied to the reply, Rasa's tracker and the shopper's cart.

Against running servers: ``python -m tests.conversations.runner SUITE.yml [...] --rasa URL
--actions URL [--token T] [--action-token T] [--json OUT]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

HERE = Path(__file__).resolve().parent
SUITES = sorted(HERE.glob("*.yml"))
ERROR_TEXT = "something went wrong"
DIDNT_GET = "sorry, i didn't get that"
GREETING = "hi! i can help you find products"
FORM_SLOTS = ("order_number", "order_email")


@dataclass
class Servers:
    """Where the servers answer, and their tokens."""

    rasa: str
    actions: str
    rasa_token: str = ""
    action_token: str = ""
    catalog_dir: Path | None = None  # product images for photo turns live here


@dataclass
class Reply:
    """What came back for one turn."""

    texts: list[str]
    lists: list[list[dict]]  # product lists to pick from (not single-product focus cards)
    focus: list[dict]
    raw: list[dict]
    tracker: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


@dataclass
class Outcome:
    """One conversation's result: passed, and the failures with their turn."""

    id: str
    source: str
    covers: list[str]
    failures: list[str] = field(default_factory=list)
    turns: list[dict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_suite(path: Path) -> list[dict]:
    """The conversations of a suite file, checked for shape."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: a suite is a YAML list of conversations")
    seen = set()
    for conv in data:
        if not isinstance(conv, dict) or "id" not in conv or not isinstance(conv.get("turns"), list):
            raise ValueError(f"{path}: every conversation needs an id and a list of turns: {conv!r:.200}")
        if conv["id"] in seen:
            raise ValueError(f"{path}: duplicate id {conv['id']}")
        seen.add(conv["id"])
        for turn in conv["turns"]:
            unknown = set(turn.get("expect") or {}) - CHECK_KEYS
            if unknown:
                raise ValueError(f"{path}: {conv['id']}: unknown checks {sorted(unknown)}")
    return data


class Player:
    """Plays conversations over REST and checks each turn."""

    def __init__(self, servers: Servers, timeout: float = 60.0) -> None:
        self.s = servers
        self.timeout = timeout
        self.http = requests.Session()

    def _say(self, sender: str, text: str, photo: str | None) -> list[dict]:
        metadata: dict[str, Any] = {}
        if photo:
            if self.s.catalog_dir is None:
                raise ValueError("a photo turn needs the catalog folder")
            import base64

            data = (self.s.catalog_dir / photo).read_bytes()
            metadata["image"] = "data:image/jpeg;base64," + base64.b64encode(data).decode()
        params = {"token": self.s.rasa_token} if self.s.rasa_token else {}
        r = self.http.post(f"{self.s.rasa}/webhooks/rest/webhook", params=params, timeout=self.timeout,
                           json={"sender": sender, "message": text, "metadata": metadata})
        r.raise_for_status()
        return r.json()

    def _tracker(self, sender: str) -> dict:
        params = {"token": self.s.rasa_token} if self.s.rasa_token else {}
        r = self.http.get(f"{self.s.rasa}/conversations/{sender}/tracker", params=params, timeout=self.timeout)
        r.raise_for_status()
        return r.json()

    def cart(self, sender: str) -> list[str]:
        """Product ids in the shopper's cart."""
        headers = {"Authorization": f"Bearer {self.s.action_token}"} if self.s.action_token else {}
        r = self.http.get(f"{self.s.actions}/cart/{sender}", headers=headers, timeout=self.timeout)
        r.raise_for_status()
        return [item["id"] for item in r.json()["items"]]

    def play(self, conv: dict, source: str) -> Outcome:
        """Play one conversation as a new shopper; every check of every turn is applied."""
        sender = f"suite-{conv['id'][:40]}-{uuid.uuid4().hex[:8]}"
        out = Outcome(conv["id"], source, list(conv.get("covers") or []))
        lists_by_turn: dict[int, list[dict]] = {}
        latest: list[dict] = []
        given: set[str] = set()
        for n, turn in enumerate(conv["turns"], 1):
            expect = turn.get("expect") or {}
            text = str(turn.get("user") or "")
            try:
                raw = self._say(sender, text, turn.get("photo"))
                tracker = self._tracker(sender)
            except (requests.RequestException, OSError, ValueError) as exc:
                out.failures.append(f"turn {n} ({text!r}): request failed: {exc}")
                break
            reply = parse_reply(raw, tracker)
            out.turns.append({"user": text, "reply": reply.text, "lists": [[p["id"] for p in lst]
                                                                          for lst in reply.lists],
                              "requested_slot": requested_slot(tracker)})
            ctx = Context(self, sender, lists_by_turn, latest, given)
            for failure in check_turn(expect, reply, ctx, n, text):
                out.failures.append(f"turn {n} ({text!r}): {failure}")
            if reply.lists:
                latest = reply.lists[-1]
                lists_by_turn[n] = latest
            # What the shopper has given the order look-up so far (for "nothing asked twice").
            slots = tracker.get("slots") or {}
            given |= {s for s in FORM_SLOTS if slots.get(s)}
        return out


@dataclass
class Context:
    """What a turn's checks may look at besides the reply."""

    player: Player
    sender: str
    lists_by_turn: dict[int, list[dict]]
    latest: list[dict]
    given: set[str]

    def product(self, ref: Any) -> dict:
        """The product a reference names: N (of the latest list), "T.N" (of turn T's list) or a product id."""
        if isinstance(ref, int):
            items = self.latest
            index = ref if ref > 0 else len(items) + ref + 1  # -1: the last one
        elif isinstance(ref, str) and re.fullmatch(r"\d+\.-?\d+", ref):
            t, index = (int(x) for x in ref.split("."))
            items = self.lists_by_turn.get(t, [])
            index = index if index > 0 else len(items) + index + 1  # "1.-1": the last one of turn 1's list
        else:
            return {"id": str(ref), "title": None}
        if not 1 <= index <= len(items):
            raise LookupError(f"reference {ref!r}: no such product shown")
        return items[index - 1]


def parse_reply(raw: list[dict], tracker: dict) -> Reply:
    """The texts, product lists and focus cards of a REST reply."""
    texts, lists, focus = [], [], []
    for m in raw:
        if m.get("text"):
            texts.append(str(m["text"]))
        custom = m.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "products":
            (focus.extend if custom.get("list") == "focus" else lists.append)(list(custom.get("products") or []))
    return Reply(texts, lists, focus, raw, tracker)


def requested_slot(tracker: dict) -> str | None:
    """The order form's open question after the turn, or None when no form is waiting."""
    loop = (tracker.get("active_loop") or {}).get("name")
    slot = (tracker.get("slots") or {}).get("requested_slot")
    return slot if loop and slot else None


def _has(value: str, options: Any) -> bool:
    return str(options).lower() in value.lower()


def check_products(spec: dict, reply: Reply, ctx: Context) -> list[str]:
    """The ``products`` checks on the reply's (last) product list."""
    if not reply.lists:
        return ["expected a product list, got none"]
    items = reply.lists[-1]
    fails = []
    if len(items) < int(spec.get("min", 1)):
        fails.append(f"expected at least {spec.get('min', 1)} products, got {len(items)}")
    if "max" in spec and len(items) > int(spec["max"]):
        fails.append(f"expected at most {spec['max']} products, got {len(items)}")
    for p in items:
        name = f"{p['id']} {p['title']!r}"
        if "category" in spec and not _has(p.get("category", ""), spec["category"]):
            fails.append(f"{name} is not in category {spec['category']!r} ({p.get('category')})")
        if "gender" in spec and p.get("gender") not in (spec["gender"], "Unisex"):
            fails.append(f"{name} is not for {spec['gender']} ({p.get('gender')}, {p.get('category')})")
        colors = [c.lower() for c in p.get("colors") or []]
        if "color" in spec and str(spec["color"]).lower() not in colors:
            fails.append(f"{name} is not offered in {spec['color']} ({colors})")
        if "not_color" in spec and str(spec["not_color"]).lower() in colors:
            fails.append(f"{name} is offered in {spec['not_color']}")
        if "size" in spec and str(spec["size"]) not in [str(s) for s in p.get("sizes") or []]:
            fails.append(f"{name} is not offered in size {spec['size']} ({p.get('sizes')})")
        price = p.get("price")
        if "price_max" in spec and (price is None or price > float(spec["price_max"])):
            fails.append(f"{name} costs {price}, above {spec['price_max']}")
        if "price_min" in spec and (price is None or price < float(spec["price_min"])):
            fails.append(f"{name} costs {price}, below {spec['price_min']}")
    prices = [p.get("price") for p in items]
    if spec.get("sorted") in ("price_asc", "price_desc") and None not in prices:
        wanted = sorted(prices, reverse=spec["sorted"] == "price_desc")
        if prices != wanted:
            fails.append(f"prices not in {spec['sorted']} order: {prices}")
    ids = [p["id"] for p in items]
    for key, must in (("includes", True), ("excludes", False)):
        for ref in _as_list(spec.get(key)):
            pid = ctx.product(ref)["id"]
            if (pid in ids) != must:
                fails.append(f"{pid} {'missing from' if must else 'should not be in'} the list {ids}")
    return fails


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_turn(expect: dict, reply: Reply, ctx: Context, n: int, said: str) -> list[str]:
    """Every failure of one turn: its own checks and the global ones."""
    fails: list[str] = []
    text = reply.text
    low = text.lower()
    # Global checks.
    if not reply.raw:
        fails.append("no answer at all")
    if ERROR_TEXT in low:
        fails.append(f"error reply: {text[:120]!r}")
    if DIDNT_GET in low and not expect.get("fallback_ok"):
        fails.append(f"fallback reply: {text[:120]!r}")
    if GREETING in low and not expect.get("greeting"):
        fails.append("answered with the opening greeting")
    asking = requested_slot(reply.tracker)
    if asking in ctx.given and not expect.get("reask_ok"):
        fails.append(f"asked again for {asking}, which was already given")
    try:
        if "products" in expect:
            fails += check_products(expect["products"] or {}, reply, ctx)
        if expect.get("no_products") and reply.lists:
            fails.append(f"expected no product list, got {[p['id'] for p in reply.lists[-1]]}")
        for ref in _as_list(expect.get("about")):
            p = ctx.product(ref)
            if p.get("title") and p["title"].lower() not in low:
                fails.append(f"reply does not name {p['title']!r}: {text[:160]!r}")
        for ref in _as_list(expect.get("not_about")):
            p = ctx.product(ref)
            if p.get("title") and p["title"].lower() in low:
                fails.append(f"reply names {p['title']!r}")
        if "cart" in expect:
            want = sorted(ctx.product(r)["id"] for r in _as_list(expect["cart"]))
            got = sorted(ctx.player.cart(ctx.sender))
            if want != got:
                fails.append(f"cart holds {got}, expected {want}")
    except LookupError as exc:
        fails.append(str(exc))
    if "order" in expect and str(expect["order"]) not in text:
        fails.append(f"reply does not describe order {expect['order']}: {text[:120]!r}")
    if "asks" in expect and asking != expect["asks"]:
        fails.append(f"expected the bot to wait for {expect['asks']}, it waits for {asking}")
    if expect.get("not_asking") and asking:
        fails.append(f"expected no open order question, the bot waits for {asking}")
    if "text_any" in expect and not any(_has(text, t) for t in _as_list(expect["text_any"])):
        fails.append(f"reply has none of {expect['text_any']}: {text[:160]!r}")
    for t in _as_list(expect.get("text_all")):
        if not _has(text, t):
            fails.append(f"reply lacks {t!r}: {text[:160]!r}")
    for t in _as_list(expect.get("text_none")):
        if _has(text, t):
            fails.append(f"reply has {t!r}")
    if "scene" in expect:
        scene = (reply.tracker.get("slots") or {}).get("scene")
        if scene != expect["scene"]:
            fails.append(f"scene {scene}, expected {expect['scene']}")
    return fails


CHECK_KEYS = {"products", "no_products", "about", "not_about", "cart", "order", "asks", "not_asking", "text_any",
              "text_all", "text_none", "scene", "fallback_ok", "greeting", "reask_ok"}


def run_suites(paths: list[Path], servers: Servers) -> list[Outcome]:
    """Play every conversation of the suites; returns their outcomes."""
    player = Player(servers)
    outcomes = []
    for path in paths:
        for conv in load_suite(path):
            outcomes.append(player.play(conv, path.stem))
    return outcomes


def summary(outcomes: list[Outcome]) -> dict:
    """Pass rates overall, per suite file and per behaviour, with the failures."""
    def rate(items: list[Outcome]) -> dict:
        return {"passed": sum(o.passed for o in items), "total": len(items),
                "rate": round(sum(o.passed for o in items) / len(items), 4) if items else 0.0}
    behaviours = sorted({c for o in outcomes for c in o.covers})
    return {"all": rate(outcomes), "by_suite": {s: rate([o for o in outcomes if o.source == s])
                                                for s in sorted({o.source for o in outcomes})},
            "by_behaviour": {b: rate([o for o in outcomes if b in o.covers]) for b in behaviours},
            "turns": sum(len(o.turns) for o in outcomes),
            "failures": {o.id: o.failures for o in outcomes if not o.passed}}


def print_summary(report: dict, out=sys.stdout) -> None:
    """The pass rates as a table, then each failing conversation's first failures."""
    a = report["all"]
    print(f"conversation suite: {a['passed']}/{a['total']} passed ({a['rate']:.1%}), {report['turns']} turns",
          file=out)
    for name, r in report["by_suite"].items():
        print(f"  {name:28} {r['passed']:3}/{r['total']:<3} {r['rate']:.1%}", file=out)
    for name, r in report["by_behaviour"].items():
        print(f"  covers {name:21} {r['passed']:3}/{r['total']:<3} {r['rate']:.1%}", file=out)
    for cid, fails in report["failures"].items():
        print(f"  FAIL {cid}: " + " | ".join(fails[:3]), file=out)


def main(argv: list[str] | None = None) -> int:
    """Run suites against running servers and print the pass rate."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("suites", nargs="*", type=Path, default=SUITES)
    ap.add_argument("--rasa", default="http://127.0.0.1:5005")
    ap.add_argument("--actions", default="http://127.0.0.1:5055")
    ap.add_argument("--token", default="")
    ap.add_argument("--action-token", default="")
    ap.add_argument("--catalog-dir", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    t0 = time.time()
    outcomes = run_suites(args.suites, Servers(args.rasa, args.actions, args.token, args.action_token,
                                               args.catalog_dir))
    report = summary(outcomes)
    report["seconds"] = round(time.time() - t0, 1)
    print_summary(report)
    if args.json:
        args.json.write_text(json.dumps({"summary": report, "conversations": [o.__dict__ for o in outcomes]},
                                        indent=1), encoding="utf-8")
    return 0 if report["all"]["rate"] >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
