"""The conversational assistant: one facade (``Assistant``) over a module per feature.

``facade.py`` wires the shared collaborators (``shop.py``) and delegates to ``turns.py``,
``product_search.py``, ``recommendations.py``, ``service.py``, ``preferences.py`` and
``widget_events.py``; every sentence shoppers read is in ``replies.py``.
"""

from recsys.assistant.facade import Assistant, get_assistant, start_reloader
from recsys.assistant.product_search import PhotoSearchUnavailable
from recsys.assistant.references import Resolution
from recsys.assistant.views import Answer, ProductView

__all__ = ["Answer", "Assistant", "PhotoSearchUnavailable", "ProductView", "Resolution", "get_assistant",
           "start_reloader"]
