"""Rasa custom actions: a thin layer that reads the tracker and calls ``recsys``.

rasa_sdk 3.21 warns on every call that its major.minor differs from the Rasa 3.6 server. The
webhook protocol both speak is unchanged (checked by tests/integration/test_rest.py, which
round-trips metadata, custom payloads and SlotSet), so that one warning is silenced here on
purpose and logged once at start-up instead.
"""

import logging
import warnings

warnings.filterwarnings("ignore", message=r"Your versions of rasa and rasa_sdk might not be compatible")
logging.getLogger(__name__).info(
    "rasa_sdk/rasa version-mismatch warning silenced: webhook protocol verified by the integration tests"
)
