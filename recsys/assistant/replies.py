"""Every sentence the assistant says to shoppers, in one place.

Feature modules decide what to say; this module says it. Other tools and tests compare replies
byte for byte, so a change of wording here is a change of behaviour.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from recsys.assistant.views import ProductView, ShippingRates
from recsys.catalog import Product
from recsys.storage.context_store import StatedPreference
from recsys.storage.orders import OrderView

# ---- any scene ----------------------------------------------------------------------------------------
ENGLISH_ONLY = "Sorry, I can only chat in English for now. Could you write that in English?"
OUT_OF_SCOPE = ("Sorry, that's outside what I can help with here. I can search products, suggest ideas, and help "
                "with orders, delivery, returns and payment.")
DIDNT_GET_IT = ("Sorry, I didn't get that. Could you say it another way? You can ask me to find a product, suggest "
                "something, or help with an order.")
WHY_ORDER_DETAILS = ("I ask for the order number and the email address on the order so that only the person who "
                     "placed it can see its details.")
# what the bot is ("do you have a name?"), as the domain's utter_bot_challenge says it
ABOUT_THE_BOT = ("I'm the shop's virtual assistant (a bot). I can hand you over to a person whenever you like, "
                 "just say so.")
SMALL_TALK = "Happy to help! Anything else I can find or check for you?"  # small talk read as such
NO_PROBLEM = "No problem!"
# "never mind, I'll sort it out myself" with no task going on (the domain's utter_anything_else)
ANYTHING_ELSE = "Okay! Anything else I can help with? I can find products, suggest ideas, or check an order."
TASK_STOPPED = "Okay, I've stopped the order look-up. Anything else I can help with?"
HANDOFF = ("I'm passing you to a member of our support team. They'll see this conversation, so you won't need to "
           "repeat yourself. Our team is available Mon-Fri 9:00-18:00.")

# ---- product search -------------------------------------------------------------------------------
SITE_TROUBLE = ("Sorry it's been hard to find your way around. Tell me what you're looking for (e.g. \"black "
                "hoodie under $50\") and I'll find it, or ask me about an order, delivery or a return.")
ASK_WHAT = "What are you looking for? You can describe it, e.g. \"men's hoodie under $60\", or send a photo."
NO_PHOTO_MATCH = "Sorry, I couldn't find anything like your photo."
# The name of each filter a search may drop when nothing matches everything ("I dropped: size").
FILTER_NAMES = {"colors": "color", "exclude_colors": "colour exclusion", "sizes": "size", "max_price": "budget",
                "min_price": "minimum price",
                "gender": "gender", "brand": "brand"}


def nothing_matches(text: str) -> str:
    """No product passes even the relaxed filters."""
    return f"Sorry, nothing in the catalog matches \"{text}\". Try fewer details or another category."


def not_in_shop(text: str, categories: Iterable[str]) -> str:
    """The words name nothing the shop sells; lists what it does sell."""
    return f"Sorry, I couldn't find anything like \"{text}\" in our shop. We carry: {', '.join(categories)}."


def not_sold(kinds: Sequence[str], categories: Iterable[str]) -> str:
    """The shopper asked for a kind of product the shop has none of ("shoes"); what it does sell."""
    return f"Sorry, we don't sell {' or '.join(kinds)} here. We carry: {', '.join(categories)}."


def what_we_sell(departments: Iterable[str], categories: Iterable[str]) -> str:
    """What the shop sells, by department and kind, with how to ask."""
    people = [d.lower() for d in departments if d.lower() in {"men", "women", "kids", "boys", "girls", "unisex"}]
    rest = [d.lower() for d in departments if d.lower() not in people]
    what = _and_list([f"clothing for {_and_list(people)}"] * bool(people) + rest)
    return (f"We sell {what}: {', '.join(categories)}. Tell me what you are looking for (e.g. \"women's jackets "
            "under $60\") and I'll show you options.")


def earlier(filter_name: str) -> str:
    """A dropped preference carried over from an earlier turn."""
    return f"earlier {filter_name}"


def _with_filters(intro: str, described: Sequence[str]) -> str:
    return intro + (" (" + ", ".join(described) + ")" if described else "") + ":"


def search_intro(count: int, described: Sequence[str]) -> str:
    """Opening line of a search result list, naming the filters applied."""
    return _with_filters(f"Here {'is' if count == 1 else 'are'} {count} option{'s' if count != 1 else ''}", described)


def photo_intro(pictured: str | None, pictured_first: bool, several: bool, described: Sequence[str],
                owned: str | None = None) -> str:
    """Opening line of a photo search: which catalog product the photo shows, if any.

    ``owned``: the photo shows this product and the words ask for another kind to go with it.
    """
    if owned is not None:
        intro = f"Your photo looks like the {owned}; to go with it, here are some options"
    elif pictured is not None and pictured_first:
        intro = f"This looks like the {pictured}" + ("; here are the closest matches" if several else "")
    elif pictured is not None:
        intro = f"Your photo looks like the {pictured}; here are the closest matches"
    else:
        intro = "I couldn't find that exact item, but these are the closest matches"
    return _with_filters(intro, described)


SHOWN_AGAIN = "Here they are again, as I showed them before:"
SHOWN_BEFORE = "shown to you earlier"


def product_list(intro: str, views: Sequence[ProductView], carried: Sequence[str], relaxed: Sequence[str]) -> str:
    """A search list: intro, preferences kept from earlier, filters dropped, then one line per product."""
    text = intro
    if carried:
        text += f" I kept your earlier preference{'s' if len(carried) > 1 else ''}: {', '.join(carried)}."
    if relaxed:
        text += f" Nothing matched everything, so I dropped: {', '.join(relaxed)}."
    for i, v in enumerate(views, 1):
        price = f"${v.price:.2f}" if v.price is not None else "price on request"
        text += f"\n{i}. {v.title} - {price}"
    return text


def match_reason(product_kind: str, gender: str, met: Sequence[str]) -> str:
    """Why a product is on a search list, in plain words: "women's jackets, under $80, in your size M"."""
    kind = product_kind.lower()
    if gender in ("Men", "Women"):
        kind = f"{gender.lower()}'s {kind}"
    return ", ".join([kind, *met])


# ---- questions about a shown product ----------------------------------------------------------------
def _and_list(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _money(price: float | None) -> str:
    return f"${price:.2f}" if price is not None else "price on request"


def product_summary(title: str, price: float | None, colors: list[str], sizes: list[str], blurb: str) -> str:
    """A product in a few words: name, price, options and the first sentences of its description."""
    options = []
    if colors:
        options.append(f"in {_and_list([c.lower() for c in colors])}")
    if sizes:
        options.append(f"sizes {', '.join(sizes)}")
    text = f"The {title} is {_money(price)}" + (f" ({'; '.join(options)})" if options else "") + "."
    return f"{text} {blurb}".strip()


def color_answer(title: str, colors: list[str], asked: list[str], besides: bool = False) -> str:
    """Whether a product comes in the colours asked about (or, ``besides``, in others), and which it does come in."""
    if not colors:
        return f"The {title} comes in one colour only; the listing doesn't name it."
    offered = {c.lower() for c in colors}
    all_colors = _and_list([c.lower() for c in colors])
    if not asked:
        return f"The {title} comes in {all_colors}."
    if besides:  # "any colour besides black?"
        others = [c.lower() for c in colors if c.lower() not in {a.lower() for a in asked}]
        if not others:
            return f"No, the {title} only comes in {all_colors}."
        return f"Yes: besides {_and_list([a.lower() for a in asked])}, the {title} comes in {_and_list(others)}."
    yes = [c.lower() for c in asked if c.lower() in offered]
    no = [c.lower() for c in asked if c.lower() not in offered]
    if yes and not no:
        return f"Yes, the {title} comes in {_and_list(yes)} (colours: {all_colors})."
    if no and not yes:
        return f"No, the {title} doesn't come in {_and_list(no)}; it comes in {all_colors}."
    return f"The {title} comes in {_and_list(yes)} but not in {_and_list(no)} (colours: {all_colors})."


def size_answer(title: str, sizes: list[str], asked: list[str]) -> str:
    """Whether a product comes in the sizes asked about, and which sizes it has."""
    if not sizes:
        return f"The {title} comes in one size."
    listed = ", ".join(sizes)
    yes = [s for s in asked if s in sizes]
    no = [s for s in asked if s not in sizes]
    if not asked:
        return f"The {title} comes in sizes {listed}."
    if yes and not no:
        return f"Yes, the {title} comes in size {_and_list(yes)} (sizes {listed})."
    return f"No, the {title} doesn't come in size {_and_list(no)}; it comes in sizes {listed}."


def none_in_size(asked: Sequence[str], offered: Sequence[str]) -> str:
    """None of the products on screen comes in the sizes asked about: the sizes they do come in."""
    if not offered:
        return f"None of these comes in size {_and_list(list(asked))}; they come in one size."
    return f"None of these comes in size {_and_list(list(asked))}; they come in sizes {', '.join(offered)}."


def price_answer(title: str, price: float | None, on_sale: bool) -> str:
    """A product's price."""
    if price is None:
        return f"The {title} has no price listed; our team can tell you."
    return f"The {title} is {_money(price)}" + (" (it's on sale)." if on_sale else ".")


def material_yes_no(title: str, has: list[str], lacks: list[str]) -> str:
    """Whether a product is made of the materials asked about ("is the strap cotton?")."""
    if has and not lacks:
        return f"Yes, the {title} has {_and_list(has)}."
    if has:
        return f"The {title} has {_and_list(has)}, not {_and_list(lacks, 'or')}."
    return f"No, the {title} isn't listed as {_and_list(lacks, 'or')}."


def material_answer(title: str, material: str, hints: list[str]) -> str:
    """What a product is made of, from its attributes and description."""
    if material:
        parts = [html.unescape(m).replace("™", "").strip().lower() for m in material.split(",") if m.strip()]
        text = f"The {title} is made of {_and_list(parts)}."
        return text + (" " + " ".join(h.strip() for h in hints) if hints else "")
    if hints:
        return f"About the {title}'s material: " + " ".join(h.strip() for h in hints)
    return f"The listing for the {title} doesn't say what it's made of."


def warmth_answer(title: str, lines: list[str], climates: list[str], material: str) -> str:
    """How warm a product is: what its description says about warmth, and the weather it is made for."""
    parts = [html.unescape(m).replace("™", "").strip().lower() for m in material.split(",") if m.strip()]
    made = f" (made of {_and_list(parts)})" if parts else ""
    rest = [c for c in climates if c != "all"]
    if rest:
        piece = "an all-weather piece " if "all" in climates else ""
        weather = f"It's {piece}listed for {_and_list(rest)} weather{made}."
    elif climates:
        weather = f"It's listed as an all-weather piece{made}."
    else:
        weather = f"It's made of {_and_list(parts)}." if parts else ""
    if lines:
        return f"About how warm the {title} is: " + " ".join(lines) + (f" {weather}" if weather else "")
    if climates and set(climates) <= {"warm", "hot", "mild", "indoor"}:
        return f"The {title} is a light piece for {_and_list(climates)} weather rather than a warm one{made}."
    if weather:
        return f"The listing for the {title} says nothing about warmth itself. {weather}"
    return f"The listing for the {title} doesn't say how warm it is, so I can't promise that."


def care_answer(title: str, lines: list[str]) -> str:
    """How to care for a product, from its description."""
    if lines:
        return f"Care for the {title}: " + " ".join(lines)
    return f"The listing for the {title} doesn't give care instructions; the label on the item will."


def stock_answer(title: str, in_stock: bool, sizes: list[str], colors: list[str]) -> str:
    """Whether a product is in stock, with its options."""
    if not in_stock:
        return f"Sorry, the {title} is out of stock right now."
    options = []
    if sizes:
        options.append(f"sizes {', '.join(sizes)}")
    if colors:
        options.append(_and_list([c.lower() for c in colors]))
    return f"Yes, the {title} is in stock" + (f" ({'; '.join(options)})." if options else ".")


def gender_answer(title: str, gender: str) -> str:
    """Who a product is made for."""
    if gender in ("Men", "Women"):
        return f"The {title} is cut for {gender.lower()}."
    return f"The {title} is unisex."


def comparison(products: Sequence[Product]) -> str:
    """Two or three products side by side: price, colours, sizes and material, then which is cheaper."""
    lines = []
    for p in products:
        material = (p.attributes or {}).get("material", "")
        facts = [_money(p.price)]
        if p.colors:
            facts.append(_and_list([c.lower() for c in p.colors]))
        if p.sizes:
            facts.append("sizes " + ", ".join(p.sizes))
        if material:
            facts.append(", ".join(html.unescape(m).replace("™", "").strip().lower() for m in material.split(",")))
        lines.append(f"- {p.title}: {'; '.join(facts)}")
    priced = [p for p in products if p.price is not None]
    text = "Side by side:\n" + "\n".join(lines)
    if len(priced) >= 2:
        cheap = min(priced, key=lambda p: p.price)
        dear = max(priced, key=lambda p: p.price)
        if dear.price > cheap.price:
            text += f"\nThe {cheap.title} is {_money(dear.price - cheap.price)} cheaper than the {dear.title}."
        else:
            text += "\nThey cost the same."
    return text


# ---- cart -----------------------------------------------------------------------------------------
CART_EMPTY = "Your cart is empty."
CART_WHICH = "Which product do you mean? You can say e.g. \"add the second one\" after I show you a list."
CART_WHICH_REMOVE = "Which item should I take out? Your cart has: {items}."


def cart_total(items: Sequence[tuple[str, int, float | None]]) -> float:
    """The cart's total (title, quantity, price items; an unknown price counts as 0)."""
    return sum((price or 0.0) * qty for _, qty, price in items)


def without_cart(text: str) -> str:
    """A cart answer's text without the cart listing ``cart_lines`` adds ("Added the X ($5.00) to your cart.")."""
    return text.split(" Your cart")[0]


def cart_lines(items: Sequence[tuple[str, int, float | None]]) -> str:
    """The cart as lines (title, quantity, price) and a total."""
    if not items:
        return CART_EMPTY
    lines = [f"- {title}" + (f" x{qty}" if qty > 1 else "") + f" - {_money(price)}" for title, qty, price in items]
    total = cart_total(items)
    count = sum(qty for _, qty, _ in items)
    return f"Your cart ({count} item{'s' if count != 1 else ''}, {_money(total)}):\n" + "\n".join(lines)


def with_shipping(total: float, rates: ShippingRates) -> str:
    """The order total with standard delivery (and with express, when the shop has it)."""
    fee = rates.standard_for(total)
    how = "free" if fee == 0 else _money(fee)
    if rates.free_over is not None:
        over = _money(rates.free_over)
        how += f" (free on orders over {over})" if fee else f" on orders over {over}"
    text = f"Standard delivery: {how}, so {_money(total + fee)} in total."
    if rates.express is not None:
        text += f" With express delivery ({_money(rates.express)}): {_money(total + rates.express)}."
    return text


def cart_delivery(total: float, rates: ShippingRates) -> str:
    """What standard delivery costs on the cart as it is ("is shipping free on that?")."""
    fee = rates.standard_for(total)
    if fee == 0:
        return f"Your cart comes to {_money(total)}, so standard delivery is free."
    short = f" ({_money(rates.free_over - total)} more makes it free)" if rates.free_over is not None else ""
    return f"Your cart comes to {_money(total)}, so standard delivery is {_money(fee)}{short}."


def added_to_cart(title: str, price: float | None, count: int = 1) -> str:
    """Confirmation of an add to cart (with the count, when more than one went in)."""
    if count > 1:
        return f"Added {count} x {title} ({_money(price)} each) to your cart."
    return f"Added the {title} ({_money(price)}) to your cart."


def other_measures(title: str, variants: Sequence[tuple[str, float | None]], bigger: bool = False,
                   smaller: bool = False) -> str:
    """The same product in other measures ("Also available: Sprite Yoga Strap 8 foot ($17.00), ...")."""
    if not variants:
        return f"The {title} is the {'largest' if bigger else 'smallest'} we have." if bigger or smaller else ""
    items = ", ".join(f"{name} ({_money(price)})" for name, price in variants)
    return f"{'Longer/larger' if bigger else 'Shorter/smaller' if smaller else 'Also available'}: {items}."


NOT_ADDED = "So I haven't added it."


def size_for_added(title: str, size: str) -> str:
    """A size corrected right after an add: noted for that item (and later searches)."""
    return f"Got it: size {size} for the {title}. I'll use size {size} from now on."


def variant_for_added(title: str, size: str, colour: str) -> str:
    """A size and colour said right after an add: the cart line in them."""
    return f"Done: the {title} in your cart is now size {size}, {colour.lower()}."


def colour_for_added(title: str, colour: str) -> str:
    """A colour changed right after an add: the cart line in that colour."""
    return f"Done: the {title} in your cart is now {colour.lower()}."


def not_added_missing(title: str, missing: Sequence[str]) -> str:
    """A conditional add declined: the product does not come in what the shopper made the add depend on."""
    said = _and_list([m.lower() if m.isalpha() and len(m) > 3 else m for m in missing])  # "purple", "31", "XL"
    return f"The {title} doesn't come in {said}, so I didn't add it."


def quantity_set(title: str, qty: int) -> str:
    """Confirmation of a changed quantity."""
    return f"Done: {qty} x {title} in your cart."


def removed_from_cart(titles: Sequence[str]) -> str:
    """Confirmation of a removal from the cart."""
    return f"Removed the {_and_list(list(titles))} from your cart."


def not_in_cart(title: str) -> str:
    """A removal of a product that is not in the cart."""
    return f"The {title} isn't in your cart."


# ---- preferences said outright ------------------------------------------------------------------------
def preferences_noted(prefs: dict[str, str]) -> str:
    """Acknowledgement of preferences the shopper stated ("Got it: size M, black")."""
    said = []
    for key in ("size", "color", "not_color", "not_material", "gender", "max_price", "min_price", "brand"):
        if key in prefs:
            value = prefs[key].replace(",", " or ")
            said.append({"size": f"size {value}", "color": value.lower(), "not_color": f"no {value.lower()}",
                         "not_material": f"no {value.lower()}",
                         "gender": f"for {value.lower()}", "max_price": f"up to ${value}",
                         "min_price": f"from ${value}", "brand": value}[key])
    return f"Got it: {', '.join(said)}. I'll keep that in mind when I show you products."


# ---- recommendations ------------------------------------------------------------------------------
NO_SUGGESTION = "I couldn't find a good suggestion for that. Could you tell me a bit more about what you'd like?"
LIMITS_DROPPED = "your budget / brand / gender limits (nothing matched them)"
ITSELF_IN_COLOUR = "comes in the colour you asked for"


def only_itself(title: str, colour: str) -> str:
    """Nothing else like a product comes in the colour asked, but it does."""
    return f"Nothing else like the {title} comes in {colour}, but the {title} itself does:\n1. {title}"
EARLIER_EXCLUSION_DROPPED = "the colours you left out earlier"
PICKED_FOR_YOU = "Picked for you, from what you've looked at:"
SOME_IDEAS = "Here are some ideas:"


def similar_to(title: str) -> str:
    """Intro of alternatives to the product in focus."""
    return f"Similar to the {title}:"


def goes_with(title: str) -> str:
    """Intro of products that complement the product in focus."""
    return f"These go well with the {title}:"


def recommendation_list(intro: str, views: Sequence[ProductView]) -> str:
    """Recommendations: intro, then one line per product with its price and reason."""
    lines = [intro] + [f"{i}. {v.title} - ${v.price:.2f} ({v.reason})" if v.price is not None else f"{i}. {v.title}"
                       for i, v in enumerate(views, 1)]
    return "\n".join(lines)


# ---- service and orders ---------------------------------------------------------------------------
COMPARED = "one of the products you compared"  # the reason kept with a compared pair
WHICH_PRODUCT = "Which product do you mean? You can say e.g. \"the second one\" or its name."
ADDED = "the product you just put in your cart"  # the reason kept with a product just added
ASKED_ABOUT = "the product you asked about"  # the reason shown beside the product a service answer is about
ORDER_NOT_FOUND = ("I couldn't find an order with that number and email. Please check both; "
                   "the number is in your confirmation email.")


def about_product(title: str, policy: str) -> str:
    """A policy answer about one product."""
    return f"About the {title}: {policy}"


def about_products(titles: Sequence[str], policy: str) -> str:
    """A policy answer about several products shown before (the first three are named)."""
    return f"About the products I just showed you ({', '.join(titles[:3])}): {policy}"


def returns_opened(opened: Iterable[tuple[str, str, int]], already_open: Iterable[tuple[str, str, int]],
                   policy: str) -> str:
    """Return requests opened now and ones already open, each as (product title, order number, request id)."""
    parts = [f"I've opened return request R-{rid} for the {title} from order {n}." for title, n, rid in opened]
    parts += [f"Return request R-{rid} for the {title} from order {n} is already open."
              for title, n, rid in already_open]
    # the policy's "reply with your order number" is done with: the order is known ("Start a return
    # from your account page or reply here with your order number ..." keeps its first half)
    policy = _without_order_number_asks(policy)
    parts.append("We'll email the return label to the address on the order. " + policy)
    return " ".join(parts).strip()


def return_offer(titles: Sequence[str], order_number: str, policy: str) -> str:
    """How returns work for items of a verified order, and how to start one (nothing opened yet)."""
    policy = _without_order_number_asks(policy)
    if len(titles) == 1:
        return (f"{policy} If you decide to send back the {titles[0]} from order {order_number}, say \"return it\" "
                "and I'll open the return.")
    return (f"{policy} If you decide to send something back from order {order_number}, say which item (e.g. "
            f"\"return the {titles[0]}\") and I'll open the return.")


def feature_answer(title: str, feature: str, listed: list[str], sentence: str | None) -> str:
    """Whether a product has a feature ("waterproof"): its feature list or description, or that they say nothing."""
    if listed:
        # ("TSA approved" keeps its acronym)
        named = _and_list([f if f[:3].isupper() else f.lower() for f in listed])
        if all(f.lower() in FEATURE_QUALITIES for f in listed):
            return f"Yes, the {title} is listed as {named}."
        return f"Yes, the {title}'s listed features include: {named}."  # a part it has ("laptop sleeve")
    quality = feature.lower() in FEATURE_QUALITIES  # "waterproof" is said of it; a "stopwatch" it has
    if sentence:
        about = f"the {title} being {feature.lower()}" if quality else f"the {title}'s {feature.lower()}"
        return f"About {about}, the product description says: {sentence}"
    if quality:
        return f"The listing for the {title} doesn't say it's {feature.lower()}, so I can't promise that."
    if feature.lower().endswith("s") and not feature.lower().endswith("ss"):  # "pockets": no "a"
        return f"The listing for the {title} doesn't mention {feature.lower()}, so I can't promise them."
    return f"The listing for the {title} doesn't mention a {feature.lower()}, so I can't promise one."


FEATURE_QUALITIES = {"waterproof", "lockable", "adjustable", "reflective", "padded", "insulated", "breathable",
                     "hooded", "lightweight", "foldable", "wheeled", "tsa approved"}


def dimensions_answer(title: str, measures: list[str], sizes: list[str]) -> str:
    """A product's measures, from the sentences of its description that give them."""
    if measures:
        return f"The {title}'s listing gives its measures: " + " ".join(measures)
    if sizes:
        return f"The listing for the {title} gives no measurements; it comes in sizes {', '.join(sizes)}."
    return f"The listing for the {title} doesn't give its measurements."


def not_said(title: str, quality: str) -> str:
    """That a product's listing doesn't say it has a quality asked about ("packable")."""
    return f"The listing for the {title} doesn't say it's {quality}, so I can't promise that."


def not_mentioned(title: str, part: str) -> str:
    """That a product's listing says nothing of what was asked ("a sleeve for a hydration bladder")."""
    return (f"The listing for the {title} doesn't mention {part}, so I can't promise it. "
            "Our support team can check it for you if you like.")


def best_for_need(title: str, lines: list[str], shown: int, other: str | None = None, tie: bool = False) -> str:
    """The shown product picked for a need ("which is the warmest?"), with its listing's words on it."""
    of = "Of those two" if shown == 2 else "Of those"
    than = "" if not other else f" The {other}'s listing says about as much, so either would do." if tie \
        else f" The {other}'s listing says less about that."
    return f"{of}, I'd go for the {title}. Its listing says: " + " ".join(s.strip() for s in lines) + than


def none_says_need(shown: int) -> str:
    """No shown product's listing speaks to the need asked about."""
    of = "those two" if shown == 2 else "those"
    return (f"None of {of} listings says much about that, so I can't pick one for it. "
            "Ask me about any of them for details.")


def listing_says(title: str, sentences: list[str]) -> str:
    """The listing's own sentences on what was asked about a product."""
    return f"About that, the listing for the {title} says: " + " ".join(s.strip() for s in sentences)


def comes_with_answer(title: str, sentences: list[str]) -> str:
    """What comes with a product, from its description (or that it names nothing extra)."""
    if sentences:
        return f"About what comes with the {title}, the product description says: " + " ".join(sentences)
    return (f"The {title}'s description doesn't mention anything that comes with it. "
            "Our support team can confirm it for you if you like.")


def priced_first(title: str, price: float | None, dearest: bool) -> str:
    """The answer to "which one is the cheapest?" (or dearest), said before the list in that order."""
    return f"The {'most expensive' if dearest else 'cheapest'} is the {title} ({_money(price)})."


def included_answer(title: str, part: str, sentence: str | None) -> str:
    """Whether a product comes with a part: the catalog sentence that names it, or that none does."""
    if sentence:
        return f"About the {title} and a {part}, the product description says: {sentence}"
    return (f"The {title}'s description doesn't mention a {part}, so I can't promise one is included. "
            "Our support team can confirm it for you if you like.")


def which_order_item(titles: Sequence[str], policy: str) -> str:
    """The policy, then which item of the order the shopper means (nothing opened yet)."""
    policy = _without_order_number_asks(policy)
    named = _and_list([f"the {t}" for t in titles], "or") if len(titles) > 1 else titles[0]
    return f"{policy} Which item of that order do you mean: {named}?".strip()


def _without_order_number_asks(policy: str) -> str:
    """A policy text without its requests for an order number (the order is known already)."""
    return " ".join(_without_order_number_ask(x) for x in re.split(r"(?<=[.!?])\s+", policy)).strip()


def _without_order_number_ask(sentence: str) -> str:
    """A policy sentence without its request for an order number ("" when that is all it says)."""
    if not re.search(r"\border number\b", sentence, re.I):
        return sentence
    head = re.split(r",?\s+or\s+(?=[^.!?]*\border number\b)", sentence, maxsplit=1, flags=re.I)[0]
    return f"{head.rstrip(' ,')}." if head != sentence and len(head.split()) >= 3 else ""


def in_order(number: str) -> str:
    """The reason recorded beside the items of a verified order."""
    return f"in order {number}"


# What an order's status means (the statuses Magento-style order data uses), for "closed?? what does that mean"
STATUS_MEANINGS = {
    "pending_payment": "Pending payment means we're still waiting for the payment to go through; the order is "
                       "prepared once it does.",
    "processing": "Processing means the order is paid and being prepared; it hasn't left the warehouse yet.",
    "shipped": "Shipped means the order has left the warehouse and is on its way with the carrier; the tracking "
               "number shows where it is.",
    "delivered": "Delivered means the carrier has handed the order over at the delivery address.",
    "canceled": "Canceled means the order was stopped before it shipped; nothing is charged for it (a pending "
                "authorisation disappears within 3 days).",
    "closed": "Closed means the order is finished and was refunded, in whole or in part: the money went back to the "
              "original payment method (5-7 business days after we received the return).",
}


def status_meaning(status: str) -> str:
    """What an order status means, in a sentence."""
    key = status.lower().replace(" ", "_").replace("cancelled", "canceled")
    return STATUS_MEANINGS.get(key, f"{status.capitalize()} is the order's current status.")


def describe_order(order: OrderView) -> str:
    """An order's status, shipping, delivery estimate, items and total in a few sentences."""
    status = order.status.replace("_", " ")
    lines = [f"Order {order.number} (placed {order.placed_at:%b %d, %Y}) is {status}."]
    if order.carrier and order.tracking_number:
        lines.append(f"It ships with {order.carrier}, tracking number {order.tracking_number}.")
    if order.estimated_delivery and order.status in {"processing", "shipped"}:
        lines.append(f"Estimated delivery: {order.estimated_delivery:%b %d}.")
    items = "; ".join(
        f"{qty} x {title}" + (f" ({', '.join(x for x in (size, color) if x)})" if size or color else "")
        for _, title, qty, size, color, _ in order.items
    )
    lines.append(f"Items: {items}. Total ${order.total:.2f} {order.currency}.")
    return " ".join(lines)


def arrival_note(delivery_gist: str | None, estimate: datetime | None, now: datetime | None = None) -> str:
    """How long delivery takes, and what to do when the estimate has passed ("when will it get here")."""
    parts = [delivery_gist or ""]
    now = now or datetime.now(UTC).replace(tzinfo=None)
    if estimate is not None and estimate.replace(tzinfo=None) < now:
        parts.append("Its estimated delivery date has passed: if it still hasn't arrived, ask for a person and "
                     "I'll pass you to our support team.")
    return " ".join(p for p in parts if p)


# ---- preferences ----------------------------------------------------------------------------------
NO_PREFERENCES = ("I'm not keeping any preferences for you. When you mention a size, colour, budget, "
                  "brand or who it's for, I'll use it in later searches until you change it.")
# How a stored preference reads in a list ("size M", "budget up to $80") and how it is named alone.
PREFERENCE_LABELS = {"size": "size", "color": "colour", "gender": "for", "max_price": "budget up to $",
                     "min_price": "price from $", "brand": "brand", "not_color": "not in",
                     "not_material": "not made of"}
PREFERENCE_NAMES = {"size": "size", "color": "colour", "gender": "gender", "max_price": "budget",
                    "min_price": "minimum price", "brand": "brand", "not_color": "colours to avoid",
                    "not_material": "materials to avoid"}


def preference(key: str, value: str) -> str:
    """One stored preference, e.g. "size M or L" or "budget up to $80"."""
    label = PREFERENCE_LABELS.get(key, key)
    return f"{label}{value}" if label.endswith("$") else f"{label} {value.replace(',', ' or ')}"


def preference_list(details: Sequence[StatedPreference]) -> str:
    """The preferences in use, each with the words (and scene) it was said in."""
    lines = ["Here's what I'm using from what you told me:"]
    for p in details:
        where = f" (you said \"{p.said[:80]}\"" + (f" while we were on {p.scene}" if p.scene else "") + ")" \
            if p.said else ""
        lines.append(f"- {preference(p.key, p.value)}{where}")
    lines.append("Say e.g. \"forget my size\" or \"forget everything\" to change this.")
    return "\n".join(lines)


def _names(keys: Iterable[str]) -> str:
    return ", ".join(dict.fromkeys(PREFERENCE_NAMES.get(k, k) for k in keys))


def nothing_to_forget(keys: Sequence[str]) -> str:
    """Nothing stored under the preferences asked to forget (all of them when ``keys`` is empty)."""
    return f"I wasn't keeping any {_names(keys) or 'preferences'} for you, so there's nothing to forget."


def forgotten(keys: Sequence[str], left: dict[str, str]) -> str:
    """Which preferences were forgotten, and which are still in use."""
    tail = " I'm not using any other preferences." if not left else \
        " Still using: " + "; ".join(preference(k, v) for k, v in sorted(left.items())) + "."
    return f"Done, I've forgotten your {_names(keys)}.{tail}"


def which_have(wanted: str, titles: list[str], shown: int, made_of: bool, mentioned: bool = False) -> str:
    """Which of the products on screen have a material, or come in a colour or size ("which of those has cotton").

    ``mentioned``: only what their listings say ("which of them has removable cups?"), not a fact about them.
    """
    of = "Of those two" if shown == 2 else "Of those"
    one, many = ("has", "have") if made_of else ("comes in", "come in")
    if mentioned:
        one, many = "mentions", "mention"
        wanted += " in its listing" if len(titles) <= 1 else " in their listings"
    if not titles:
        return f"{of}, none {one} {wanted}."
    if len(titles) == 1:
        return f"{of}, only the {titles[0]} {one} {wanted}."
    names = ", ".join(f"the {t}" for t in titles[:-1]) + f" and the {titles[-1]}"
    return f"{of}, {names} {many} {wanted}."

