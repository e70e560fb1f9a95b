"""Turn latency against conversation length: one shopper, one long scene-crossing conversation over REST.

Two stacks run side by side (Rasa, action server, SQLite tracker and context store each), one
with Rasa's own code (``RECSYS_RASA_SPEEDUPS=0``) and one with ``bot/rasa_speedups.py``; their
turns alternate, so machine noise hits both alike. For each it prints the median wall time of
turns 1-20 and of the last 20, split into Rasa (everything outside the action server) and the
action server (joined from its timing log), the late/early ratio (target: at most 1.2) and the
tracker's size at the end.

    .venv/bin/python scripts/bench_length.py [--turns 200] [--json var/bench-length.json]

Takes about 3 minutes on a 2-core machine (starting two stacks is one of them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench_load import Turn, demo_orders, split  # noqa: E402
from tests.stack import TOKEN, running_stack  # noqa: E402

CATEGORIES = ["men's hoodies", "women's jackets", "yoga pants", "backpacks", "running shorts", "women's tank tops",
              "water bottles", "women's tees", "men's jackets", "yoga mats"]
COLORS = ["black", "blue", "red", "green", "gray"]
SIZES = ["S", "M", "L", "XL"]
CONFIGS = {"rasa's own code": "0", "with bot/rasa_speedups.py": "1"}


def script(n: int, orders: list[tuple[str, str]]) -> list[str]:
    """``n`` messages of a shopper who searches, asks, carts, looks up orders and chats, round after round."""
    rng = random.Random(7)
    out: list[str] = []
    i = 0
    while len(out) < n:
        category, color, size = CATEGORIES[i % len(CATEGORIES)], COLORS[i % len(COLORS)], SIZES[i % len(SIZES)]
        number, email = orders[i % len(orders)]
        out += [
            rng.choice(["hi", "hello there", "hey"]),
            f"show me {category} under ${40 + 10 * (i % 6)}",
            rng.choice([f"any in {color}?", f"do you have them in {color}", f"only {color} ones please"]),
            rng.choice([f"does the first one come in size {size}?", f"is the first one available in {size}"]),
            rng.choice(["what is the second one made of?", "tell me more about the second one"]),
            rng.choice(["add the second one to my cart", "put the second one in my basket"]),
            rng.choice(["cheapest first", "sort by price, lowest first"]),
            rng.choice(["compare the first two", "first vs second?"]),
            rng.choice(["what's in my cart?", "show my cart"]),
            f"where is my order {number}?",
            email,
            rng.choice(["can I return it?", "how do I send it back?"]),
            rng.choice(["do you take paypal?", "which cards do you accept?"]),
            rng.choice(["what would go with the first one?", "suggest something to wear with the first one"]),
            rng.choice(["more like the second one", "anything like the second one but cheaper?"]),
            rng.choice(["how long does delivery take?", "do you ship to Canada?"]),
            rng.choice(["are you a bot?", "lol you're quick", "tell me a joke"]),
            f"I wear size {size}",
            rng.choice(["thanks!", "cool, thanks"]),
        ]
        i += 1
    return out[:n]


def median(xs: list[float]) -> float | None:
    """The median, to 0.1 ms; None for no values."""
    return round(statistics.median(xs), 1) if xs else None


def summarise(turns: list[Turn], timings: list[dict], window: int) -> dict:
    """Medians of the first and last ``window`` turns, split into Rasa and the action server."""
    out: dict = {}
    for name, part in (("first", turns[:window]), ("last", turns[-window:])):
        # The load benchmark's join of the action server's timing log, held tight: one shopper's
        # turns follow each other within tens of milliseconds.
        parts = split(part, timings, slack=0.002)
        out[name] = {"wall_ms": median(parts["total"]), "rasa_ms": median(parts["rasa"]),
                     "action_ms": median(parts["actions"]),
                     "calls_per_turn": round(statistics.fmean(parts["calls"]), 2) if parts["calls"] else None}
    first, last = out["first"]["wall_ms"], out["last"]["wall_ms"]
    out["late_over_early"] = round(last / first, 2) if first and last else None
    out["errors"] = sum(bool(t.error) for t in turns)
    return out


def main() -> int:
    """Run both stacks side by side, print the table; exit 1 when a turn failed."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--window", type=int, default=20)
    ap.add_argument("--json", default=None, help="write the whole result here")
    args = ap.parse_args()
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="bench-length-") as tmp, contextlib.ExitStack() as stacks:
        runs = {}
        for name, flag in CONFIGS.items():
            work = Path(tmp) / flag
            work.mkdir()
            env = {"RECSYS_TIMING_LOG": str(work / "timings.jsonl"), "RECSYS_LOG_LEVEL": "WARNING",
                   "RECSYS_RASA_SPEEDUPS": flag}
            # One shopper typing fast: the channel's per-shopper rate limit would answer 429.
            stack = stacks.enter_context(running_stack(work, env, storefront=False,
                                                       channel_settings={"messages_per_minute": 100000}))
            runs[name] = {"stack": stack, "log": Path(env["RECSYS_TIMING_LOG"]), "http": requests.Session(),
                          "sender": "long-" + uuid.uuid4().hex[:10], "turns": []}
        up = time.time()
        messages = script(args.turns, demo_orders(next(iter(runs.values()))["stack"]["env"]))
        for run in runs.values():  # warm-up with another shopper: first calls load models
            for text in ["hi", "show me men's hoodies", "add the first one to my cart"]:
                run["http"].post(f"{run['stack']['rasa']}/webhooks/rest/webhook",
                                 json={"sender": "warmup-" + uuid.uuid4().hex[:6], "message": text}, timeout=120)
        for i, text in enumerate(messages, 1):
            for run in (runs.values() if i % 2 else reversed(list(runs.values()))):  # alternate who goes first
                t0 = time.time()
                resp = run["http"].post(f"{run['stack']['rasa']}/webhooks/rest/webhook",
                                        json={"sender": run["sender"], "message": text}, timeout=120)
                run["turns"].append(Turn(run["sender"], text, t0, time.time(), resp.status_code, resp.text[:200],
                                         "" if resp.ok else f"HTTP {resp.status_code}"))
            if i % 50 == 0:
                print(f"turn {i}: " + ", ".join(
                    f"{n} {(r['turns'][-1].received - r['turns'][-1].sent) * 1000:.1f} ms" for n, r in runs.items()),
                    file=sys.stderr, flush=True)
        result = {"turns": args.turns, "window": args.window, "startup_s": round(up - started, 1), "configs": {}}
        for name, run in runs.items():
            tracker = run["http"].get(f"{run['stack']['rasa']}/conversations/{run['sender']}/tracker",
                                      params={"token": TOKEN}, timeout=60)
            time.sleep(0.3)  # the timing log is written after each response
            timings = [json.loads(x) for x in run["log"].read_text().splitlines() if x.strip()]
            summary = summarise(run["turns"], timings, args.window)
            events = tracker.json().get("events", []) if tracker.ok else []
            summary["tracker_events"] = len(events) if tracker.ok else None
            summary["tracker_kb"] = round(len(tracker.content) / 1024) if tracker.ok else None
            summary["sessions"] = sum(1 for e in events if e.get("event") == "session_started")
            result["configs"][name] = summary
    result["total_s"] = round(time.time() - started, 1)
    print(f"{args.turns}-turn conversation, medians of the first and last {args.window} turns "
          f"(two stacks side by side, turns interleaved):")
    print(f"{'':28} {'first wall':>10} {'(rasa/act)':>12} {'last wall':>10} {'(rasa/act)':>12} {'last/first':>10} "
          f"{'tracker':>14} sessions {'calls/turn':>10} errors")
    for name, s in result["configs"].items():
        f, last = s["first"], s["last"]
        print(f"{name:28} {f['wall_ms']:>10} {str(f['rasa_ms']) + '/' + str(f['action_ms']):>12} "
              f"{last['wall_ms']:>10} {str(last['rasa_ms']) + '/' + str(last['action_ms']):>12} "
              f"{s['late_over_early']:>10} {str(s['tracker_events']) + ' ev, ' + str(s['tracker_kb']) + ' KB':>14} "
              f"{s['sessions']:>8} {s['first']['calls_per_turn']:>10} {s['errors']}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0 if all(s["errors"] == 0 for s in result["configs"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
