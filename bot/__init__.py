"""The Rasa side of the assistant (``bot.channels``, run by the Rasa server) and the web assets.

The distribution ships only this top-level package from ``bot/``, for its package data: the chat
widget (``widget/``) and the demo storefront page (``storefront/``), which ``recsys.demo.storefront``
finds with ``importlib.resources.files("bot")``. Keep this module free of imports: loading it must
not pull in Rasa (``bot.channels`` needs Rasa and is not part of the distribution).
"""
