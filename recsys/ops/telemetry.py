"""Where a turn's time goes, and counters an operator can watch.

A request opens a span collection (``collect``); the code it runs adds named spans (``span``:
scene model, retrieval) and every SQL statement adds to ``db`` through an engine hook. The
action server puts each request's spans into ``METRICS`` (served as Prometheus text on
``/metrics``) and, when ``RECSYS_TIMING_LOG`` names a file, one JSON line per request, which
``make bench-load`` joins with what the shoppers saw.

Spans live in a context variable: they follow a request through ``asyncio.to_thread`` and never
mix between concurrent requests.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from opentelemetry import trace
from sqlalchemy import event
from sqlalchemy.engine import Engine

from recsys.ops import tracing

_spans: ContextVar[dict[str, float] | None] = ContextVar("recsys_spans", default=None)

# Upper bounds (seconds) of the latency histogram buckets on /metrics.
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0)


def start() -> dict[str, float]:
    """Begin collecting spans for the current request; returns the (live) span totals in ms."""
    spans: dict[str, float] = {}
    _spans.set(spans)
    return spans


@contextmanager
def collect() -> Iterator[dict[str, float]]:
    """Collect spans inside the block only; yields the span totals in ms."""
    token = _spans.set({})
    try:
        yield _spans.get()  # type: ignore[misc]
    finally:
        _spans.reset(token)


def add(name: str, ms: float) -> None:
    """Add ``ms`` to the current request's span ``name``; a no-op outside a request."""
    spans = _spans.get()
    if spans is not None:
        spans[name] = spans.get(name, 0.0) + ms


@contextmanager
def span(name: str) -> Iterator[None]:
    """Time the block into the current request's span ``name`` (and an OpenTelemetry span ``recsys.name``)."""
    t0 = time.perf_counter()
    try:
        with tracing.tracer.start_as_current_span(f"recsys.{name}"):
            yield
    finally:
        add(name, (time.perf_counter() - t0) * 1000.0)


def instrument_engine(engine: Engine) -> None:
    """Count each statement's time into the request's ``db`` span."""

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany) -> None:
        conn.info.setdefault("recsys_t0", []).append(time.perf_counter())
        # The operation only ("SELECT"): statements are logged without their values.
        conn.info.setdefault("recsys_span", []).append(tracing.tracer.start_span(
            "recsys.db", attributes={"db.system": engine.dialect.name,
                                     "db.operation": statement.split(None, 1)[0].upper() if statement else ""}))

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany) -> None:
        starts = conn.info.get("recsys_t0")
        if starts:
            add("db", (time.perf_counter() - starts.pop()) * 1000.0)
        spans = conn.info.get("recsys_span")
        if spans:
            spans.pop().end()

    @event.listens_for(engine, "handle_error")
    def _error(ctx) -> None:
        conn = ctx.connection
        if conn is not None and conn.info.get("recsys_t0"):
            conn.info["recsys_t0"].pop()
        if conn is not None and conn.info.get("recsys_span"):
            failed = conn.info["recsys_span"].pop()
            failed.set_status(trace.Status(trace.StatusCode.ERROR, type(ctx.original_exception).__name__))
            failed.end()

    @event.listens_for(engine, "engine_connect")
    def _connect(conn) -> None:  # a fresh checkout starts with no open statement timers
        conn.info.pop("recsys_t0", None)
        conn.info.pop("recsys_span", None)


class Metrics:
    """Process-wide counters and latency histograms, rendered in the Prometheus text format."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counters: dict[tuple[str, str], float] = {}
        self.hist: dict[tuple[str, str], list[float]] = {}  # (metric, label) -> bucket counts + [sum, count]

    def inc(self, name: str, label: str = "", by: float = 1.0) -> None:
        """Add ``by`` to a counter."""
        with self._lock:
            self.counters[(name, label)] = self.counters.get((name, label), 0.0) + by

    def observe(self, name: str, label: str, seconds: float) -> None:
        """Count one latency into a histogram."""
        with self._lock:
            row = self.hist.setdefault((name, label), [0.0] * (len(BUCKETS) + 2))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    row[i] += 1
            row[-2] += seconds
            row[-1] += 1

    def render(self) -> str:
        """All counters and histograms in the Prometheus text format."""
        lines: list[str] = []
        with self._lock:
            for name in sorted({n for n, _ in self.counters}):
                lines.append(f"# TYPE {name} counter")
                for (n, label), value in sorted(self.counters.items()):
                    if n == name:
                        lines.append(f"{name}{_labels(label)} {value:g}")
            for name in sorted({n for n, _ in self.hist}):
                lines.append(f"# TYPE {name} histogram")
                for (n, label), row in sorted(self.hist.items()):
                    if n != name:
                        continue
                    for bound, count in zip(BUCKETS, row, strict=False):
                        lines.append(f"{name}_bucket{_labels(label, le=f'{bound:g}')} {count:g}")
                    lines.append(f"{name}_bucket{_labels(label, le='+Inf')} {row[-1]:g}")
                    lines.append(f"{name}_sum{_labels(label)} {row[-2]:.6f}")
                    lines.append(f"{name}_count{_labels(label)} {row[-1]:g}")
        return "\n".join(lines) + "\n"


def _labels(label: str, le: str | None = None) -> str:
    parts = [f'part="{label}"'] if label else []
    if le is not None:
        parts.append(f'le="{le}"')
    return "{" + ",".join(parts) + "}" if parts else ""


METRICS = Metrics()


class TimingLog:
    """One JSON line per request, appended under a lock (several threads, one file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def write(self, record: dict) -> None:
        """Append ``record`` as one compact JSON line."""
        line = json.dumps(record, separators=(",", ":")) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
