"""The action server as we deploy it: rasa_sdk's app, plus what a shop needs in production.

``python -m actions.server [--port P] [--log-file F]`` differs from ``python -m rasa_sdk`` in that:

* it binds to ``RECSYS_ACTION_HOST`` (default 127.0.0.1): only the Rasa server next to it may call
  it. rasa_sdk alone listens on every interface.
* it also serves ``POST /understand``, the turn model's reading of a message for Rasa's NLU step
  (``actions/understanding.py``), on the same thread pool.
* ``GET /cart/<sender>`` answers the shopper's cart (the one chat and widget share);
* when ``RECSYS_ACTION_TOKEN`` is set, ``/webhook``, ``/understand``, ``/cart``, ``/actions`` and ``/metrics``
  need the header ``Authorization: Bearer <token>`` (Rasa sends it; see ``recsys rasa-endpoints``);
  ``/health`` stays open for load balancers.
* models, index and database are loaded *before* it listens: a missing or corrupt index or model
  file is a clear message and exit code 3 at start-up, not a failure on the first shopper's turn.
* actions run on a worker thread pool (``RECSYS_ACTION_THREADS``, default 1) instead of on the
  event loop, so health checks, metrics and reading the next requests never wait for a turn's
  model and database work.
* ``/metrics`` serves request counts and latency histograms split by part (scene model,
  retrieval, database); ``RECSYS_TIMING_LOG`` also writes one JSON line per request.
* emails, phone and card numbers are masked in its logs.
* a call from Rasa 3.6 without a domain (its selective domain, ``recsys rasa-endpoints`` turns it
  on) runs the action with an empty domain, as rasa_sdk 3.6 did; only the order form's validation
  needs the domain, and Rasa sends it to every ``validate_*`` action.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import hmac
import logging
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request

from recsys.ops import log_privacy, telemetry, tracing
from recsys.settings import SettingsError, get_settings

log = logging.getLogger("actions.server")
EXIT_CONFIG, EXIT_DATA = 2, 3
OPEN_PATHS = {"/health"}


def _configure_logging(level: str, log_file: str | None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    logging.basicConfig(level=level.upper(), handlers=handlers, force=True,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "transformers", "httpx", "faiss", "sanic.access", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    log_privacy.install()


def _authorized(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    given = header[7:] if header[:7].lower() == "bearer " else ""
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


class SelectiveDomainExecutor(ActionExecutor):
    """rasa_sdk's executor, taking Rasa 3.6's calls that carry no domain (its selective domain).

    rasa_sdk 3.21 expects a call without a domain to carry the digest of one sent before (Rasa 3.7
    and later) and answers HTTP 449 otherwise. Rasa 3.6 sends no digest: with its selective domain,
    an action that did not ask for the domain gets none, and rasa_sdk 3.6 passed ``{}``. A stale
    digest without a domain still gets 449, so a newer Rasa sends the domain again.
    """

    def update_and_return_domain(self, payload: dict, action_name: str) -> dict | None:
        """The call's domain; ``{}`` for a Rasa 3.6 call that carries neither domain nor digest."""
        if payload.get("domain") is None and payload.get("domain_digest") is None:
            return {}
        return super().update_and_return_domain(payload, action_name)


def build_app(token: str, threads: int, timing_log: Path | None) -> Sanic:
    """rasa_sdk's app with the actions on a thread pool, the bearer-token guard, timings and ``/metrics``."""
    executor = SelectiveDomainExecutor()
    executor.register_package("actions")
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="action")  # actions and /understand
    _run_in_pool(executor, pool)
    app = create_app(executor, cors_origins=None)
    # rasa-sdk reads its tracer provider from here (its own start-up would read endpoints.yml)
    app.ctx.tracer_provider = tracing.configure(get_settings().otlp_endpoint)
    app.config.REQUEST_MAX_SIZE = 20 * 1024 * 1024  # a tracker with a few inline photos, not more
    timings = telemetry.TimingLog(timing_log) if timing_log else None

    @app.on_request
    async def guard(request: Request):
        if request.path not in OPEN_PATHS and token and not _authorized(request, token):
            telemetry.METRICS.inc("recsys_action_requests_rejected_total")
            return response.json({"error": "unauthorized"}, status=401)
        request.ctx.t0 = time.perf_counter()
        request.ctx.spans = telemetry.start()
        return None

    @app.on_response
    async def measure(request: Request, resp) -> None:
        if request.path not in ("/webhook", "/understand") or not hasattr(request.ctx, "t0"):
            return
        total = time.perf_counter() - request.ctx.t0
        body = request.json if isinstance(request.json, dict) else {}
        action = "understand" if request.path == "/understand" else str(body.get("next_action") or "?")
        telemetry.METRICS.observe("recsys_action_seconds", "total", total)
        for part, ms in request.ctx.spans.items():
            telemetry.METRICS.observe("recsys_action_seconds", part, ms / 1000.0)
        telemetry.METRICS.inc("recsys_action_requests_total", f"{action}:{resp.status}")
        telemetry.METRICS.inc("recsys_action_request_bytes_total", action, len(request.body or b""))
        if body.get("domain") is not None:  # with Rasa's selective domain, only validate_* calls
            telemetry.METRICS.inc("recsys_action_calls_with_domain_total", action)
        if timings is not None:
            timings.write({"t": time.time() - total, "sender": str(body.get("sender_id") or ""), "action": action,
                           "status": resp.status, "ms": round(total * 1000.0, 2),
                           **{k: round(v, 2) for k, v in request.ctx.spans.items()}})

    @app.post("/understand")
    async def understand(request: Request):
        from actions.understanding import BadRequest
        from actions.understanding import understand as read_turn
        from recsys.storage.context_store import STORE_UNAVAILABLE

        with tracing.tracer.start_as_current_span("recsys.understand"):
            ctx = contextvars.copy_context()
            try:
                answer = await asyncio.get_running_loop().run_in_executor(pool, ctx.run, read_turn, request.json)
            except BadRequest as exc:
                return response.json({"error": str(exc)}, status=400)
            except STORE_UNAVAILABLE as exc:  # Rasa's own NLU answers this turn; the actions apologise
                log.warning("/understand: database unavailable: %s", type(exc).__name__)
                return response.json({"error": "the context store is unavailable"}, status=503)
        return response.json(answer)

    @app.get("/cart/<sender>")
    async def cart(request: Request, sender: str):
        """The shopper's cart (one for chat and widget): ``{"type": "cart", "count", "total", "items"}``."""
        from actions.understanding import SENDER
        from recsys.assistant import get_assistant

        if not SENDER.match(sender):
            return response.json({"error": "bad sender id"}, status=400)
        card = await asyncio.get_running_loop().run_in_executor(pool, get_assistant().cart_card, sender)
        return response.json(card)

    @app.get("/version")
    async def version(_request: Request):
        """What this server answers with now: the catalog index version, product count, scene model."""
        from recsys.assistant import get_assistant, start_reloader

        assistant = get_assistant()
        return response.json({"catalog_version": assistant.index.version, "products": len(assistant.products),
                              "scene_model": assistant.scenes.version, "reloads": start_reloader().reloads})

    @app.get("/metrics")
    async def metrics(_request: Request):
        return response.text(telemetry.METRICS.render(), content_type="text/plain; version=0.0.4")

    return app


def _run_in_pool(executor: ActionExecutor, pool: ThreadPoolExecutor) -> None:
    """Run each synchronous action's ``run`` on ``pool``, with the request's context variables.

    The event loop then keeps accepting requests while one is encoding or waiting on the database.
    """
    for name, action in list(executor.actions.items()):
        owner = getattr(action, "__self__", None)
        if owner is None or asyncio.iscoroutinefunction(action):
            continue

        async def threaded(dispatcher, tracker, domain, _run=action):
            ctx = contextvars.copy_context()
            return await asyncio.get_running_loop().run_in_executor(pool, ctx.run, _run, dispatcher, tracker, domain)

        executor.actions[name] = threaded


def preload() -> None:
    """Load the assistant now; exits with a clear message when its files are missing or broken."""
    from recsys.assistant import get_assistant, start_reloader
    from recsys.catalog import CatalogError
    from recsys.encoders.image import ImageModelError
    from recsys.encoders.text import ModelNotFoundError
    from recsys.scene.model import SceneModelError
    from recsys.search.index import ProductIndexError

    started = time.perf_counter()
    try:
        assistant = get_assistant()
    except SettingsError as exc:
        log.critical("configuration error: %s", exc)
        raise SystemExit(EXIT_CONFIG) from None
    except (ModelNotFoundError, ProductIndexError, SceneModelError, ImageModelError, CatalogError, OSError) as exc:
        log.critical("cannot start the action server: %s", exc)
        raise SystemExit(EXIT_DATA) from None
    log.info("assistant ready in %.1f s: %d products, scene model %s", time.perf_counter() - started,
             len(assistant.products), assistant.scenes.version)
    start_reloader()  # a new catalog index or scene model is swapped in without a restart


def main(argv: list[str] | None = None) -> int:
    """Check the configuration, load the assistant, then serve; returns the exit code."""
    parser = argparse.ArgumentParser(description="Rasa action server for the shop assistant")
    parser.add_argument("--port", type=int, default=None, help="default: RECSYS_ACTION_PORT (5055)")
    parser.add_argument("--log-file", default=None)
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if not settings.action_token and settings.action_host not in {"127.0.0.1", "localhost", "::1"}:
        print(f"configuration error: refusing to listen on {settings.action_host} without RECSYS_ACTION_TOKEN: "
              "anyone who can reach it could run actions as any shopper", file=sys.stderr)
        return EXIT_CONFIG
    _configure_logging(settings.log_level, args.log_file)
    if not settings.action_token:
        log.warning("RECSYS_ACTION_TOKEN is not set: the action server trusts every local caller")
    preload()
    port = args.port or settings.action_port
    app = build_app(settings.action_token, settings.action_threads,
                    Path(settings.timing_log) if settings.timing_log else None)
    log.info("action server on http://%s:%d (%d action threads, token %s)", settings.action_host, port,
             settings.action_threads, "required" if settings.action_token else "off")
    app.run(host=settings.action_host, port=port, single_process=True, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
