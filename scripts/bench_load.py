"""Load benchmark: N shoppers at once, each holding a scene-crossing conversation over Rasa's REST channel.

Each conversation is six turns, ``--rounds`` times, against the real servers (Rasa, action
server, database), on loopback.

    .venv/bin/python scripts/bench_load.py [--shoppers 10 50 200] [--think 1.0] [--threads 1] [--rounds 2]
                                           [--compare-threads 4] [--compare-speedups] [--max-seconds 300]
                                           [--compare-env RECSYS_RASA_NLU_THREADS=0]

For each level it prints throughput, turn latency p50/p95/p99 and the same split into Rasa
(everything outside the action server: NLU, policies, tracker and lock store, queueing), the action
server, and within it the scene model, retrieval and the context database, joined per turn from
the action server's timing log. Afterwards every conversation's stored context is checked against
what the shopper said: the turns in order, the stated budget / size, the verified order and the
Rasa tracker's user messages. Errors are non-200 answers, timeouts, empty answers and apologies.

Shoppers wait ``--think`` seconds (uniform 0.5x-1.5x) between turns, as people do; ``--think 0``
measures saturation instead. Bounded: one conversation per shopper, ``--max-seconds`` per level.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.stack import TOKEN, running_stack  # noqa: E402

APOLOGIES = ("something went wrong on our side", "can't reach our shop records")


@dataclass
class Turn:
    """One message a shopper sent: when, what came back, and the error if it failed."""

    sender: str
    text: str
    sent: float
    received: float
    status: int
    reply: str
    error: str = ""


@dataclass
class Conversation:
    """A shopper's scripted messages and the context they should leave behind."""

    sender: str
    script: str
    messages: list[str]
    expect_prefs: dict[str, str] = field(default_factory=dict)
    expect_order: str | None = None


def conversations(n: int, orders: list[tuple[str, str]], rng: random.Random, rounds: int = 1) -> list[Conversation]:
    """Three scripts that cross scenes (search -> service -> recommend -> ...), assigned in turn to ``n`` shoppers.

    Values differ per shopper so a context mixed up between shoppers would show.
    """
    out = []
    for i in range(n):
        sender = f"load-{uuid.uuid4().hex[:12]}"
        kind = i % 3
        if kind == 0:
            budget = 60 + i % 40
            out.append(Conversation(sender, "jackets", [
                "hi", f"show me women's jackets under ${budget}", "can I return the second one?",
                "what would go with the first one?", "what do you know about me?", "thanks, bye"],
                {"gender": "Women", "max_price": f"{budget:g}"}))
        elif kind == 1:
            size = rng.choice(["S", "M", "L", "XL"])
            out.append(Conversation(sender, "hoodies", [
                "hello", f"men's hoodies in size {size}", "do you ship to Canada?",
                "show me something similar to the first one", "how do refunds work?", "bye"],
                {"gender": "Men", "size": size}))
        else:
            number, email = orders[i % len(orders)]
            out.append(Conversation(sender, "order", [
                f"where is my order {number}?", email, "can I return it?", "I need a yoga mat",
                "what do you know about me?", "thank you"], expect_order=number))
    for conv in out:  # a shopper who comes back to the same questions: more samples, same expectations
        conv.messages = conv.messages * rounds
    return out


def converse(base: str, conv: Conversation, think: float, rng: random.Random, deadline: float) -> list[Turn]:
    """Send a conversation's messages one by one, thinking between them, until done or past ``deadline``."""
    session = requests.Session()
    turns = []
    for text in conv.messages:
        if time.time() > deadline:
            break
        t0 = time.time()
        try:
            resp = session.post(f"{base}/webhooks/rest/webhook", json={"sender": conv.sender, "message": text},
                                timeout=60)
            t1 = time.time()
            reply = "\n".join(m.get("text", "") for m in resp.json() if m.get("text")) if resp.ok else ""
            error = "" if resp.ok else f"HTTP {resp.status_code}"
            if resp.ok and not resp.json():
                error = "empty reply"
            elif any(a in reply for a in APOLOGIES):
                error = "apology: " + reply[:80]
            turns.append(Turn(conv.sender, text, t0, t1, resp.status_code, reply, error))
        except (requests.RequestException, ValueError) as exc:
            turns.append(Turn(conv.sender, text, t0, time.time(), 0, "", type(exc).__name__))
        if think > 0:
            time.sleep(think * rng.uniform(0.5, 1.5))
    return turns


def pct(values: list[float], q: float) -> float:
    """The ``q``-th percentile by nearest rank; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def split(turns: list[Turn], timings: list[dict], slack: float = 0.05) -> dict[str, list[float]]:
    """Per turn: total, action server, scene, retrieval, db, Rasa = total - action server, and action-server calls.

    An action-server record belongs to a turn of its shopper when it starts within the turn, give
    or take ``slack`` seconds.
    """
    by_sender: dict[str, list[dict]] = {}
    for rec in timings:
        by_sender.setdefault(rec["sender"], []).append(rec)
    parts: dict[str, list[float]] = {k: [] for k in ("total", "rasa", "actions", "scene", "retrieval", "db", "calls")}
    for turn in turns:
        if turn.error:
            continue
        recs = [r for r in by_sender.get(turn.sender, []) if turn.sent - slack <= r["t"] <= turn.received + slack]
        total = (turn.received - turn.sent) * 1000
        action = sum(r["ms"] for r in recs)
        parts["total"].append(total)
        parts["actions"].append(action)
        parts["rasa"].append(max(0.0, total - action))
        parts["calls"].append(float(len(recs)))
        for name in ("scene", "retrieval", "db"):
            parts[name].append(sum(r.get(name, 0.0) for r in recs))
    return parts


def same_turns(stored: list[str], attempted: list[Turn]) -> bool:
    """Stored texts are exactly the answered turns, in order.

    A turn the client gave up on (timeout, dropped connection, 5xx) or that got an apology may or
    may not have been stored; a refused one (4xx) must not have been. Both readings of such a turn
    are tried: a shopper who retries a timed-out message says the same text twice, and only one of
    the two may be stored.
    """
    reachable = {0}  # how many stored texts the turns so far can account for
    for turn in attempted:
        refused = 400 <= turn.status < 500
        stored_it = {i + 1 for i in reachable if i < len(stored) and stored[i] == turn.text and not refused}
        reachable = stored_it | reachable if turn.error else stored_it
    return len(stored) in reachable


def verify(stack: dict, convs: list[Conversation], turns_by_sender: dict[str, list[Turn]]) -> list[str]:
    """Stored context vs what was said: returns the problems found (empty when exact)."""
    from recsys.settings import load_settings
    from recsys.storage.context_store import ContextStore
    from recsys.storage.orm import make_session_factory

    settings = load_settings(stack["env"])
    store = ContextStore(make_session_factory(settings.resolved_database_url))
    problems = []
    for conv in convs:
        attempted = turns_by_sender.get(conv.sender, [])
        said = [t.text for t in attempted if not t.error]
        stored = [t.text for t in store.turns(conv.sender)]
        if not same_turns(stored, attempted):
            problems.append(f"{conv.sender} ({conv.script}): stored turns {stored} != said {said}")
        if len(said) == len(conv.messages):
            prefs = store.preferences(conv.sender)
            for key, value in conv.expect_prefs.items():
                if prefs.get(key) != value:
                    problems.append(f"{conv.sender}: preference {key}={prefs.get(key)!r}, said {value!r}")
            if conv.expect_order and store.verified_orders(conv.sender) != [conv.expect_order]:
                problems.append(f"{conv.sender}: verified orders {store.verified_orders(conv.sender)}")
        tracker = requests.get(f"{stack['rasa']}/conversations/{conv.sender}/tracker?token={TOKEN}", timeout=60).json()
        user_texts = [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]
        if not same_turns(user_texts, attempted):
            problems.append(f"{conv.sender}: Rasa tracker has {user_texts}, said {said}")
    return problems


def demo_orders(env: dict) -> list[tuple[str, str]]:
    """(number, email) of the first 20 demo orders in the stack's database."""
    from sqlalchemy import select

    from recsys.settings import load_settings
    from recsys.storage.orm import Order, make_session_factory

    factory = make_session_factory(load_settings(env).resolved_database_url)
    with factory() as db:
        return [(o.number, o.email) for o in db.scalars(select(Order).order_by(Order.number).limit(20))]


def action_bytes(stack: dict) -> float:
    """Bytes Rasa has posted to the action server so far (its ``/metrics``)."""
    resp = requests.get(f"http://127.0.0.1:{stack['stack'].action_port}/metrics", timeout=30,
                        headers={"Authorization": f"Bearer {stack['env']['RECSYS_ACTION_TOKEN']}"})
    resp.raise_for_status()
    return sum(float(line.rsplit(" ", 1)[1]) for line in resp.text.splitlines()
               if line.startswith("recsys_action_request_bytes_total"))


def cpu_seconds(stack: dict) -> dict[str, float]:
    """CPU seconds (user + system) each server process has used so far; empty where /proc is not there."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    used = {}
    for name, proc in stack["stack"].procs.items():
        try:
            fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[name] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime: fields 14 and 15 of stat
    return used


def run_level(stack: dict, n: int, think: float, max_seconds: float, seed: int, rounds: int) -> dict:
    """Run ``n`` shoppers at once, then measure throughput, errors, latency per part and lost context."""
    timing_log = Path(stack["env"]["RECSYS_TIMING_LOG"])
    bytes_before = action_bytes(stack)
    rng = random.Random(seed + n)
    convs = conversations(n, demo_orders(stack["env"]), rng, rounds)
    offset = timing_log.stat().st_size if timing_log.exists() else 0
    cpu_before = cpu_seconds(stack)
    deadline = time.time() + max_seconds
    started = time.time()
    lock = threading.Lock()
    results: dict[str, list[Turn]] = {}

    def one(i_conv):
        i, conv = i_conv
        time.sleep(random.Random(seed + i).uniform(0, min(2.0, think)))  # shoppers don't arrive in lockstep
        got = converse(stack["rasa"], conv, think, random.Random(seed * 7 + i), deadline)
        with lock:
            results[conv.sender] = got

    with ThreadPoolExecutor(n) as pool:
        list(pool.map(one, enumerate(convs)))
    elapsed = time.time() - started
    cpu_after = cpu_seconds(stack)
    time.sleep(0.5)
    with timing_log.open(encoding="utf-8") as fh:
        fh.seek(offset)
        timings = [json.loads(line) for line in fh if line.strip()]
    turns = [t for ts in results.values() for t in ts]
    parts = split(turns, timings)
    errors = [t for t in turns if t.error]
    problems = verify(stack, convs, results)
    busy = sum(t.received - t.sent for t in turns)
    posted = action_bytes(stack) - bytes_before
    return {"shoppers": n, "think_s": think, "turns": len(turns), "seconds": round(elapsed, 1),
            "turns_per_s": round(len(turns) / elapsed, 2),
            "busy_turns_per_s": round(len(turns) / max(busy / n, 1e-9), 2),
            "errors": len(errors), "error_examples": sorted({e.error for e in errors})[:5],
            "lost_context": len(problems), "context_problems": problems[:5],
            "unfinished": sum(len(c.messages) for c in convs) - len(turns),
            "action_kb_per_turn": round(posted / max(len(turns), 1) / 1024, 1),
            # Work per turn, steadier than latency on a shared machine: CPU each server spent on the level.
            "cpu_ms_per_turn": {name: round((cpu_after[name] - cpu_before[name]) * 1000 / max(len(turns), 1), 1)
                                for name in cpu_after if name in cpu_before and name != "storefront"},
            "latency_ms": {name: {"p50": round(pct(v, 50), 1), "p95": round(pct(v, 95), 1),
                                  "p99": round(pct(v, 99), 1), "mean": round(statistics.fmean(v), 1) if v else None}
                           for name, v in parts.items()}}


def print_level(r: dict, label: str) -> None:
    """Print one level's results as a small table, with examples of errors and context problems."""
    print(f"\n== {label}: {r['shoppers']} shoppers, think {r['think_s']} s: {r['turns']} turns in {r['seconds']} s "
          f"({r['turns_per_s']} turns/s), errors {r['errors']}, lost context {r['lost_context']}, "
          f"unfinished {r['unfinished']}, {r['action_kb_per_turn']} KB posted to the action server per turn")
    cpu = ", ".join(f"{name} {ms} ms" for name, ms in r["cpu_ms_per_turn"].items())
    print(f"   CPU per turn: {cpu}")
    print(f"   {'part':<10} {'p50':>8} {'p95':>8} {'p99':>8} {'mean':>8}   (ms per turn)")
    for name, v in r["latency_ms"].items():
        shown = "calls (n)" if name == "calls" else name  # action-server requests per turn, not ms
        print(f"   {shown:<10} {v['p50']:>8} {v['p95']:>8} {v['p99']:>8} {v['mean']!s:>8}")
    for line in r["error_examples"] + r["context_problems"]:
        print(f"   ! {line}")


def main() -> int:
    """Start the stack per configuration, run each load level, print and optionally save the results.

    Returns 1 when context was lost at any level or errors occurred at up to 10 shoppers.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shoppers", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between a shopper's turns")
    parser.add_argument("--threads", type=int, default=1, help="RECSYS_ACTION_THREADS for the action server")
    parser.add_argument("--compare-threads", type=int, nargs="*", default=[],
                        help="also run the first level with these action-thread counts, side by side")
    parser.add_argument("--compare-speedups", action="store_true",
                        help="also run the first level with Rasa's own response validation (RECSYS_RASA_SPEEDUPS=0)")
    parser.add_argument("--compare-env", nargs="*", default=[], metavar="KEY=VALUE",
                        help="also run the first level with each of these settings, side by side "
                             "(e.g. RECSYS_RASA_NLU_THREADS=0: Rasa parsing on its event loop)")
    parser.add_argument("--max-seconds", type=float, default=300, help="per level")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--rounds", type=int, default=2, help="times each shopper goes through its six turns")
    parser.add_argument("--json", default="", help="also write the results here")
    parser.add_argument("--env", nargs="*", default=[], metavar="KEY=VALUE", help="extra environment for the servers")
    args = parser.parse_args()
    if any(n < 1 or n > 500 for n in args.shoppers):
        parser.error("--shoppers must be between 1 and 500")

    all_results = []
    configs = [(t, args.shoppers[:1], {}) for t in args.compare_threads]
    if args.compare_speedups:
        configs.append((args.threads, args.shoppers[:1], {"RECSYS_RASA_SPEEDUPS": "0"}))
    for kv in args.compare_env:
        if "=" not in kv:
            parser.error(f"--compare-env takes KEY=VALUE, not {kv!r}")
        configs.append((args.threads, args.shoppers[:1], dict([kv.split("=", 1)])))
    configs.append((args.threads, args.shoppers, {}))
    for threads, levels, variant in configs:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
            work = Path(tmp)
            env = {"RECSYS_TIMING_LOG": str(work / "timings.jsonl"), "RECSYS_ACTION_THREADS": str(threads),
                   "RECSYS_LOG_LEVEL": "WARNING", **dict(kv.split("=", 1) for kv in args.env), **variant}
            label = f"action threads {threads}" + "".join(f", {k}={v}" for k, v in variant.items())
            print(f"starting the stack ({label}) ...", flush=True)
            with running_stack(work, env, storefront=False) as stack:
                # Warm-up: one conversation, so model loading and first-call costs are not counted.
                converse(stack["rasa"], conversations(1, demo_orders(stack["env"]), random.Random(0))[0], 0,
                         random.Random(0), time.time() + 120)
                for n in levels:
                    result = run_level(stack, n, args.think, args.max_seconds, args.seed, args.rounds)
                    result["action_threads"] = threads
                    result["variant"] = variant
                    print_level(result, label)
                    all_results.append(result)
    if args.json:
        Path(args.json).write_text(json.dumps(all_results, indent=2))
    # Lost context fails at any load; errors fail up to the 10-shopper target (beyond it, client
    # timeouts are the measured overload, reported above).
    failed = [r for r in all_results if r["lost_context"] or (r["errors"] and r["shoppers"] <= 10)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
