"""Fixes for Rasa 3.6's bottlenecks, installed when our channel module loads; same behaviour, less work.

- Rasa checks every action server response with ``jsonschema.validate(result, schema)``. That
  helper first validates the (constant) response *schema* against the JSON Schema metaschema, on
  every call. Profiling the Rasa server under 10 concurrent shoppers (py-spy, see README
  "Operating it") put 59% of its CPU there. Here the schema is checked once and one compiled
  validator is reused: the same checks, the same ``ValidationError`` (best match) for a bad
  response.
- Cost that grows with the conversation (profiled over a 200-turn chat, issue 18): reading the
  tracker from the SQL store built an ORM object per stored event and looked up every event's
  class by walking all ``Event`` subclasses (``Event.resolve_by_type``), about 106 ms a turn at
  turn 200. The class lookup is memoised and the store reads only the events' JSON column.
- ``action_session_start`` carried over *every* slot-setting event of the old session (three a
  turn here), and the next session carried those again: a new session now starts with the last
  value of each slot only, which is the same state.
- Rasa sent the action server the whole session's events with every call (1.7 MB a call at turn
  200). Our actions read events only back to the shopper's latest message (rasa_sdk's
  ``get_latest_input_channel`` and ``slots_to_validate``, ``actions.actions._message_id`` and
  ``_form_started_this_turn``; tests/unit/actions/test_tracker_trim.py holds them to that), and
  slots, the latest message and the active form travel as keys of their own: the call now
  carries the events from the latest user message on.
- Rasa's policies replay the whole session on every prediction, three predictions a turn, so a
  turn cost grew with the session's length. A session now rolls over (a new Rasa session, slots
  carried over, exactly as after ``session_expiration_time`` of silence) once it holds
  ``RECSYS_RASA_SESSION_EVENTS`` events (default 300, about 27 turns; 0: never), unless a form
  is active or a person has the conversation (paused), whose state is not carried. What the
  shopper said stays in the tracker store (the widget's history reads all sessions) and in our
  context store, which is where the assistant's memory lives.
- Rasa 3.6 runs the NLU graph on its event loop (``MessageProcessor.parse_message`` calls the
  graph synchronously), so while one message waited on the turn model's ``/understand`` call and
  on DIET, no other chat moved: py-spy under 30 shoppers found the server blocked on that socket
  20% of the time and in DIET 13%. The graph now runs in a small thread pool
  (``RECSYS_RASA_NLU_THREADS``, default 4; 0: on the event loop as Rasa does), so other chats'
  tracker reads, policies and action calls go on meanwhile. Each message is still parsed by
  one thread from start to end, and Rasa's lock store keeps one conversation's messages in order.
- Rasa runs each graph (the NLU pipeline per message, the policies per prediction) through
  ``dask.get``, which works out an execution order for the graph on every call: py-spy under
  50 shoppers put 9% of the server's CPU in dask's own bookkeeping. The order is now worked out
  once per set of targets and the nodes are called in it, one by one, on the calling thread, as
  dask's synchronous scheduler does (``graph_plan``; the same nodes, inputs and errors).
- The SQL tracker store built its two queries (the latest session's events, and their count
  before a save) from the ORM on every call, and saved each new event as an ORM object: now the
  statements are built once with the sender as a parameter (the same SQL, the same rows), a
  turn's new events go in one insert, and the stored events are parsed with orjson (py-spy: 12%
  of the server's CPU was ``json.loads`` on them; the bot's product cards make them large).

``RECSYS_RASA_SPEEDUPS=0`` leaves all of these out; ``RECSYS_RASA_SPEEDUPS_OFF=graph,store``
leaves out the named ones (to measure each: ``scripts/bench_load.py --compare-env``).
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger(__name__)

SESSION_EVENTS_DEFAULT = 300
# What RECSYS_RASA_SPEEDUPS_OFF can name: graphs run in a cached order, tracker store reads and writes.
SPEEDUP_NAMES = ("graph", "store")
NLU_THREADS_DEFAULT = 4


def _whole_number(name: str, default: int, unit: str) -> int:
    """The environment variable ``name`` as a whole number (``default`` when unset or blank)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number of {unit}, not {raw!r}") from None


def left_out() -> set[str]:
    """Speed-ups named in ``RECSYS_RASA_SPEEDUPS_OFF`` (comma-separated), left out to measure each one."""
    names = {n.strip().lower() for n in os.environ.get("RECSYS_RASA_SPEEDUPS_OFF", "").split(",") if n.strip()}
    unknown = names - set(SPEEDUP_NAMES)
    if unknown:
        raise ValueError(f"RECSYS_RASA_SPEEDUPS_OFF names {sorted(unknown)}; known: {', '.join(SPEEDUP_NAMES)}")
    return names


def session_event_limit() -> int:
    """Events after which a Rasa session rolls over (``RECSYS_RASA_SESSION_EVENTS``; 0: never)."""
    value = _whole_number("RECSYS_RASA_SESSION_EVENTS", SESSION_EVENTS_DEFAULT, "events")
    if value < 0 or 0 < value < 20:
        # Fewer than ~20 events would start a session inside one turn's own events.
        raise ValueError(f"RECSYS_RASA_SESSION_EVENTS must be 0 (never) or at least 20, not {value}")
    return value


def nlu_threads() -> int:
    """Threads that parse messages off Rasa's event loop (``RECSYS_RASA_NLU_THREADS``; 0: on the loop)."""
    value = _whole_number("RECSYS_RASA_NLU_THREADS", NLU_THREADS_DEFAULT, "threads")
    if not 0 <= value <= 64:
        raise ValueError(f"RECSYS_RASA_NLU_THREADS must be between 0 and 64, not {value}")
    return value


def events_since_latest_user(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events from the latest user message on (all of them when there is none): what actions read."""
    for i in range(len(events) - 1, -1, -1):
        if events[i].get("event") == "user":
            return events[i:]
    return events


def events_in_latest_session(events: list[Any]) -> int:
    """How many events follow the latest ``session_started`` (all of them when there is none)."""
    for i in range(len(events) - 1, -1, -1):
        if getattr(events[i], "type_name", None) == "session_started":
            return len(events) - i - 1
    return len(events)


def install() -> bool:
    """Patch ``RemoteAction._validate_action_result`` to reuse one compiled validator; True when patched.

    False when Rasa's layout is not the one this was written for (then Rasa keeps its own, slower
    validation), or when switched off with ``RECSYS_RASA_SPEEDUPS=0`` (to measure the difference:
    scripts/bench_load.py --compare-speedups).
    """
    if os.environ.get("RECSYS_RASA_SPEEDUPS", "1").strip().lower() in {"0", "false", "no", "off"}:
        log.info("Rasa speed-ups switched off (RECSYS_RASA_SPEEDUPS=0)")
        return False
    try:
        from jsonschema import exceptions, validators
        from rasa.core.actions.action import RemoteAction
        from rasa.shared.constants import DOCS_BASE_URL
    except ImportError:
        return False
    if getattr(RemoteAction, "_recsys_compiled_validator", None) is not None:
        return True
    spec = getattr(RemoteAction, "action_response_format_spec", None)
    if spec is None or not hasattr(RemoteAction, "_validate_action_result"):
        log.warning("Rasa's RemoteAction changed; action responses keep Rasa's own validation")
        return False
    schema = spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        error = exceptions.best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (". Failed to validate Action server response from API, make sure your response "
                              "from the Action endpoint is valid. For more information about the format visit "
                              f"{DOCS_BASE_URL}/custom-actions")
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result
    RemoteAction._recsys_compiled_validator = validator
    _install_long_conversation_fixes()
    _install_nlu_off_loop()
    _install_graph_in_order()
    _install_store_statements()
    return True


def _install_store_statements() -> None:
    """Read and write the SQL tracker store with statements built once, and write events in one insert."""
    if "store" in left_out():
        log.info("the tracker store builds its queries per call (RECSYS_RASA_SPEEDUPS_OFF=store)")
        return
    import itertools
    import json

    try:
        import sqlalchemy as sa
        from rasa.core.tracker_store import SQLTrackerStore
        from rasa.shared.core.trackers import DialogueStateTracker
        from rasa.shared.nlu.constants import INTENT_NAME_KEY
    except ImportError:
        return
    if not all(hasattr(SQLTrackerStore, name) for name in ("_retrieve", "save", "session_scope", "stream_events")):
        log.warning("Rasa's SQLTrackerStore changed; it keeps its own queries")
        return
    try:  # 3.5 times as fast as json on stored events, the same objects: a tracker read is mostly parsing
        from orjson import loads
    except ImportError:
        loads = json.loads
    statements: dict[type, dict[str, Any]] = {}

    def built(event: Any) -> dict[str, Any]:
        # Rasa's _event_query, with the sender as a parameter: SQLAlchemy builds and caches it once.
        if event not in statements:
            sender = sa.bindparam("sender_id")
            start = (sa.select(sa.func.max(event.timestamp).label("session_start"))
                     .where(event.sender_id == sender, event.type_name == "session_started").subquery())
            latest = (sa.select(event.data).where(event.sender_id == sender)
                      .where(sa.or_(event.timestamp >= start.c.session_start, start.c.session_start.is_(None)))
                      .order_by(event.id))
            statements[event] = {
                "latest": latest,
                "all": sa.select(event.data).where(event.sender_id == sender).order_by(event.id),
                "count": sa.select(sa.func.count()).select_from(latest.subquery()),
                "insert": sa.insert(event.__table__),
            }
        return statements[event]

    async def _retrieve(self: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        query = built(self.SQLEvent)["all" if fetch_events_from_all_sessions else "latest"]
        with self.session_scope() as session:
            events = [loads(data) for data in session.execute(query, {"sender_id": sender_id}).scalars()]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self: Any, tracker: Any) -> None:
        await self.stream_events(tracker)
        statement = built(self.SQLEvent)
        with self.session_scope() as session:
            # Rasa's _additional_events: the events past those stored for the latest session.
            stored = session.execute(statement["count"], {"sender_id": tracker.sender_id}).scalar_one()
            rows = []
            for event in itertools.islice(tracker.events, stored, len(tracker.events)):
                data = event.as_dict()
                rows.append({"sender_id": tracker.sender_id, "type_name": event.type_name,
                             "timestamp": data.get("timestamp"),
                             "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                             "action_name": data.get("name"), "data": json.dumps(data)})
            if rows:
                session.execute(statement["insert"], rows)
            session.commit()

    SQLTrackerStore._retrieve = _retrieve
    SQLTrackerStore.save = save


def graph_plan(nodes: dict[str, Any], targets: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The nodes ``targets`` depend on, each after its needs: ``(name, names of its inputs)`` in run order.

    ``nodes`` maps a node name to something with a ``needs`` dict (parameter -> node name), as
    Rasa's ``SchemaNode``; a need that is no node (a graph input) is left to the caller.
    """
    plan: list[tuple[str, tuple[str, ...]]] = []
    placed: set[str] = set()
    for target in targets:
        stack: list[tuple[str, bool]] = [(target, False)]
        while stack:  # depth first, without recursion: a node goes in after all it needs
            name, ready = stack.pop()
            if name in placed or name not in nodes:
                continue
            needs = tuple(nodes[name].needs.values())
            if ready:
                placed.add(name)
                plan.append((name, needs))
                continue
            stack.append((name, True))
            stack.extend((need, False) for need in reversed(needs) if need not in placed)
    return plan


def _install_graph_in_order() -> None:
    """Run Rasa's graphs node by node in a cached order instead of through ``dask.get`` per message."""
    if "graph" in left_out():
        log.info("Rasa's graphs run through dask (RECSYS_RASA_SPEEDUPS_OFF=graph)")
        return
    try:
        from rasa.engine.exceptions import GraphRunError
        from rasa.engine.runner.dask import DaskGraphRunner
    except ImportError:
        return
    if not all(hasattr(DaskGraphRunner, name) for name in ("run", "_add_inputs_to_graph")):
        log.warning("Rasa's DaskGraphRunner changed; graphs run through dask")
        return

    def run(self: Any, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        run_targets = list(targets) if targets else self._graph_schema.target_names
        plans = self.__dict__.setdefault("_recsys_plans", {})
        plan = plans.get(tuple(run_targets))
        if plan is None:  # the schema never changes once loaded: one plan per set of targets
            plan = plans[tuple(run_targets)] = graph_plan(self._graph_schema.nodes, run_targets)
        values: dict[str, Any] = {}
        self._add_inputs_to_graph(inputs, values)  # Rasa's own check and (name, value) form
        try:
            for name, needs in plan:
                if name not in values:  # an input named as a node replaces it, as in dask
                    # A need nothing provides is passed as its name, as dask does; the node says so.
                    values[name] = self._instantiated_nodes[name](*(values.get(need, need) for need in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(values[target] for target in run_targets)

    DaskGraphRunner.run = run


def _install_nlu_off_loop() -> None:
    """Run ``MessageProcessor``'s NLU graph in a thread pool instead of on the event loop."""
    import asyncio
    import copy
    from concurrent.futures import ThreadPoolExecutor

    threads = nlu_threads()  # a bad value stops the server at start-up, naming the variable
    try:
        from rasa.core import processor as rasa_processor
        from rasa.core.processor import MessageProcessor
        from rasa.shared.core.trackers import DialogueStateTracker
    except ImportError:
        return
    needed = ("parse_message", "_parse_message_with_graph", "_update_full_retrieval_intent",
              "_check_for_unseen_features")
    if not threads:
        log.info("Rasa parses messages on its event loop (RECSYS_RASA_NLU_THREADS=0)")
        return
    if not all(hasattr(MessageProcessor, name) for name in needed):
        log.warning("Rasa's MessageProcessor changed; messages are parsed on the event loop")
        return
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="rasa-nlu")
    original_parse = MessageProcessor.parse_message

    async def parse_message(self: Any, message: Any, tracker: Any = None,
                            only_output_properties: bool = True) -> dict[str, Any]:
        if self.http_interpreter:  # already asynchronous: Rasa's own path
            return await original_parse(self, message, tracker, only_output_properties)
        if tracker is None:
            tracker = DialogueStateTracker.from_events(message.sender_id, [])
        # The rest is Rasa's parse_message, line for line.
        parse_data = await asyncio.get_running_loop().run_in_executor(
            pool, self._parse_message_with_graph, message, tracker, only_output_properties)
        self._update_full_retrieval_intent(parse_data)
        rasa_processor.structlogger.debug(
            "processor.message.parse", parse_data_text=copy.deepcopy(parse_data["text"]),
            parse_data_intent=parse_data["intent"], parse_data_entities=copy.deepcopy(parse_data["entities"]))
        self._check_for_unseen_features(parse_data)
        return parse_data

    MessageProcessor.parse_message = parse_message


def _install_long_conversation_fixes() -> None:
    """Memoise event lookup, read only stored JSON, carry one value per slot, trim calls, roll sessions."""
    import json

    limit = session_event_limit()  # a bad value stops the server at start-up, naming the variable
    try:
        from rasa.core.actions.action import ActionSessionStart, RemoteAction
        from rasa.core.processor import MessageProcessor
        from rasa.core.tracker_store import SQLTrackerStore
        from rasa.shared.core import events as rasa_events
        from rasa.shared.core.trackers import DialogueStateTracker
    except ImportError:
        return

    original_resolve = rasa_events.Event.resolve_by_type
    known: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        cls = known.get(type_name)
        if cls is None:
            cls = original_resolve(type_name, default)
            if cls is not None and getattr(cls, "type_name", None) == type_name:
                known[type_name] = cls  # only exact hits: the default and unknown names stay Rasa's answer
        return cls

    rasa_events.Event.resolve_by_type = staticmethod(resolve_by_type)

    if hasattr(SQLTrackerStore, "_event_query") and hasattr(SQLTrackerStore, "_retrieve"):
        async def _retrieve(self: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
            # Rasa's own query (same filter, same order), only the ``data`` column of each row.
            with self.session_scope() as session:
                rows = self._event_query(session, sender_id,
                                         fetch_events_from_all_sessions=fetch_events_from_all_sessions
                                         ).with_entities(self.SQLEvent.data).all()
                events = [json.loads(data) for (data,) in rows]
                if self.domain and events:
                    return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
                return None

        SQLTrackerStore._retrieve = _retrieve
    else:
        log.warning("Rasa's SQLTrackerStore changed; trackers are read Rasa's own way")

    if hasattr(ActionSessionStart, "_slot_set_events_from_tracker"):
        original_carry = ActionSessionStart._slot_set_events_from_tracker

        def _slot_set_events_from_tracker(tracker: Any) -> list:
            last: dict[str, Any] = {}
            for event in original_carry(tracker):
                last.pop(event.key, None)  # re-insert: the order of last settings is kept
                last[event.key] = event
            return list(last.values())

        ActionSessionStart._slot_set_events_from_tracker = staticmethod(_slot_set_events_from_tracker)

    if hasattr(RemoteAction, "_action_call_format"):
        original_format = RemoteAction._action_call_format

        def _action_call_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
            result = original_format(self, tracker, domain)
            state = result.get("tracker") or {}
            if isinstance(state.get("events"), list):
                state["events"] = events_since_latest_user(state["events"])
            return result

        RemoteAction._action_call_format = _action_call_format
    else:
        log.warning("Rasa's RemoteAction changed; the action server gets whole trackers")

    if limit and hasattr(MessageProcessor, "_has_session_expired"):
        original_expired = MessageProcessor._has_session_expired

        def _has_session_expired(self: Any, tracker: Any) -> bool:
            if original_expired(self, tracker):
                return True
            if tracker.active_loop_name or tracker.is_paused():
                return False
            if events_in_latest_session(tracker.events) < limit:
                return False
            log.info("conversation %s: a new Rasa session after %d events", tracker.sender_id, limit)
            return True

        MessageProcessor._has_session_expired = _has_session_expired
    elif limit:
        log.warning("Rasa's MessageProcessor changed; Rasa sessions only end after a pause")
