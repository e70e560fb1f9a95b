"""Rasa-facing actions. No ML or SQL here: every decision is made by recsys.assistant."""

from __future__ import annotations

import abc
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, ConversationPaused, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.client_shapes import carousel, client_kind
from recsys.assistant import Answer, get_assistant, replies
from recsys.assistant.dialogue import SERVICE_INTENTS
from recsys.assistant.replies import ENGLISH_ONLY
from recsys.images import CheckedImage, ImageError, has_photo, photo_from_metadata
from recsys.scene.cues import photo_shows_problem
from recsys.scene.model import SCENES
from recsys.scene.slots import parse_email, parse_order_number, says_same_email
from recsys.storage.context_store import STORE_UNAVAILABLE

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on our side. Please try again in a moment."
STORE_DOWN = ("Sorry, I can't reach our shop records right now, so I can't answer that properly. "
              "Please try again in a minute; what you told me before is kept.")


def _message_id(tracker: Tracker) -> str:
    """Stable id of the latest user message, so retried webhooks don't double-record a turn."""
    msg = tracker.latest_message or {}
    if msg.get("message_id"):
        return str(msg["message_id"])
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return f"ts-{event.get('timestamp')}"
    return "none"


def _text(tracker: Tracker) -> str:
    """What the shopper typed; an intent shortcut ("/search_product", sent for a bare photo) is no text."""
    text = tracker.latest_message.get("text") or ""
    return "" if text.startswith("/") else text


def _photo(tracker: Tracker) -> CheckedImage | None:
    """The checked photo attached to the latest message (raises ImageError if unusable)."""
    settings = get_assistant().settings
    return photo_from_metadata(tracker.latest_message.get("metadata"), settings.upload_dir,
                               settings.max_upload_bytes)


def _photo_search(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """Answer a message that carries a photo; None when it carries none."""
    if not has_photo(tracker.latest_message.get("metadata")):
        return None
    try:
        photo = _photo(tracker)
    except ImageError as exc:
        dispatcher.utter_message(text=f"Sorry, I couldn't use that photo: {exc}.")
        return []
    answer = get_assistant().search(tracker.sender_id, _text(tracker), _message_id(tracker), photo=photo)
    return _send(dispatcher, answer, "search", _client(tracker))


def _event(tracker: Tracker) -> dict:
    """A widget event sent with the message: {"type": "view"|"more_like_this"|"add_to_cart", "product_id"}."""
    event = (tracker.latest_message.get("metadata") or {}).get("event")
    return event if isinstance(event, dict) else {}


def _client(tracker: Tracker) -> str:
    """What the shopper's client renders: ``rich``, ``standard`` or ``text`` (see client_shapes.py)."""
    return client_kind(tracker.get_latest_input_channel())


def _rich(tracker: Tracker) -> bool:
    """Whether the channel renders our custom payloads (product lists, cards); the text says it all otherwise."""
    return _client(tracker) == "rich"


def _send(dispatcher: CollectingDispatcher, answer: Answer, kind: str, client: str = "rich") -> list[EventType]:
    """Send an answer in the shapes the client renders (see client_shapes.py); remembers the shown products.

    Rich clients get our card and products payload, which says whether it is a list to pick from
    (``"list": "list"``) or the one product the answer is about (``"focus"``); standard clients a
    carousel attachment; text clients the text alone.
    """
    rich = client == "rich"
    if answer.text:
        dispatcher.utter_message(text=answer.text)
    if answer.products and client == "standard":
        dispatcher.utter_message(attachment=carousel([p.payload() for p in answer.products]))
    if answer.card and rich:
        dispatcher.utter_message(json_message=answer.card)
    if answer.products and rich:
        dispatcher.utter_message(json_message={
            "type": "products", "scene": answer.kind or kind, "list": answer.list_kind, "filters": answer.filters,
            "relaxed": answer.relaxed, "products": [p.payload() for p in answer.products],
        })
    if answer.products:
        return [SlotSet("shown_products", [p.id for p in answer.products])]
    return []


def _send_all(dispatcher: CollectingDispatcher, tracker: Tracker, answers: list[Answer],
              kind: str) -> list[EventType]:
    """Send several answers in order (one per ask); the shown products are the last list's."""
    events: list[EventType] = []
    start: list[EventType] = []
    client = _client(tracker)
    for answer in answers:
        events = _send(dispatcher, answer, answer.kind or kind, client) or events
        if answer.start_order is not None and not (tracker.active_loop or {}).get("name") \
                and not (start and not answer.start_order):
            # An order number in a turn Rasa routed elsewhere: the order form takes it and asks the
            # email; "i want to return something i bought": the form asks the number (a number
            # said in another clause of the message wins).
            start = ([SlotSet("order_number", answer.start_order)] if answer.start_order else []) \
                + [FollowupAction("order_form")]
    # The scene the turn was answered in: the words can overrule the model's reading ("price
    # match?" read as shopping is answered with the policy), and the scene slot says what happened.
    answered = next((a.kind for a in answers if a.kind in SCENES), None)
    scene = [SlotSet("scene", answered)] if answered and answered != tracker.get_slot("scene") else []
    return events + scene + start


def _happened_this_turn(tracker: Tracker, kind: str, name: str | None) -> bool:
    """Whether an event of ``kind`` named ``name`` came after the shopper's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == kind and event.get("name") == name:
            return True
    return False


def _filled_this_turn(tracker: Tracker) -> bool:
    """Whether the shopper's latest message gave the order look-up its number or email."""
    return any(_happened_this_turn(tracker, "slot", slot) for slot in ("order_number", "order_email"))


def _answered_this_turn(tracker: Tracker) -> bool:
    """Whether the bot already said something after the shopper's latest message."""
    return _happened_this_turn(tracker, "bot", None)  # a bot event has no name


def _turn_tracked(tracker: Tracker) -> bool:
    """Whether this turn's scene is already decided: a scene slot was set after the shopper's latest message."""
    return _happened_this_turn(tracker, "slot", "scene")


def _track_turn(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Run the scene model on the turn (photo and widget event included); the scene slots it sets.

    The shop widget gets the decision for its "Why?" panel. A message in another language gets
    an honest answer instead of a confident wrong one, and the turn ends there.
    """
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    assistant = get_assistant()
    event = _event(tracker)
    photo, photo_error = None, None
    if has_photo(tracker.latest_message.get("metadata")):
        try:
            photo = _photo(tracker)
        except ImageError as exc:  # the search action tells the shopper; the scene model goes on without it
            photo_error = str(exc)
    decision = assistant.observe_turn(tracker.sender_id, _message_id(tracker), _text(tracker), intent,
                                      photo=photo, photo_error=photo_error,
                                      event=str(event.get("type") or "") or None)
    if event.get("type") and event.get("product_id"):
        assistant.widget_event(tracker.sender_id, _message_id(tracker), str(event["type"]),
                               str(event["product_id"]))
    if tracker.get_latest_input_channel() == "shop":  # the widget shows this behind "Why?"
        dispatcher.utter_message(json_message={"type": "scene", "scene": decision.scene,
                                               "previous": tracker.get_slot("scene"), "probs": decision.probs,
                                               "explanation": decision.explanation})
    events: list[EventType] = [SlotSet("previous_scene", tracker.get_slot("scene")),
                               SlotSet("scene", decision.scene), SlotSet("scene_probs", decision.probs)]
    if intent == "order_status" and not (tracker.active_loop or {}).get("name"):
        # "so has it shipped or not" after a look-up: that order again, not the form's questions
        meant = assistant.order_meant(tracker.sender_id, _text(tracker))
        if meant is not None:
            events += [SlotSet("order_number", meant[0]), SlotSet("order_email", meant[1])]
    if decision.act == "other_language":
        # Whatever intent DIET guessed for it; the rule's next steps (an order form's question) wait.
        dispatcher.utter_message(text=ENGLISH_ONLY)
        events.append(FollowupAction("action_listen"))
    return events


def _track_safely(dispatcher: CollectingDispatcher, tracker: Tracker, name: str) -> list[EventType]:
    """``_track_turn``, its failures logged but never answered (the turn goes on without a scene)."""
    # Without the database this turn cannot be recorded; the answer that follows apologises if it
    # needs the records, and small talk still works.
    try:
        return _track_turn(dispatcher, tracker)
    except STORE_UNAVAILABLE as exc:
        log.warning("%s: database unavailable for sender %s while tracking the scene: %s", name,
                    tracker.sender_id, type(exc).__name__)
    except Exception:  # noqa: BLE001
        log.exception("%s: tracking the scene failed for sender %s", name, tracker.sender_id)
    return []


class SafeAction(Action, abc.ABC):
    """An action whose failures become a polite reply and a logged traceback, never a silent turn.

    An answering action (``tracks_turn``) first decides the turn's scene when no action did yet
    this turn, so that one call to the action server answers a user turn: the rules run it
    straight after the message (bot/data/rules.yml). Abstract, so rasa_sdk's executor does not
    register it as an action itself.
    """

    tracks_turn = True
    # Whether the turn ends with this action when no form is open: every rule that runs it outside
    # the order form ends there (bot/data/rules.yml), so it says so and Rasa listens without asking
    # its policies again (one prediction a turn instead of two; the form's own questions do not).
    ends_turn = True

    @abc.abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    @abc.abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """The action's work; ``run`` turns its failures into replies."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Track the turn if needed, then run ``act``; then listen, unless a form or a follow-up goes on."""
        events = self._answer(dispatcher, tracker, domain)
        if self.ends_turn and not (tracker.active_loop or {}).get("name") \
                and not any(e.get("event") in {"followup", "pause", "active_loop"} for e in events):
            events.append(FollowupAction("action_listen"))
        return events

    def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Track the turn if needed, then run ``act``; a database outage or any other failure is apologised for."""
        tracked: list[EventType] = []
        if self.tracks_turn and not _turn_tracked(tracker):
            tracked = _track_safely(dispatcher, tracker, self.name())
            tracker.add_slots(tracked)  # the answer reads the scene it just decided
            if any(e.get("event") == "followup" for e in tracked):
                return tracked  # another language: answered already
        try:
            return tracked + self.act(dispatcher, tracker, domain)
        except STORE_UNAVAILABLE as exc:
            log.warning("%s: database unavailable for sender %s: %s", self.name(), tracker.sender_id,
                        type(exc).__name__)
            dispatcher.utter_message(text=STORE_DOWN)
            return tracked
        except Exception:  # noqa: BLE001
            log.exception("%s failed for sender %s", self.name(), tracker.sender_id)
            dispatcher.utter_message(text=SORRY)
            return tracked


class ActionTrackScene(Action):
    """Decides and records the turn's scene where a response, not one of our actions, answers it (greet, thanks)."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_track_scene"

    def run(self, dispatcher, tracker, domain):
        """Track the turn; failures are logged but never answered (the turn goes on without a scene)."""
        return _track_safely(dispatcher, tracker, self.name())


def _intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _search(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    photo_events = _photo_search(dispatcher, tracker)
    if photo_events is not None:
        return photo_events
    answer = get_assistant().search(tracker.sender_id, _text(tracker), _message_id(tracker))
    return _send(dispatcher, answer, "search", _client(tracker))


def _recommend(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    event = _event(tracker)
    if event.get("type") != "more_like_this":
        photo_events = _photo_search(dispatcher, tracker)  # "something like this" + photo
        if photo_events is not None:
            return photo_events
    focus = str(event["product_id"]) if event.get("type") == "more_like_this" and event.get("product_id") else None
    answer = get_assistant().recommend(tracker.sender_id, _text(tracker), _message_id(tracker), focus_id=focus)
    return _send(dispatcher, answer, "recommend", _client(tracker))


def _service(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    answer = get_assistant().service_answer(tracker.sender_id, _intent(tracker),
                                            tracker.latest_message.get("text") or "", _message_id(tracker))
    return _send(dispatcher, answer, "service", _client(tracker))


HANDLERS = {"search": _search, "recommend": _recommend, "service": _service}


def _answer_turn(dispatcher: CollectingDispatcher, tracker: Tracker, own: str | None) -> list[EventType]:
    """Answer the turn by its dialogue act (recsys.assistant.dialogue): one answer per ask, in order.

    A photo is a photo search and a widget "More like this" a recommendation, whatever the act.
    Small talk has no answer there: the action's own scene answers it (``own``), or, without one,
    the caller says it did not understand (returns None).
    """
    if has_photo(tracker.latest_message.get("metadata")) or _event(tracker).get("type") == "more_like_this":
        # a photo routed to service is a product to find ("this is the hoodie that was in it"),
        # unless the words report a problem with it ("the zip is already broken")
        handler = own or "search"
        if _event(tracker).get("type") == "more_like_this":
            handler = "recommend" if handler == "service" else handler
        elif photo_shows_problem(_text(tracker)):
            # whichever action Rasa chose (an unsure reading falls back to none): what returns allow
            topic = _intent(tracker) if _intent(tracker) in SERVICE_INTENTS else "return_request"
            answer = get_assistant().service_answer(tracker.sender_id, topic, _text(tracker), _message_id(tracker))
            return _send(dispatcher, answer, "service", _client(tracker))
        elif handler == "service":
            handler = "search"
        return HANDLERS[handler](dispatcher, tracker)
    answers = get_assistant().respond(tracker.sender_id, _message_id(tracker), _text(tracker), _intent(tracker))
    if not answers:
        return HANDLERS[own](dispatcher, tracker) if own else None
    return _send_all(dispatcher, tracker, answers, own or "search")


class ActionSearchProducts(SafeAction):
    """Answers a shopping turn: a search, or the shop task its act names (cart, a question about a product...)."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_search_products"

    def act(self, dispatcher, tracker, domain):
        """Answer by the turn's act."""
        return _answer_turn(dispatcher, tracker, "search")


class ActionRecommendProducts(SafeAction):
    """Answers a recommend turn: personalised picks, each with its reason."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_recommend_products"

    def act(self, dispatcher, tracker, domain):
        """Answer by the turn's act."""
        return _answer_turn(dispatcher, tracker, "recommend")


class ActionServiceAnswer(SafeAction):
    """Answers a customer-service turn (returns, shipping, payment, account), about a shown product where named."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_service_answer"

    def act(self, dispatcher, tracker, domain):
        """Answer by the turn's act."""
        return _answer_turn(dispatcher, tracker, "service")


class ActionWidgetEvent(SafeAction):
    """A click in the widget ("/widget_event" + metadata.event), recorded as context.

    The scene model does not run on it (a click is not a change of course); add to cart is
    confirmed.
    """

    tracks_turn = False  # a click is context, not a turn the scene model reads

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_widget_event"

    def act(self, dispatcher, tracker, domain):
        """Record the click; confirm an add to cart."""
        event = _event(tracker)
        kind = str(event.get("type") or "")
        product = get_assistant().widget_event(tracker.sender_id, _message_id(tracker), kind,
                                               str(event.get("product_id") or ""))
        if product is not None and kind == "add_to_cart":
            dispatcher.utter_message(text=f"Added the {product.title} to your cart.")
            if _rich(tracker):
                dispatcher.utter_message(json_message=get_assistant().cart_card(tracker.sender_id))
        return []


class ActionHandoff(SafeAction):
    """Hands the chat to a human agent."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_handoff"

    def act(self, dispatcher, tracker, domain):
        """Tell the shopper, signal the handoff to the widget, set the ``handoff`` slot and pause the bot.

        Rasa answers no message of a paused conversation (they are still recorded, so the agent
        sees them) until the helpdesk hands it back: ``POST /conversations/<id>/tracker/events``
        with ``[{"event": "resume"}, {"event": "slot", "name": "handoff", "value": false}]``.
        The tracker's ``paused`` field and the ``handoff`` slot are the state a bridge reads.
        """
        dispatcher.utter_message(text=replies.HANDOFF)
        if _rich(tracker):
            dispatcher.utter_message(json_message={"type": "handoff", "sender": tracker.sender_id})
        log.info("handoff sender=%s: conversation paused until handed back", tracker.sender_id)
        # Rasa stops predicting at the pause, before its own action_listen: said here, so that the
        # first message after the hand-back is predicted from a listening state (else the history
        # reads as the hand-off going on, and it is repeated).
        return [SlotSet("handoff", True), ActionExecuted("action_listen"), ConversationPaused()]


class ActionSceneFallback(SafeAction):
    """NLU was unsure or called the turn out of scope: let the scene model route it.

    A follow-up such as "in blue?" is out of scope only to a model that cannot see the
    conversation.
    """

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_scene_fallback"

    def act(self, dispatcher, tracker, domain):
        """Answer in the turn's scene; without one, search a photo or say the bot did not understand."""
        intent = _intent(tracker)
        if _text(tracker).strip():
            events = _answer_turn(dispatcher, tracker, None)
            if events is not None:
                return events
        photo_events = _photo_search(dispatcher, tracker)
        if photo_events is not None:
            return photo_events
        if not _text(tracker).strip():
            dispatcher.utter_message(text="I didn't catch anything there. What can I help you with?")
            return []
        if (tracker.active_loop or {}).get("name") and intent != "out_of_scope":
            # Unclear small talk while the order look-up waits ("sorry, all over the place today"):
            # no "didn't get that", the look-up asks its question again next.
            dispatcher.utter_message(text=replies.NO_PROBLEM)
            return []
        if intent != "out_of_scope" and tracker.get_slot("scene") == "chitchat" and len(_text(tracker).split()) >= 2:
            # "lol ur actually helpful": small talk the turn model saw as such, only unsure of its act
            dispatcher.utter_message(text=replies.SMALL_TALK)
            return []
        dispatcher.utter_message(text=replies.OUT_OF_SCOPE if intent == "out_of_scope" else replies.DIDNT_GET_IT)
        return []


class ActionShowPreferences(SafeAction):
    """"What do you know about me?": the stored preferences, with where each was said."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_show_preferences"

    def act(self, dispatcher, tracker, domain):
        """Send the stored preferences."""
        return _send(dispatcher, get_assistant().show_preferences(tracker.sender_id), "service", _client(tracker))


class ActionForgetPreferences(SafeAction):
    """"Forget my size" / "forget everything": drops those preferences for later searches."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_forget_preferences"

    def act(self, dispatcher, tracker, domain):
        """Forget the preferences the message names, or all of them."""
        answer = get_assistant().forget_preferences(tracker.sender_id, _text(tracker))
        return _send(dispatcher, answer, "service", _client(tracker))


class ValidateOrderForm(FormValidationAction):
    """Fills and checks the order form's number and email slots."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "validate_order_form"

    async def run(self, dispatcher, tracker, domain):
        """Record the turn as context, then validate the form as rasa_sdk does."""
        # Turns answered inside the form never reach action_track_scene; record them here.
        try:
            intent = (tracker.latest_message.get("intent") or {}).get("name")
            get_assistant().observe_turn(tracker.sender_id, _message_id(tracker),
                                         tracker.latest_message.get("text") or "", intent, in_order_form=True)
        except Exception:  # noqa: BLE001 - recording must not block the order look-up
            log.exception("could not record form turn for sender %s", tracker.sender_id)
        return await super().run(dispatcher, tracker, domain)

    async def extract_order_number(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        """Fill ``order_number`` from an order number in the message text."""
        # Order numbers typed as plain text ("it's 1042") are caught even when NLU misses them.
        number = parse_order_number(tracker.latest_message.get("text") or "")
        return {"order_number": number} if number else {}

    async def extract_order_email(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        """Fill ``order_email`` from an email address in the message text."""
        text = tracker.latest_message.get("text") or ""
        email = parse_email(text)
        if email is None and says_same_email(text):  # "oh wait wrong number, its 1001. same email"
            email = get_assistant().email_said_before(tracker.sender_id)
        if email is None and not tracker.get_slot("order_email"):
            # "Wait, I check also my other order, number 1001" after a look-up proved an email: that
            # email again, not asked twice (a wrong pair is said not found, and the email asked then)
            email = get_assistant().verified_email(tracker.sender_id)
        return {"order_email": email} if email else {}

    def validate_order_number(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        """Keep a well-formed order number (normalised); otherwise say what one looks like and ask again."""
        number = parse_order_number(str(value or ""))
        if not number:
            dispatcher.utter_message(text="That doesn't look like an order number. "
                                          "It's the 4-10 digit number in your confirmation email.")
            return {"order_number": None}
        return {"order_number": number}

    def validate_order_email(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        """Keep a well-formed email address (lower-cased); otherwise ask again."""
        email = parse_email(str(value or ""))
        if not email:
            dispatcher.utter_message(text="That doesn't look like an email address. Could you type it again?")
            return {"order_email": None}
        return {"order_email": email}


class ActionStopTask(SafeAction):
    """"Forget it" while the order look-up waits: it stops, and a request in the same message is answered."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_stop_task"

    def act(self, dispatcher, tracker, domain):
        """Say the look-up stopped; answer what follows "forget it" ("..., show me tank tops instead")."""
        dispatcher.utter_message(text=replies.TASK_STOPPED)
        answers = get_assistant().respond_after_cancel(tracker.sender_id, _message_id(tracker), _text(tracker))
        return _send_all(dispatcher, tracker, answers, "search")


class ActionCancelRequest(SafeAction):
    """"Forget it" with no task going on: fine, and a request in the same message is answered ("..., clear my cart")."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_cancel_request"

    def act(self, dispatcher, tracker, domain):
        """Answer what follows "forget it"; with nothing after it, offer help."""
        answers = get_assistant().respond_after_cancel(tracker.sender_id, _message_id(tracker), _text(tracker))
        if answers:
            return _send_all(dispatcher, tracker, answers, "search")
        dispatcher.utter_message(response="utter_anything_else")
        return []


FORM_INTENTS = {"order_status", "provide_order_info"}
ASK_ORDER_NUMBER = ("Sure, I can check that. What's your order number? "
                    "(You'll find it in your confirmation email, e.g. 1042.)")
ASK_ORDER_EMAIL = "And the email address you used for that order?"
BACK_TO_ORDER = "Back to your order look-up: "


def _form_started_this_turn(tracker: Tracker) -> bool:
    """Whether the order form became active after the shopper's latest message (then no look-up was going on)."""
    return _happened_this_turn(tracker, "active_loop", "order_form")


class _AskOrderSlot(SafeAction, abc.ABC):
    """The order form's question; after a detour it says the look-up goes on (and keeps what was given)."""

    tracks_turn = False  # the order form's own turns are recorded by validate_order_form
    ends_turn = False  # the form goes on after its question

    question: str
    again: str

    def act(self, dispatcher, tracker, domain):
        """Ask the form's open question, saying it resumes the look-up when the turn was a detour."""
        detour = _intent(tracker) not in FORM_INTENTS and tracker.latest_message.get("text") is not None \
            and not _form_started_this_turn(tracker)
        events: list[EventType] = []
        if _filled_this_turn(tracker) and not _answered_this_turn(tracker):
            # "its 1001. also do you ship to canada?": the form took the number; the question is answered too
            answers = get_assistant().respond_beside_order_info(tracker.sender_id, _message_id(tracker),
                                                                _text(tracker))
            if answers:
                events = _send_all(dispatcher, tracker, answers, "service")
                detour = False
        if detour:
            dispatcher.utter_message(text=BACK_TO_ORDER + self.again.format(number=tracker.get_slot("order_number")))
            return events
        # "when do I get my refund for order 1003?": how long refunds take is said before the question
        note = get_assistant().order_topic_note(_text(tracker)) \
            if _form_started_this_turn(tracker) and not events else None
        dispatcher.utter_message(text=f"{note} {self.question}" if note else self.question)
        return events


class ActionAskOrderNumber(_AskOrderSlot):
    """Asks for the order number."""

    question = ASK_ORDER_NUMBER
    again = "what's your order number? (Say \"forget it\" to stop.)"

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_ask_order_number"


class ActionAskOrderEmail(_AskOrderSlot):
    """Asks for the order's email address."""

    question = ASK_ORDER_EMAIL
    again = "what's the email address for order {number}? (Say \"forget it\" to stop.)"

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_ask_order_email"


class ActionOrderStatus(SafeAction):
    """Looks up the order the form collected; it is described only when number and email belong together."""

    tracks_turn = False  # runs when the form is done; the turn was recorded already

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_order_status"

    def act(self, dispatcher, tracker, domain):
        """Answer with the order's status and card, then clear the form's slots."""
        number, email = tracker.get_slot("order_number"), tracker.get_slot("order_email")
        answer = get_assistant().order_answer(tracker.sender_id, str(number or ""), str(email or ""),
                                              _message_id(tracker), _text(tracker))
        _send(dispatcher, answer, "service", _client(tracker))  # text, plus the order card for rich clients
        beside: list[EventType] = []
        if _filled_this_turn(tracker):
            # "alex0@example.com. also can i still change the delivery address": the look-up, then the question
            answers = get_assistant().respond_beside_order_info(tracker.sender_id, _message_id(tracker),
                                                                _text(tracker))
            beside = _send_all(dispatcher, tracker, answers, "service") if answers else []
        if answer.card is None:
            # Not found: the email goes (a new one retries this number); a new number replaces the old.
            return [SlotSet("order_email", None), *beside]
        # Found: the email stays, so the next look-up in this conversation asks only for the number.
        return [SlotSet("order_number", None), *beside]
