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
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger(__name__)


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
    return True


def _install_long_conversation_fixes() -> None:
    """Memoise event class lookup, read only the JSON of stored events, carry one value per slot."""
    import json

    try:
        from rasa.core.actions.action import ActionSessionStart
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
