"""A fix for Rasa 3.6's first bottleneck under load, installed when our channel module loads.

Rasa checks every action server response with ``jsonschema.validate(result, schema)``. That
helper first validates the (constant) response *schema* against the JSON Schema metaschema, on
every call. Profiling the Rasa server under 10 concurrent shoppers (py-spy, see README "Operating
it") put 59% of its CPU there. Here the schema is checked once and one compiled validator is
reused: the same checks, the same ``ValidationError`` (best match) for a bad response.
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
    return True
