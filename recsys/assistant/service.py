"""Customer service: policy answers, returns of verified order items, and order look-ups."""

from __future__ import annotations

import re

from recsys.assistant import replies
from recsys.assistant.product_search import ProductSearch
from recsys.assistant.references import Resolution, named_in_catalog
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer
from recsys.scene.cues import ITEM_PROBLEM
from recsys.scene.slots import parse_email
from recsys.storage.orders import OrderView

# The service topic a message names, by its words (the dialogue reads them too).
TOPIC_WORDS = [("refund_request", re.compile(r"\b(refund|money back|(?:get|receive|have) (?:the|my) money|reimburs|"
                                             # a learner's words for it ("reembolso", "rimborso", "remboursement")
                                             r"reembols|rimbors|rembours)", re.I)),
               ("return_request", re.compile(r"\b(return|returns|returning|exchanges?|send (?:\w+ )?back|"
                                             # "I want to make a devolution" (Spanish "devolución")
                                             r"devolution|devoluci[oó]n|"
                                             # "if the size is not good, I can change it?"
                                             r"(?:size|colou?r) (?:is|was|'s) not (?:good|right|ok|correct)|"
                                             r"(?:doesn'?t|does not|don'?t|do not|won'?t) fit|"
                                             r"(?:for|in) (?:another|a different|a bigger|a smaller) (?:size|colou?r)|"
                                             r"swap (?:\w+ )?(?:sizes?|colou?rs?|it|them|for)|"
                                             # "if size is wrong, she can change?"
                                             r"wrong (?:size|colou?r)|(?:size|colou?r) (?:is|was|'s) wrong|"
                                             # "If is too small, she can change to 29?"
                                             r"if\b[^.?!]{0,20}\btoo (?:small|big|large|tight|loose|short|long))\b",
                                             re.I)),
               ("delivery_info", re.compile(r"\b(deliver|delivery|shipp?ing|ship|arrive|(?<!american )express|"
                                            # "can i still change the adress": where the parcel goes
                                            # (not "the address in my profile": the account's)
                                            r"change (?:the )?add?ress?(?![^.?!]*\b(?:profile|account|settings)\b)|"
                                            # "You are sending also to Poland?": where it can go
                                            r"send(?:ing)? (?:\w+ )?(?:also )?to (?!me\b|you\b)[a-z]+(?=\s*\?)|"
                                            # "how long would it take to get there? she's in toronto"
                                            r"take (?:to|for (?:it|them) to) (?:get|reach|come) (?:there|here|to)|"
                                            r"get (?:there|to (?:her|him|them|me)) (?:by|before|in time))\b",
                                            re.I)),
               ("payment_info", re.compile(r"\b(pay|payment|paypal|cards?|installments?|klarna|amex|american express|"
                                           r"visa|mastercard)\b", re.I)),
               ("account_help", re.compile(r"\b(account|password|log ?in|sign ?in)\b", re.I))]
TOPIC_PATTERNS = dict(TOPIC_WORDS)
RETURN_TOPICS = {"return_request", "refund_request"}
# An order look-up started by one of these questions first says the policy's gist.
ORDER_NOTE_TOPICS = ("refund_request", "return_request")
# Topics whose answer may be about a product on screen ("how fast can the second one arrive?").
# "will delivery be free", "how much is shipping": the cost asked, ...
FREE_ASKED = re.compile(r"\b(?:free|cost|costs|how much|fee|charge[ds]?)\b", re.I)
# ... on what the shopper is buying ("on that", "with two pairs and the bag", "my order", "now")
ABOUT_CART = re.compile(r"\b(?:on (?:that|this|it|them|those)|with (?:that|this|those|these|the|two|three|all|"
                        r"everything|\d)|my (?:cart|basket|order|total)|the (?:cart|basket|total)|now|then|so far|"
                        r"all (?:of )?(?:that|this|it|together))\b", re.I)
POLICY_TOPICS = RETURN_TOPICS | {"delivery_info", "store_policy", "payment_info"}
# "so has it shipped or not", "is it on its way": about an item of a verified order, its status
SHIPMENT_STATUS = re.compile(r"\b(?:shipped|dispatched|sent (?:out|off)|on (?:its|the) way|arriv\w*|get here|be here|"
                             r"delivered|track(?:ing)?|where(?:'?s| is) it|status)\b", re.I)

# "if i dont like it how do i return", "what if it doesn't fit": how returns work, no return opened yet
HYPOTHETICAL = re.compile(r"\b(?:if|what if|in case|how (?:do|would|could|can) i|how does (?:it|that|a return) work)\b",
                          re.I)
# "roughly when will it get here", "how long till it arrives", "eta?": when a verified order arrives
ARRIVAL_ASK = re.compile(r"\b(?:when|how long|how soon|how many days|eta)\b.{0,30}\b(?:get here|arrive|come|be here|"
                         r"deliver\w*|get it|reach|land)|\beta\b", re.I)

# "has it shipped", "so is that order on its way": back at the order looked up last
POINTS_BACK = re.compile(r"\b(?:it|that|this|the order|that order|this order|my order|the package|the parcel)\b", re.I)
OTHER_ORDER = re.compile(r"\b(?:other|another|second|new|different|older|earlier)\s+(?:order|one|package|parcel)\b",
                         re.I)


# "closed?? what does that mean", "what does pending payment mean": an order status word, asked about
STATUS_WORD = re.compile(r"\b(pending[ _]payment|processing|shipped|delivered|cancell?ed|closed)\b", re.I)
MEANING = re.compile(r"\b(?:mean|means|meaning|wdym)\b|\bwhat(?:'s| is)\s+['\"]?(?:pending[ _]payment|processing|"
                     r"shipped|delivered|cancell?ed|closed)\b|^\W*\w+(?:[ _]\w+)?\s*\?+\W*$", re.I)


class ServiceDesk:
    """Answers service questions and order look-ups."""

    def __init__(self, shop: Shop, search: ProductSearch) -> None:
        self.shop = shop
        self.search = search

    def answer(self, sender: str, topic: str | None, text: str, message_id: str | None = None,
               ref: str | None = None) -> Answer:
        """The shop's policy on ``topic``, about the product or verified order item the words point at.

        ``ref`` is the turn model's pointer ("2", "it"), used where the words' exact patterns find none.
        """
        shop = self.shop
        policy = shop.policies.get(topic or "", shop.policies["service_default"])
        if topic == "delivery_info" and FREE_ASKED.search(text or "") and ABOUT_CART.search(text or "") \
                and shop.shipping is not None and (total := self._cart_total(sender)) > 0:
            # "is shipping free on that?" with things in the cart: the policy, and what it means for the cart
            return Answer(f"{policy}\n{replies.cart_delivery(total, shop.shipping)}", kind="service")
        if topic in POLICY_TOPICS:
            parsed = shop.parser.parse(text or "")
            # ("if my sister doesn't like hers, can she exchange it": her item in the cart)
            resolution = shop.resolve_reference(sender, parsed, ref, owned=True)
            kinds = parsed.filters.categories
            if resolution is not None and resolution.source.kind != "order" and kinds and parsed.ordinal is None \
                    and not any(p.category_leaf in kinds for p in resolution.products):
                # "my sister wants to return a hoodie. How can she do it?" with backpacks on screen:
                # a product of another kind, not the one shown ("can i return the 1st one if its too shrt"
                # points at the shown one, whatever kind a misspelt word reads as)
                resolution = None
            if resolution is not None and resolution.source.kind == "order" and topic in RETURN_TOPICS:
                titles = list(dict.fromkeys(p.title for p in (shop.products.get(pid) for pid in
                                                              resolution.source.product_ids) if p))
                if HYPOTHETICAL.search(text or ""):  # "and if i dont like it how do i return": how, not now
                    numbers = shop.store.verified_orders(sender)
                    if numbers:
                        offered = titles if resolution.guessed else [p.title for p in resolution.products]
                        return Answer(replies.return_offer(offered, numbers[0], policy))
                if resolution.guessed:  # "can I swap it for a bigger size?" after an order of four items
                    return Answer(replies.which_order_item(titles, policy))
                return self._return_order_items(sender, message_id, resolution, policy)
            if resolution is not None and resolution.source.kind == "order" and SHIPMENT_STATUS.search(text or "") \
                    and not ITEM_PROBLEM.search(text or ""):
                status = self._order_again(sender, resolution, message_id, text or "")
                if status is not None:
                    return status
            named = named_in_catalog(text or "", shop.products) if resolution is None else None
            if (resolution is not None and len(resolution.products) == 1) or named is not None:
                # "saw the teton pullover hoodie cheaper elsewhere, do u price match?": the product
                # named becomes the one in focus, so "how much is it here?" is about it next
                focus = named or resolution.product
                view = shop.view(focus, 1.0, replies.ASKED_ABOUT)
                turn_id = shop.remember(sender, message_id, [view], "focus")
                shop.store.record_event(sender, focus.id, "asked_about", turn_id)
                return Answer(replies.about_product(focus.title, policy), [view], list_kind="focus")
            if resolution is not None:
                return Answer(replies.about_products([p.title for p in resolution.products], policy))
        elif topic not in shop.policies:
            # Not a service question at all ("the blue one" right after a return answer, which the
            # scene model kept in service): a pointer at a product on screen is a search for it.
            resolution = shop.resolve_reference(sender, shop.parser.parse(text or ""))
            if resolution is not None and resolution.source.kind != "order":
                return self.search.search(sender, text, message_id)
        return Answer(policy)

    def _cart_total(self, sender: str) -> float:
        """What the shopper's cart costs (priced items)."""
        products = self.shop.products
        return sum((products[pid].price or 0.0) * qty for pid, qty in self.shop.store.cart(sender).items()
                   if pid in products)

    def status_meaning(self, sender: str, text: str) -> Answer | None:
        """What a status word means ("closed?? what does that mean"), after an order look-up; None otherwise."""
        text = text or ""
        word = STATUS_WORD.search(text)
        if word is None or not MEANING.search(text) or re.search(r"\d{4,}", text) \
                or not self.shop.store.verified_orders(sender):
            return None
        return Answer(replies.status_meaning(word.group(1)), kind="service")

    def topic_note(self, text: str) -> str | None:
        """The gist of the refund or return policy when an order look-up starts from such a question.

        "I sent back something from order 1003, when do I get my refund?": the look-up first needs
        the email, but how long refunds take is known now and said before asking.
        """
        text = text or ""
        spelt = self.shop.speller.correct(text).text  # "i need to retrun a pair of shorts"
        for topic in ORDER_NOTE_TOPICS:
            if TOPIC_PATTERNS[topic].search(text) or TOPIC_PATTERNS[topic].search(spelt):
                return self.gist(topic)
        return None

    def order_meant(self, sender: str, text: str) -> tuple[str, str] | None:
        """The verified order a status question without a number means ("so has it shipped or not").

        The order looked up last in this chat, with its email, when the words point back at it
        (no number, no "other order"); None otherwise (then the look-up asks for the number).
        """
        text = text or ""
        if re.search(r"\d{4,}", text) or OTHER_ORDER.search(text) or not POINTS_BACK.search(text):
            return None
        store = self.shop.store
        orders, email = store.verified_orders(sender), store.verified_email(sender)
        return (orders[0], email) if orders and email else None

    def email_said_before(self, sender: str) -> str | None:
        """The email "same email" means: the one proved by a look-up, else the last one the shopper typed."""
        store = self.shop.store
        verified = store.verified_email(sender)
        if verified:
            return verified
        return next((email for text in store.recent_texts(sender) if (email := parse_email(text))), None)

    def gist(self, topic: str) -> str | None:
        """The first sentence of a topic's policy ("You can return unworn items within 30 days ...")."""
        policy = self.shop.policies.get(topic, "")
        return re.split(r"(?<=[.!?])\s", policy, maxsplit=1)[0] if policy else None

    def _order_again(self, sender: str, resolution: Resolution, message_id: str | None,
                     asked: str = "") -> Answer | None:
        """The status of the verified order holding the item the words point at, said again."""
        store = self.shop.store
        email = store.verified_email(sender)
        if not email:
            return None
        for number in store.verified_orders(sender):
            order = self.shop.orders.lookup(number, email)
            if order is not None and any(pid == resolution.product.id for pid, *_ in order.items):
                return self.order_answer(sender, number, email, message_id, asked)
        return None

    def _return_order_items(self, sender: str, message_id: str | None, resolution: Resolution, policy: str) -> Answer:
        """Open return requests for items of an order the shopper verified in this conversation."""
        store = self.shop.store
        numbers = store.verified_orders(sender)
        if not numbers:
            return Answer(policy)
        turn_id = self.shop.turn_id(sender, message_id)
        opened, again = [], []
        for product in resolution.products:
            for order_number in numbers:  # the most recently verified order that has this item
                made = store.request_return(sender, order_number, product.id, turn_id)
                if made is not None:
                    (opened if made[1] else again).append((product.title, order_number, made[0]))
                    break
        if not opened and not again:
            return Answer(policy)
        return Answer(replies.returns_opened(opened, again, policy))

    def order_answer(self, sender: str, number: str, email: str, message_id: str | None = None,
                     asked: str = "") -> Answer:
        """An order's status for the shopper who gives its number and email; its items become context.

        ``asked``: the shopper's words; "when will it get here" also gets how long delivery takes.
        """
        shop = self.shop
        order = shop.orders.lookup(number, email)
        if order is None:
            return Answer(replies.ORDER_NOT_FOUND)
        text = replies.describe_order(order)
        if ARRIVAL_ASK.search(asked or "") and order.status in {"processing", "shipped"}:
            text = f"{text} {replies.arrival_note(self.gist('delivery_info'), order.estimated_delivery)}"
        turn_id = shop.turn_id(sender, message_id)
        shop.store.set_verified_email(sender, email)
        if shop.store.record_verified_order(sender, order.number, turn_id):
            for pid, *_ in order.items:  # what they bought is taste, for recommendations
                shop.store.record_event(sender, pid, "bought", turn_id)
        items = [shop.products[pid] for pid, *_ in order.items if pid in shop.products]
        if turn_id is not None and items:  # "can I return it?" now means this order's item
            shop.store.record_shown(turn_id, [(p.id, None, replies.in_order(order.number)) for p in items],
                                    kind="order")
        return Answer(text, card=order_card(order))


def order_card(order: OrderView) -> dict:
    """An order as a structured card for rich clients."""
    return {"type": "order", "number": order.number, "status": order.status,
            "placed_at": order.placed_at.date().isoformat(), "carrier": order.carrier,
            "tracking_number": order.tracking_number,
            "estimated_delivery": order.estimated_delivery.date().isoformat() if order.estimated_delivery else None,
            "total": round(order.total, 2), "currency": order.currency,
            "items": [{"id": pid, "title": title, "quantity": qty, "size": size, "color": color}
                      for pid, title, qty, size, color, _ in order.items]}
