"""One answer per user turn, chosen by the turn's dialogue act.

The turn model (``recsys.scene``) reads each message once: scene, act, slots and pointer. This
module turns that reading into the answer: a question about a shown product is answered about
that product, "add the second one" fills the cart, "cheapest watch" sorts, "I wear M" is noted,
two asks in one message get two answers in order. A few exact cues back the model up where the
words leave no doubt (a cart word, a price order, a pointer plus an attribute question), since a
wrong act there costs the shopper a useless answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from recsys.assistant import replies
from recsys.assistant.cart import (
    ADD_COUNT,
    BARE_ADD,
    DOWN_TO,
    IF_SO,
    INTO_CART,
    ONE_IN,
    QUANTITY,
    RESIZE_WHOSE,
    SIZE_CHOSEN,
    THE_EXTREME_KIND,
    THE_PRICED,
    Cart,
    offered_size,
    quantity_said,
)
from recsys.assistant.preferences import WEARS_SIZE, Preferences
from recsys.assistant.product_questions import (
    ASPECTS,
    MATERIAL_WORDS,
    PAIR_PRICES,
    WAIST_FIRST,
    WHAT_VALUES,
    WHICH_BEST,
    ProductQuestions,
)
from recsys.assistant.product_search import SELL_ASK, ProductSearch, titled_kinds
from recsys.assistant.recommendations import Recommendations
from recsys.assistant.references import (
    ANSWER_KINDS,
    BACK_POINT,
    BACK_TO_LIST,
    FROM_BEFORE,
    LONGEST,
    LOOSE_X_ONE,
    NTH,
    ONE_PRODUCT_KINDS,
    OWNER,
    PRONOUN_ALL,
    PRONOUN_ONE,
    SHORTEST,
    THE_MEASURE,
    THE_X_ONE,
    described,
    each_named,
    each_part_named_anywhere,
    named_by_kind,
    named_in_catalog,
    named_product,
    product_said,
    shown_items,
    titles_said,
    without_titles,
)
from recsys.assistant.references import CHEAPER as THE_CHEAPEST
from recsys.assistant.references import PRICIER as THE_PRICIEST
from recsys.assistant.service import TOPIC_PATTERNS, TOPIC_WORDS, ServiceDesk
from recsys.assistant.shop import Shop
from recsys.assistant.views import Answer
from recsys.catalog import Product
from recsys.scene.cues import ABOUT_THE_BOT, CANCEL, ITEM_PROBLEM, meant_size
from recsys.scene.detector import SceneDecision
from recsys.scene.slots import parse_email, parse_order_number
from recsys.search.filters import Filters
from recsys.search.query import (
    BY_PRICE,
    GENDER_WORDS,
    HEIGHT,
    ORDER_FIRST,
    ORDINAL_TIME,
    ORDINALS,
    SORT_ASC,
    SORT_DESC,
    title_words,
)
from recsys.search.shorthand import expand
from recsys.search.spelling import edit_distance
from recsys.storage.context_store import ShownList

log = logging.getLogger(__name__)

# Service acts and the policy topic each answers with.
ACT_TOPICS = {"return_request": "return_request", "refund": "refund_request", "delivery": "delivery_info",
              "payment": "payment_info", "account": "account_help", "policy": "store_policy"}
SERVICE_INTENTS = set(ACT_TOPICS.values())
ACT_OF_TOPIC = {topic: act for act, topic in ACT_TOPICS.items()}
# what the store policy answers: a question that names one of these is about it, whatever its act
STORE_POLICY_WORDS = re.compile(r"\b(?:polic(?:y|ies)|warrant(?:y|ies)|guarantee[ds]?|price ?match\w*|privacy|"
                                r"personal data|my data|terms)\b", re.I)
# A generic policy question names its topic in a word ("return policy for the second one").
# "what cards do u take", "do you accept amex": how to pay, whatever product words the model saw in it.
PAYMENT_ASK = re.compile(r"\b(?:take|accept|use)\b.{0,20}\b(?:cards?|paypal|amex|american express|visa|mastercard|"
                         r"discover|apple pay|google pay|klarna)\b|"
                         r"\b(?:what|which|wat)\s+(?:credit\s+|debit\s+)?cards\b", re.I)
# "how much is shipping", "what does delivery cost", "shipping fee?": the delivery's price
SHIPPING_COST = re.compile(r"\bhow much (?:is|does|for|would|will)\s+(?:the\s+)?(?:shipping|delivery|postage)\b|"
                           r"\b(?:shipping|delivery|postage)\s+(?:cost|costs|fee|fees|price|charge|charges)\b|"
                           r"\bwhat (?:does|would|will) (?:the\s+)?(?:shipping|delivery|postage) cost\b", re.I)
WARRANTY = re.compile(r"\b(warranty|guarantee|broken|broke|defect|defective|faulty|price match|"
                      # "Can you match the price?", "You can do the same price?": the price match
                      r"match (?:the|that|their|this) price|(?:do|give me|make) the same price)", re.I)
# A follow-up that is only a pointer ("and the third one too", "the second?") repeats the last task on it.
ELLIPSIS = re.compile(r"^\W*(?:(?:and|also|plus|oh|ok|what about|how about)\W+)*(?:the\s+)?"
                      r"(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th|other)"
                      # "the first orange one", "the second pair of running shorts"
                      r"(?:\s+one|\s+(?:pair|set)\s+of(?:\s+[a-z]+){1,3}|\s+[a-z]+s|\s+[a-z]+\s+one)?"
                      # "... in the same size", "... too, same size n colour"
                      r"(?:\W+(?:in\s+(?:the\s+same\s+(?:size|colou?r)|(?:size\s+)?\w+)|(?:size|sz)\s+\w+|"
                      r"(?:in\s+)?(?:the\s+)?same\s+"
                      r"(?:size|colou?r)(?:\s+(?:and|n|&|\+)\s+(?:size|colou?r))?|too|as well|also|then)){0,3}\W*$|"
                      r"^\W*(?:and\s+)?(?:that|this) one too\W*$|"
                      r"^\W*(?:and|also|plus)\s+the\s+[\w-]+\s+one\s+(?:too|as well)\W*$", re.I)  # "and the 55 one too"
NAMED_ELLIPSIS = re.compile(r"^\W*(?:and|what about|how about|wbu)\s+(?:the\s+)?[\w'’ -]{2,40}?\W*$", re.I)
# "similar tops", "similar ones": a kind like what is on screen (not "similar to the chaz")
SIMILAR_KIND = re.compile(r"\bsimilar\s+(?!to\b)[a-z]+s\b", re.I)
# What may trail a named follow-up: where it was shown, "too", a size ("..., size 32", "in M")
ELLIPSIS_TAIL = re.compile(r"(?:\s+(?:from|in)\s+(?:before|earlier|the (?:first|other|last|earlier) list)|"
                           r"\s+(?:too|as well|also)|[,\s]+(?:also\s+)?(?:in\s+)?(?:(?:size|sz)\s+)?"
                           # ("and the 1st too, XS black": a colour with the size)
                           r"(?:xxs|xs|s|m|l|xl|xxl|\d{2}|black|white|gr[ae]y|blue|red|green|yellow|orange|purple|"
                           r"brown|pink|navy)"
                           r"(?:\s+(?:pls|please))?)+\W*$", re.I)
# "no wait, not the third, i meant the second" right after an add to cart: swap the two.
SWAP = re.compile(r"\bnot the (\w+)(?: one)?\b.*?\b(?:meant|mean|want|wanted)\s+the (\w+)", re.I)
_NTH = NTH  # (references.py's)
# "swap the first one for the third", "replace the 2nd with the 4th": one cart item for another shown one.
SWAP_FOR = re.compile(rf"\b(?:swap|switch|replace|change|exchange)\s+(?:the\s+)?({_NTH})(?:\s+one)?\s+"
                      rf"(?:for|with|to)\s+(?:the\s+)?({_NTH})\b", re.I)
SWAP_CART = re.compile(r"\b(?:swap|switch|replace|change|exchange)\s+(?:the (?:one|item|thing)|what'?s|whats)\s+in\s+"
                       r"(?:my|the)\s+(?:cart|basket)\s+(?:for|with|to)\s+(?P<into>.+)$|"
                       # "Swap them for the first ones on that list": what was just added, for a shown one
                       r"\b(?:swap|switch|replace|exchange)\s+(?:it|them|that|those|these)\s+(?:for|with)\s+"
                       rf"(?P<pointed>the\s+{_NTH}\b.*)$", re.I)
# "swap the tee for the 2nd tee from before": a cart item named by its kind or name, for a shown one
SWAP_NAMED = re.compile(r"\b(?:swap|switch|replace|change|exchange)\s+(?:the|my|that)\s+"
                        r"(?P<out>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+(?:for|with)\s+(?P<into>.+)$", re.I)
# "take the black hoodie out and put the oslo in, brown L": the same swap, said with "out" and "in"
SWAP_OUT_IN = re.compile(r"\b(?:take|get)\s+(?:the|my|that)\s+(?P<out>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+out\b"
                         r"[\s,]*(?:and\s+|then\s+)*(?:put|add|stick)\s+(?P<into>(?:the\s+)?[a-z][\w' -]*?)\s+in\b"
                         r"(?:\s+instead)?(?P<rest>[^.?!]*)", re.I)
ORDINAL_WORD = re.compile(rf"(?:{_NTH}|one|item|thing)\b", re.I)
# "eh forget the bag, just the brick", "Never mind the bottle then.": a cart item dropped, said
# without "remove" (only the whole message: "never mind the jacket, show me hoodies" is a new search)
# "second one", "3rd", "last one": a list position said as the item
ORDINAL_ONE = re.compile(r"^(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)(?:\s+one)?$", re.I)
DROP_ITEM = re.compile(r"^\W*(?:(?:eh|oh|ok|okay|hmm+|um+|actually|no|nah|wait|so|then|and)\W+)*"
                       r"(?:forget(?: about)?|never\s*mind|nvm|skip|scrap|ditch|no need for|don'?t need)\s+"
                       r"(?:the|that|my)\s+(?P<item>[a-z][\w'-]*(?:\s+(?!(?:then|after|anymore)\b)[a-z][\w'-]*)?)"
                       r"(?:\s+(?:then|after all|anymore))?"
                       r"(?:\W+(?:just|only)\s+(?:the|that)\s+[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?"
                       r"(?:\s+(?:then|please|pls))?)?\W*$", re.I)
# "never mind the pants", "forget about the hoodies": a search let go
LET_GO = re.compile(r"^\W*(?:(?:eh|oh|ok|okay|hmm+|um+|actually|no|nah|wait|so)\W+)*"
                    r"(?:forget(?: about)?|never\s*mind|nvm|skip|scrap|ditch)\b", re.I)
ORDER_ACTS = {"order_status", "provide_order_info"}
# "why you need my email again?": why the order look-up asks for it
WHY_DETAILS = re.compile(r"\bwhy\b.{0,25}\b(?:need|want|ask(?:ing)?(?: for)?)\b.{0,12}"
                         r"\b(?:e-?mail|order number|number)\b", re.I)
# "your website is so confusing, I can't find anything": the shop's site is the trouble, no topic or product
SITE_TROUBLE = re.compile(r"\b(?:(?:web)?site|app|page|menus?)\b.{0,25}\b(?:confusing|hard to (?:use|navigate)|a mess|"
                          r"messy|annoying|frustrating|impossible|terrible|awful|useless)\b|"
                          r"\bcan'?t find (?:anything|a thing|my way)\b"
                          r"(?! (?:like|in|for|under|over|that|which))", re.I)
# "It hasn't arrived yet", "still not here", "it was supposed to come monday": where an order is, said
NOT_ARRIVED = re.compile(r"\b(?:has ?n[o']?t|hasnt|never|not|still not|didn'?t|did not)\s+(?:yet\s+)?(?:arrived|come|"
                         r"turned up|shown up|been delivered|got here|gotten here|shipped|arrive)\b|"
                         r"\b(?:still|is|it'?s|its)\s+(?:late|delayed|missing|lost|not here)\b|"
                         r"\bsupposed to (?:arrive|come|be here)\b", re.I)
# The shopper's own purchase ("something i bought", "a jacket from my last order", "i want to send it
# back"): a return or refund of it needs the order, so the look-up starts; "can I return shoes after
# 30 days?" asks the policy.
OWN_PURCHASE = re.compile(r"\b(?:i|we)\s+(?:just\s+|recently\s+)?(?:bought|ordered|got|received|purchased)\b|"
                          r"\b(?:my|our)\s+(?:last\s+|recent\s+|latest\s+)?(?:order|purchase|parcel|package)\b|"
                          r"\b(?:i|we)\s*(?:'d like|would like|want|wanna|need|have)\s+(?:to\s+)?"
                          r"(?:return|send (?:\w+ )?back|exchange)\b|\b(?:i want|i need|i'?d like) (?:a|my) refund\b",
                          re.I)
# "how long do i have to send it back": the policy's time limit, asked (no look-up of an order)
HOW_LONG = re.compile(r"\bhow (?:long|many days|much time)\b", re.I)
ASKS_ORDER = re.compile(r"\border number\b", re.I)  # a policy's "give me your order number" line
# "i think i'll go with the second one", "we'll take the blue one": a decision, said mid-sentence
DECIDED = re.compile(r"\b(?:i'?ll|ill|i will|we'?ll|i'?m gonna|im gonna|let'?s)\s+(?:just\s+|probably\s+|actually\s+)?"
                     r"(?:go with|take|get|buy|have)\b|"
                     r"\bone it is\b|"  # "ok the first one it is, in gray, size S"
                     # "ok I take, brown, S", "I take the kit and the grips": a learner's "I'll take"
                     r"\bi\s+(?:take|buy)\b(?=\s*(?:it|this|that|them|the|both|,|\.|!|$))|"
                     # "ok give me the second in red, size M", "I want the first one, size 36": a list's item chosen
                     r"\b(?:give me|i want|i'?d like|i would like)\s+the\s+(?:first|second|third|fourth|fifth|last|"
                     r"1st|2nd|3rd|4th|5th)\b(?![^.?!]*\?)", re.I)
# words that ask for ideas rather than narrowing what is on screen
WANTS_IDEAS = re.compile(r"\b(?:ideas?|suggest\w*|recommend\w*|gifts?|presents?|inspire|inspiration|"
                         r"goes? with|(?<!'ll )(?<!ill )(?<!will )(?<!'s )go with|match(?:es)? with|what else|"
                         r"something (?:for|to))\b", re.I)
# "how much for both", "how much are they all together": the sum of what just went in the cart
HOW_MUCH_ALL = re.compile(r"\bhow much\b(?:\s+(?:is|are|would|will|for|it|that|be|they|them))*\s+"
                          r"(?:both|all (?:of )?(?:them|those|three|four|3|4)|the (?:two|pair|lot)|them all|the 2)\b",
                          re.I)
# "ugh that's over my budget.", "way too pricey for me": a remark on the price, no ask of its own
PRICE_REMARK = re.compile(r"^\W*(?:(?:ugh|hmm+|oh|ah|well|ok|okay|yeah|nah|no)\W+)*(?:that'?s|thats|it'?s|its|they'?re|"
                          r"theyre|bit|a bit|way|too|bit too|a little|"
                          # "the first one's too pricey."
                          r"(?:the\s+)?(?:first|second|third|last|1st|2nd|3rd|this|that)(?:\s+one)?(?:'s|\s+is))\s+"
                          r"(?:(?:a bit|a little|way|much|kinda|just)\s+)?"
                          r"(?:over (?:my|the|our) budget|too (?:much|expensive|pricey|dear)|"
                          r"(?:too )?(?:pricey|expensive|much|steep)(?: for me)?)\W*$", re.I)
# "I also need an 8 foot yoga strap and a yoga brick, add both": products named, then "both"
BOTH_NAMED = re.compile(r"^(?P<items>.+?)[,.;-]?\s+(?:so\s+|pls\s+|please\s+)?(?:add|put in|get me|i'?ll take)\s+"
                        r"(?:them\s+)?(?:both|all|the two)(?:\s+(?:of them|please|pls|to my cart|in my cart))*\W*$",
                        re.I)
# "ok two things then: the jump rope and the foam roller", "both then - the kit and the grips": each one named
TWO_THINGS = re.compile(r"^\W*(?:(?:ok|okay|right|fine|so|then|alright)\W+)*(?:(?:the\s+)?(?:two|2)\s+"
                        r"(?:things|items|of them|of those)|both(?:\s+of them)?)(?:\s+then)?(?:\s+please|\s+pls)?"
                        r"\s*[:,-]\s*(?P<items>.+?)\W*$", re.I)
PIECE_BREAK = re.compile(r"\s*(?:,|\band\b|\+|&)\s*", re.I)
WANT_LEAD = re.compile(r"^\W*(?:(?:i|we)\s+(?:also\s+)?(?:need|want|would like|'d like)|also|and|plus|an?|the|some)\s+"
                       r"(?:an?\s+|the\s+|some\s+)?", re.I)
# "a tee to go with it, same colour please", "shorts in the same colour": the colour of the kit so far
SAME_COLOUR = re.compile(r"\b(?:in\s+|of\s+)?(?:the\s+)?(?:same|matching)\s+colou?rs?"
                         r"(?:\s+as\s+(?:it|that|this|them|before|the\s+\w+))?\b", re.I)
# "total and delivery time?", "whats my total and when would it arrive": how long delivery takes
DELIVERY_TIME = re.compile(r"\b(?:delivery|shipping) times?\b|\bhow (?:long|fast|soon)\b|"
                           r"\bwhen\b.{0,30}\b(?:arrive|get here|come|be here|deliver\w*)\b|\bhow many days\b", re.I)
# "a sports bra to go with it": another product beside the one in focus ("it" is not what is asked about)
TO_GO_WITH = re.compile(r"\bto (?:go|wear|match) with (?:it|that|this|them|those)\b", re.I)
# "what about leggings?", "how about shorts": another kind, asked for
WHAT_ABOUT = re.compile(r"^\W*(?:(?:and|ok|okay|so|hmm+)\W+)?(?:what|how)\s+about\b|^\W*(?:and|also)\s+(?:any|some)\b",
                        re.I)
# "he has laptop.", "she swims a lot.": a statement about the shopper (or who it is for), no ask
ABOUT_THEM = re.compile(r"^\W*(?:(?:and|so|well|also|but)\s+)?(?:he|she|they|i|we|my\s+\w+)\s+"
                        r"(?:has|have|had|is|are|was|'s|likes?|loves?|uses?|does|plays?|goes|swims?|runs?|"
                        r"works?|travels?|carries)\b(?![^.!]*\b(?:show|find|looking for|recommend|suggest)\b)", re.I)
SHOW_THOSE = re.compile(r"\bshow (?:me |us )?(?:those|them|these)\b", re.I)
# "What do you have?", "what have you got", "any options?": show what the clause before names
WHAT_HAVE = re.compile(r"^\W*(?:(?:so|and|ok)\W+)?(?:what|which)\s+(?:do|would|can|could)\s+(?:you|u|ya)\s+"
                       r"(?:have|got|sell|carry|offer)\W*$|^\W*(?:what\s+)?(?:have|got)\s+(?:you|u)\s+got\W*$|"
                       r"^\W*any\s+(?:options|ideas|suggestions)\W*$", re.I)
# "They're for my aunt.", "it's for my dad": who it is for, said beside the ask
FOR_SOMEONE = re.compile(r"\b(?:it'?s|its|they'?re|theyre|they are|this is|these are|that'?s)\s+(?:a gift\s+)?for\s+"
                         r"(?:my|a|her|his|our)\b", re.I)
# "she's allergic to some straps", "he's not fussy": about the person, said after a question about a product
ABOUT_SOMEONE = re.compile(r"^\W*(?:(?:and|so|well|also|but|cos|cause|because|as)\s+)?(?:he|she|they|my\s+\w+)"
                           r"(?:'s|'re|\s+is|\s+are|\s+has|\s+gets|\s+hates|\s+can'?t|"
                           # "she takes it to work too", "he uses it for the gym": why it matters
                           r"\s+(?:takes|uses|needs|wants|likes|loves|wears|goes|runs|walks|cycles|travels))\b", re.I)
# "that's over 100 now right?", "am I over 50 yet": the cart's total asked about
OVER_AMOUNT = re.compile(r"\b(?:that'?s|thats|is that|it'?s|its|i'?m|im|am i|are we|we'?re|comes? to)\s+(?:now\s+)?"
                         r"(?:over|under|above|below|more than|less than|past)\s+\$?\d+", re.I)
# "..., i'll get that ryker crew-neck in red instead, M": what comes in after a removal
THEN_TAKE = re.compile(r"[,;.]\s*(?:and\s+|then\s+)?(?:i'?ll|ill|i will|let'?s|gimme|give me)\s+"
                       r"(?:get|take|have|go with|do)\s+(?:that\s+|the\s+)?(?P<rest>.+)$", re.I)
# "one bag is enough", "one pair is plenty": why an item goes, no ask of its own
ENOUGH = re.compile(r"\b(?:is|'s|are)\s+(?:enough|plenty)\b", re.I)
# "never show me gray", "gray is a no from me": a lasting wish, not a search
NEVER_SHOW = re.compile(r"\b(?:never|don'?t|do not)\s+(?:ever\s+)?show\s+(?:me|him|her|us)\b|\bis an? (?:hard )?no\b",
                        re.I)
# "no wool for me, makes me itch", "before i forget: ...", "fyi": a lasting wish about the shopper, said once
NOTE_FOR_ME = re.compile(r"\b(?:no|not|never|nothing)\s+(?:in\s+)?[a-z]+\s+for\s+me\b|\bbefore i forget\b|"
                         r"\bjust so (?:you|u) know\b|\bfyi\b|\bheads up\b|\bfor (?:the|your) record\b", re.I)
# "can u keep that in mind", "remember that": what was said is to be kept
REMEMBER_IT = re.compile(r"\b(?:keep|bear) (?:that|this|it|those) in mind\b|\bremember (?:that|this|it)\b|"
                         r"\bmake a note\b|\bnote (?:that|this|it) down\b", re.I)
# "Please keep that in mind.", "just so you know": about what was said before, no ask of its own
KEEP_IN_MIND = re.compile(r"^\W*(?:(?:please|pls|and|so)\W+)*(?:keep (?:that|this|it) in mind|remember (?:that|this)|"
                          r"just so you know|for future reference|fyi)\W*(?:thanks|thx|pls|please)?\W*$", re.I)
# "The colour is not important.", "any colour's fine": a value left open, beside the ask it is about
NO_MATTER = re.compile(r"\b(?:colou?rs?|sizes?|the colou?r|the size)\s+(?:is\s+|are\s+)?(?:not important|"
                       r"isn'?t important|doesn'?t matter|does not matter|don'?t matter|is fine|are fine|is ok)\b|"
                       r"\bany colou?r(?:'s|\s+is|\s+will do)?\s*(?:fine|ok|okay|good)?\s*(?:\W*$|,)|"
                       r"\bdon'?t care (?:about|which|what) (?:the\s+)?colou?r", re.I)


def is_context(words: str, said: Filters) -> bool:
    """Whether a clause only says who the ask is for ("They're for my aunt.", "it's a gift for my mum")."""
    return bool(FOR_SOMEONE.search(words)) and not said.categories and "?" not in words


# "If size is wrong, she can change?", "can he swap it if it doesn't fit": the exchange policy, asked ahead
EXCHANGE_IF = re.compile(r"\bif\b.{0,40}\b(?:change|swap|exchange|return|send (?:it|them) back)\b|"
                         r"\b(?:change|swap|exchange|return)\b.{0,30}\bif\b", re.I)
# Acts that only make sense about products on screen.
NEEDS_SHOWN = {"ask_about_shown", "refine", "compare", "sort", "add_to_cart", "remove_from_cart"}
REFRESHABLE = {"search", "recommend", "photo"}  # lists a new preference re-runs (not an answer's product)
REPEATABLE = {"add_to_cart", "remove_from_cart", "ask_about_shown"}
SMALL_TALK_ACTS = {"smalltalk", "out_of_scope", "greet", "thank", "bye", "affirm", "deny"}
SHOPPING_ACTS = {"search_product", "refine", "ask_about_shown", "add_to_cart", "remove_from_cart", "show_cart",
                 "compare", "sort", "state_preference", "recommend"}
# ("is the hoodie still in bag?", "put it in my bag": the shopping bag, as some shoppers call the cart)
CART = re.compile(r"\b(cart|basket|trolley)\b|\b(?:still in|in my|into my|from my|out of my)\s+bag\b", re.I)
PAY_METHOD = re.compile(r"\b(?:install?ments?|instal+ments?|paypal|cards?|amex|american express|visa|mastercard|klarna|"
                        r"check(?=\s*(?:or|/|and)\s*money order)|(?<=by )check|(?<=with a )check|cheque|money order|"
                        r"gift ?cards?|promo|coupon)\b(?!\s*out)", re.I)
# "chekout how", "how do i check out?", "how do I pay for my cart": finishing the order (not "check out
# these jackets", a look at products)
# ("before I check out, compare the two tanks": a time, the ask comes after it)
CHECKOUT = re.compile(r"(?<!before i )(?<!before we )(?<!before you )(?<!before i can )(?<!until i )"
                      r"(?:\bcheckout\b|\b(?:check|chek|chk)[\s-]?out\b)(?!\s+(?:the|these|this|those|that|some|them|it|"
                      r"our|your|ur|a|an|any|what|new|more|other|\w+s)\b)|"
                      r"\bpay(?:ing)?\s+for\s+(?:my|the|this|our)\s+(?:cart|basket|stuff|things|items)\b|"
                      r"\b(?:place|complete|finish|finalise|finalize)\s+(?:my|the|an?|this)\s+(?:order|purchase)\b",
                      re.I)
# "clear everything", "empty it all", "remove all of it": the whole cart, said without the word
CLEAR_ALL = re.compile(r"\b(?:clear|empty|remove|delete)\s+(?:it\s+)?(?:all(?: of it)?|everything)\b|"
                       r"\b(?:clear|empty)\s+it\s*(?:out)?\W*$", re.I)
TOTAL = re.compile(r"\b(?:my|our|the)\s+total\b|^\W*(?:total|totl|ttl)\b|"
                   r"\bhow much (?:is|'s|are|would|will)\b.{0,20}\b(?:all together|altogether|together|everything|"
                   r"in total)\b|"
                   # "thats it what do i owe", "what's the damage": the cart's sum
                   r"\b(?:what|how much) do (?:i|we) owe\b|\bwhat'?s the damage\b",
                   re.I)  # "whats my total with shipping": the cart's total
CART_REMOVE = re.compile(r"\b(remove|take (?:[\w']+ ){0,3}out|take (?:it|that|this|them|those|these|the \w+) off|"
                         r"out of|delete|drop|get rid|don'?t want|clear|empty)\b",
                         re.I)
CART_ADD = re.compile(r"\b(add|put|throw|place|pop|stick|chuck|toss|i'?ll take|buy|i'?ll go with|i'?ll have)\b", re.I)
# "add the cheapest", "ok i'll take the 2nd": an add said without the word "cart".
ADD_FIRST = re.compile(r"^\W*(?:(?:ok|okay|k+|ya|yes|yeah|great|cool|perfect|then|so|pls|please|good|nice|lovely|"
                       r"alright|right|fine|excellent|awesome|sure)\W+)*"
                       # "take the luma one" (not "take the second one out")
                       r"(?:take(?=\s+(?:the|that|this|it|one)\b)(?![^.?!]*\b(?:out|off|away|back|look)\b)|"
                       r"add|i'?ll take|ill take|i take|i'?ll get|buy|get me|"
                       # "get her the 2nd one then, purple S": bought for someone
                       r"get (?:her|him|them|us)(?=\s+(?:the|that|this|it|one|both)\b)|"
                       r"(?:put|pop|stick|chuck|toss) (?:it|that|this|one) in|"
                       r"(?:i'?ll |ill |i will |let'?s )?go with|i'?ll have)\b", re.I)
# "ok back to the messenger bags, add the first one": an add that opens a later clause
ADD_CLAUSE = re.compile(r"(?:[,.;!\u2014\u2013]|\s-)\s*(?:(?:ok|okay|then|so|and|pls|please)\s+)*"
                        r"(?:add|i'?ll take|ill take|i take)\b", re.I)
# "remove it", "actually take that out, changed my mind": a removal said without the word "cart".
REMOVE_FIRST = re.compile(r"^\W*(?:(?:ok|okay|k+|hmm+|um+|eh|oh|ah|uh|ugh|actually|no|nah|wait|pls|please|then|so|and|"
                          r"on second thoughts?)\W+)*"
                          r"(?:remove|delete|drop|"
                          # ("please take my mum's hoodie out again")
                          r"take (?:it|that|this|them|those|these|the \w+(?: one)?|(?:my|his|her) [\w']+(?: \w+)?|"
                          r"hers|his|[a-z]+'s) "  # ("take hers out", "oh take grandpa's out")
                          r"(?:back )?(?:out|off)|take out)\b",
                          re.I)
# "changed my mind about the leggings, take them out": the removal said last, of the item named before it
# ("she already has one. remove hers": the item for her)
REMOVE_LAST = re.compile(r"\b(?:take (?:it|that|this|them|those|these|hers|his) (?:back )?(?:out|off)|"
                         r"remove (?:it|that|this|them|those|these|hers|his))\W*(?:pls|please|thanks)?\W*$", re.I)
_MATERIAL = (r"(?:cotton|wool|polyester|nylon|spandex|fleece|leather|rayon|mesh|rubber|hemp|silicone|canvas|metal|"
             r"linen|foam|plastic|cork|bamboo|merino|silk|steel)")
# A question that is only its aspect ("material?", "and the price?", "sizes?"): about the product in focus.
BARE_ASPECT = re.compile(r"^\W*(?:(?:and|ok|okay|so|what about|how about|whats|what's|what is|wat|wut|what|which|"
                         r"the|its|it's)\W+)*"
                         r"(?:materials?|fabrics?|price|cost|how much|sizes?|colou?rs?|care|washing|stock|"
                         r"made of what|dimensions?|measurements?|weight|water ?proof|water[- ]resistant|lockable|"
                         r"adjustable|reflective|padded|insulated|breathable|hooded|lightweight|foldable|"
                         r"tsa(?: approved)?|wheels|wheeled|pockets?|"
                         # "foam or cork?": which of two materials
                         rf"{_MATERIAL}\s+or\s+{_MATERIAL})(?:\W+(?:pls|please|plz|thanks|thx))?"  # "price please"
                         # "waterproof? she swims a lot": the question, then why it matters
                         r"(?:\W*$|\s*\?\s+(?![^?]*\b(?:show|find|need|want|looking|any|other)\b)[^?]{1,60}$|"
                         # "whats the fabric, i need real stretch for high steps": and what it must do
                         r"\s*[,;?]\s+(?:i|she|he|we)\s+(?:need|want)\s+(?:real|good|some|lots of|a lot of|proper)\s+"
                         r"(?:stretch|warmth|support|grip|breathability|room|space)\b[^?]{0,60}$)",
                         re.I)
# A question that is only a size or colour ("XL?", "in blue?", "size 29?").
OTHER_ONES = re.compile(r"\b(?:any|anything|something|some|others?|more|ones)\b", re.I)
BARE_VALUE = re.compile(r"^\W*(?:(?:and|what about|how about|in|size|sz|any|got)\W+)*[\w-]+\W*$", re.I)
# "which of those has cotton", "any cotton ones in the list?", "which of them come in blue"
WHICH_OF = re.compile(r"\b(?:which|any|what)\b.{0,30}?\b(?:of (?:those|them|these|the(?:se)? (?:two|2|\w+s))|"
                      r"(?:in|on) (?:the|this|that) list)\b", re.I)
# "which one is the cheapest?", "which of those is most expensive": the list on screen, in price order
WHICH_PRICED = re.compile(r"\bwhich\b(?:\s+one|\s+of\s+(?:them|those|these|the\s+\w+))?\s+(?:is|'s|are)\s+(?:the\s+)?"
                          r"(cheapest|least expensive|most expensive|priciest|dearest)\b", re.I)
# "which one have place for laptop?", "which are waterproof": a feature looked for among the shown ones
WHICH_HAS = re.compile(r"\bwhich(?:\s+ones?|\s+of\s+(?:them|those|these))?\s+(?:has|have|is|are|comes?|fits?|can)\b",
                       re.I)
# "which ones come in white?", "any of those in L": the list on screen, narrowed
# "which of them has removable cups?": a part asked after has / have / comes with
HAS_PART = re.compile(r"\bwhich\b.*\b(?:has|have|comes? with|got)\s+(?:a\s+|an\s+|any\s+)?[a-z]{3,}", re.I)
WHICH_ONES = re.compile(r"\b(?:which|what) ones\b|\bany of (?:them|those|these)\b", re.I)
# "actually no, the cheapest one instead", "swap it for the 2nd one": the last cart add replaced.
INSTEAD = re.compile(r"\binstead\b|\b(?:swap|switch|change) (?:it|that|this)(?: one)? (?:for|with|to) (?:the|[1-5])\b|"
                     # "nah. swap for the first one", "swap to the second": the item added last, swapped
                     rf"\b(?:swap|switch) (?:for|to|with) (?:the )?(?:{_NTH}|other)\b|"
                     r"\bmake (?:it|that) the\b", re.I)  # "hmm actually make it the 75": that one, not the one added
# "do both of those come in purple?", "are they all in M?": a question about each shown product
ABOUT_EACH = re.compile(r"\b(?:both|each)\s+(?:of\s+)?(?:them|those|these|ones)\b|\bdo\s+(?:both|each)\b|"
                        r"\b(?:they|those|these)\s+(?:both|all)\b", re.I)
# "so the 8 foot one please": a pick from the list by what it is, said as a choice
PICK_DESCRIBED = re.compile(r"\bthe\s+(?:[\w'-]+\s+){1,3}?one\W*(?:(?:please|pls|plz|then|thanks|thx)\W*)+"
                            # "ok the 8 foot one pls, and a yoga brik": and one more thing named
                            r"(?:(?:and|plus|\+)\s+(?:a|an|one|the)\s+[a-z][\w' -]{2,40}?\W*)?$", re.I)
# A size or a colour said with a pick ("2nd one, 29, green")
_SIZE = r"(?:xxs|xs|s|m|l|xl|xxl|\d{2})"
_COLOUR = r"(?:black|white|gr[ae]y|blue|red|green|yellow|orange|purple|brown|pink|lavender|beige|navy)"
# "purple then, size M.": only the colour and size to buy in
VALUES_ONLY = re.compile(rf"^\W*(?:(?:ok|okay|then|so|and|in|size|sz|pls|please)\W+)*(?:{_COLOUR}|{_SIZE})"
                         rf"(?:[\s,]+(?:then|and|in|size|sz|pls|please|{_COLOUR}|{_SIZE}))*[.!\s]*$", re.I)
# "2nd tee in black M pls", "the first one, L, black please": a shown product picked with the size to buy
# (also said bare, as a list's item is picked while building a kit: "the 2nd one, size M", "2nd. blue, L";
# "2nd one in M?" asks)
PICK_SIZED = re.compile(rf"^\W*(?:the\s+)?{_NTH}"
                        rf"(?:\s+one|\s+[a-z]+|(?=[.,]))"
                        rf"(?=.*\b{_SIZE}\b)(?:[\s.,]+(?:in\s+|size\s+|sz\s+)?(?:{_SIZE}|{_COLOUR})){{1,3}}"
                        r"(?:[\s,]+(?:pls|please|plz|thanks|thx|ty))?[.!\s]*$", re.I)
# Words a pick by name may have besides the name, the size and the colour ("ok the adrienne one, gray,
# size M", "the iris then, green M", "apollo in 32 pls")
PICK_FILLER = frozenset("""ok okay k ya yes yeah alright right great cool perfect fine so then and also plus the one
in size sz a an pls please plz thanks thx ty for her him me my too as well i'll ill i will go with take that
let's lets do go on waist pair of cart basket meh gracias merci danke grazie obrigado cheers por favor bitte""".split())
# "and is standard free?", "so how long does that take": a follow-up on the answer before
FOLLOW_UP = re.compile(r"^\W*(?:and|also|so|ok|okay|but|what about|how about)\b", re.I)
# "in 30?", "size 30?", "30?": a size said alone
BARE_SIZE = re.compile(r"^\W*(?:(?:and|what about|how about|in|size|sz|got|any|maybe|an?)\W+)*"
                       r"(\d{2}|xxs|xs|s|m|l|xl|xxl)\W*$", re.I)
SIZE_LAST = re.compile(r"\b(?:xxs|xs|s|m|l|xl|xxl|\d{2})\s*\?+\s*$", re.I)
# "both", "that one too": more of the same. "if it's too small" is not ("too" before a word).
# ("+ the 1st, same size n colour": a phone's "plus", one more of the list)
BOTH_TOO = re.compile(r"\b(both|as well|also)\b|\btoo\b(?!\s+[a-z])|^\W*\+\s*(?=\w)", re.I)
# "ok add josie in black": the word after a cart verb, which may be a shown product's name
ADD_NAME = re.compile(r"\b(?:add|i'?ll take|take|buy|get me|remove)\s+([a-z][\w'-]{2,})\b", re.I)
# "hmm maybe later for him.", "not now": a clause that puts something off before the ask after it
PUT_OFF = re.compile(r"^\W*(?:(?:hmm+|ok|okay|well|nah|no|oh)\W+)*(?:maybe\s+|perhaps\s+)?(?:later|another time|"
                     r"not now|not today)\b(?:\s+for\s+(?:him|her|them|now|that))?\W*$", re.I)
# "Eventually I take also a pant, but not today.": a later wish, nothing to show now
LATER_WISH = re.compile(r"[,;]?\s*\bbut\s+not\s+(?:today|now|yet|this time)\W*$|\b(?:another|next)\s+time\W*$|"
                        r"\bmaybe\s+(?:later|next time)\W*$", re.I)
# "Same hoodie I saw cheaper on other site.", "In other shop I see this duffle more cheap.": why a
# price-match question follows
SAW_CHEAPER = re.compile(r"\b(?:saw|see|seen|found|find|spotted)\b[^.?!]{0,40}\b(?:cheaper|more cheap|for less|less|"
                         r"lower price)\b", re.I)
# "change that to orange", "make it blue instead", "actually in green": the colour of what was just added
RECOLOUR = re.compile(r"\b(?:change|switch|make)\s+(?:it|that|this|the colou?r)\b|\b(?:in|to)\s+[a-z]+\s+instead\b|"
                      r"^\W*(?:(?:actually|oh|wait|sorry|hmm+)\W+)+(?:in\s+)?[a-z]+\W*(?:instead|pls|please)?\W*$|"
                      # "oh wait, green not blue", "not blue, green": the colour taken, corrected
                      rf"\b{_COLOUR}\s*,?\s+not\s+(?:the\s+)?{_COLOUR}\b|\bnot\s+(?:the\s+)?{_COLOUR}\s*,\s*{_COLOUR}\W*$",
                      re.I)
# "change it to green pls": the colour a recolour asks for, whatever other colours are said
RECOLOUR_TO = re.compile(rf"\b(?:change|switch|make)\s+(?:it|that|this|the colou?r)\s+(?:to|into|in)\s+({_COLOUR})\b",
                         re.I)
# "what kind of stuff do you actually sell?", "is this a clothes shop or what?": the shop itself
# ("what do you have between 50 and 70?" narrows the list on screen: only a whole question about the shop)
_KINDS_OF = r"(?:kind|sort|type|kinds|sorts|types) of (?:stuff|things|products|items)"
WHAT_YOU_SELL = re.compile(rf"\bwhat (?:{_KINDS_OF} |(?:stuff|things|products) )?(?:do|does) "
                           r"(?:you|u|y'?all|this shop|the shop|this store) (?:guys )?(?:actually |even |all )?"
                           r"(?:sell|carry|stock|offer)\b(?:\s+(?:here|exactly|anyway))?\s*(?:[?.!]|$)|"
                           rf"\bwhat {_KINDS_OF} (?:do|does) (?:you|u) (?:actually |even )?have\b\s*(?:[?.!]|$)|"
                           r"\bis this an? [a-z]+ (?:shop|store)\b", re.I)
# "tell me about the ryker crew neck one": a question about one product, whatever it asks
TELL_ABOUT = re.compile(r"\b(?:tell me (?:a bit |more )?(?:about|abt)|info (?:on|about)|details (?:on|about|of)|"
                        r"more (?:info )?about)\b", re.I)
# "can you change the helios to black": a cart item by its name, in another colour
RECOLOUR_NAMED = re.compile(rf"\b(?:change|switch|make)\s+(?:the|my)\s+(?P<name>[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+"
                            rf"(?:to|in|into)\s+(?:the\s+)?(?P<colour>{_COLOUR})\b", re.I)
# "back to the hoodie for my son, the second one, size L": a pick from an earlier list, in a size
BACK_PICK = re.compile(r"\bback to (?:the|those|that|these|his|her|my)\b[^.?!]{0,40}?(?:[,:;\u2014\u2013]|\s-)\s*"
                       rf"(?:the\s+)?{_NTH}\s+(?:one\b)?"
                       r"[\s,]*(?:in\s+|size\s+|sz\s+)?(?:xxs|xs|s|m|l|xl|xxl|\d{2})\b", re.I)
# "and the celeste in yellow M too", "Plus the water bottle.": right after an add, one more taken
ALSO_TAKEN = re.compile(r"^\W*(?:(?:oh|ah|ooh|ok|okay)\W+)?(?:(?:and|plus|also)\b|\+)"
                        r"(?!\s+(?:what|which|how|where|when|why|is|are|do|does|can|"
                        r"show|any|anything|something|some|maybe)\b)|\b(?:too|as well)\W*$|"
                        # "stability ball too, the 65 cm one in blue": which one, said after it
                        r"\b(?:too|as well)\s*[,;-]\s*(?:the|in|size)\b[^?]*$", re.I)
# "ok 2nd in M pls", "perfect, the last one": a choice from the list, said without a verb.
# one size or colour said with a pick ("ok 2nd one, 29, green"), and the thanks that may end it
_PICK_VALUE = rf"(?:[\s,.]+(?:in\s+|sz\s+|size\s+)?(?:xxs|xs|s|m|l|xl|xxl|\d{{1,2}}|{_COLOUR}))"
_PICK_END = r"(?:\W+(?:pls|please|then|thx|thanks))*\W*$"
_PICKED = (r"(?:(?:just|only)\s+)?(?:the\s+)?"  # "ok just the 2nd one in S purple"
           rf"{_NTH}\b(?:\s+one)?"
           # "the 1st one from my wife's list", "the 2nd from his": whose list it is on
           r"(?:\s+(?:from|of|on)\s+(?:my\s+|the\s+)?[a-z]+(?:'s)?(?:\s+(?:list|ones))?)?"
           rf"{_PICK_VALUE}{{0,3}}")  # up to three sizes or colours with it
# "husband's 1st, L blue", "and grandma's second one, L red": a pick from a person's list, with how
PERSON_PICK = re.compile(rf"^\W*(?:and\s+)?(?:the\s+)?(?:my\s+|our\s+)?[a-z]+'s\s+{_NTH}\b(?:\s+one)?"
                         rf"{_PICK_VALUE}{{1,3}}{_PICK_END}", re.I)
PICK = re.compile(r"^\W*(?:(?:ok|okay|k+|ya|yes|yeah|great|cool|perfect|fine|alright|then|so)\W+)+"
                  # ("..., and the 2nd from his in S red": two picks)
                  rf"{_PICKED}(?:\W+and\s+{_PICKED})?{_PICK_END}", re.I)
# "actually make that 60", "I meant $60, not $50", "raise it to 80": a budget said again
PRICE_MEANT = re.compile(r"\b(?:meant|mean|make (?:it|that)|change (?:it|that|the (?:budget|limit|max)) to|"
                         r"(?:raise|up|bump|increase|lower|drop) (?:it|that|the (?:budget|limit|max)) to|"
                         r"(?:budget|limit|max)(?:'s| is) (?:actually|now|more like|really))\s+"
                         r"(?:\$\s*)?(\d{2,3})(?:\.\d{1,2})?(?:\s*(?:\$|dollars?|bucks|usd))?"
                         r"(?!\s*(?:cm|years?|yo|days?|%|of\b|x\b|pieces?|pairs?))\b", re.I)
# "wait no put it back", "Put the bra back in, size small": the item taken out last, back in the cart
PUT_BACK = re.compile(r"\b(?:put|add|throw|pop) (?:it|that|them|those|this|the [a-z]+(?: [a-z]+)?) back\b|"
                      r"\bback in(?:to)? (?:the |my )?(?:cart|basket)\b", re.I)
# "actually the 1st" right after taking something out: that one instead
PICK_AFTER_REMOVAL = re.compile(r"^\W*(?:(?:actually|ok|okay|no|nah|hmm|then|so|wait)\W+)*(?:the\s+)?"
                                rf"(?:{_NTH}|other)(?:\s+one)?"
                                r"(?:\W+(?:then|instead|please|pls))*\W*$", re.I)
# "show me something for running", "find me anything cute": ideas asked for, with no kind named
SHOW_ME_SOMETHING = re.compile(r"\b(?:show|find|recommend|suggest|give)\s+me\s+(?:something|anything|some stuff)\b",
                               re.I)
# "ok, that one then", "that one please": the product just answered about, chosen
THAT_ONE_THEN = re.compile(r"^\W*(?:(?:ok|okay|alright|right|fine|great|perfect|yes|yeah|cool)\W+)*(?:that|this)\s+one"
                           r"(?:\W+(?:then|please|pls|plz))+\W*$", re.I)
# "ok the Endurance", "right, the jade then": a name said after "ok" (a choice when two were just compared)
OK_THE_NAME = re.compile(r"^\W*(?:(?:ok|okay|alright|right|fine|hmm|then|so)\W+)+(?:the\s+)?[a-z][\w'-]+"
                         r"(?:\s+[a-z][\w'-]+){0,3}(?:\W+(?:then|please|pls))?\W*$", re.I)
# "the first one, XS, red", "2nd one in M": a pick said bare (a choice only right after a comparison)
CHOICE = re.compile(r"^\W*(?:the\s+)?(?:\d(?:st|nd|rd|th)|first|second|third|last|other)\b(?:\s+one)?"
                    rf"(?:[\s,.]+(?:in\s+|size\s+|sz\s+)?(?:xxs|xs|s|m|l|xl|xxl|\d{{1,2}}|{_COLOUR}|pls|please|thanks|then))"
                    r"{0,3}"
                    r"[.!\s]*$", re.I)
# "take it out", "take them out": the pronoun of a removal
IT_OR_THEM = re.compile(r"\b(?:it|that|this|them|those|these)\b(?! one)", re.I)
CART_SHOW = re.compile(r"\b(show|what'?s in|what is in|view|see|check|look at|how many|total)\b", re.I)
COMPARE = re.compile(r"\b(compare|comparison|difference|differ|vs\.?|versus|which (?:one )?is (?:better|cheaper|"
                     r"warmer|lighter)|which of (?:the|those|these|them|em)(?: two| 2| both)? is (?:better|cheaper|"
                     r"warmer|lighter|more expensive|pricier)|better one|sets? (?:them|these|those|it) apart|"
                     r"look (?:identical|the same)|tell (?:them|these|those) apart)\b", re.I)
# "does it have the built in bra thing": a question about "it", whatever kind of thing it names
IT_QUESTION = re.compile(r"^\W*(?:(?:and|so|but|ok)\s+)?(?:does|do|is|has|can|could|will|would)\s+(?:it|this|that)\b",
                         re.I)
# "need new one", "looking for a replacement duffle": a broken thing replaced, a search
REPLACEMENT = re.compile(r"\b(?:replacement|replace it|new one|a new|another one|looking for|i search|"
                         r"search (?:a|an|for)|need (?:a|an|new)|want (?:a|an|new))\b", re.I)
# "her backpack broke, cheap backpak pls": after a breakage, a price wish is shopping, not a claim
# (not "if I found one cheaper elsewhere, would you match the price?")
BROKE_SHOPPING = re.compile(r"\bbroke(?:n)?\b.*\b(?:cheap(?:er|est)?|affordable|inexpensive|show me|"
                            r"get (?:her|him|me|them) (?:a|an|another))\b", re.I)
# "put the first and the last side by side": a comparison, though "put" may start an add
SIDE_BY_SIDE = re.compile(r"\bside[- ]by[- ]side\b", re.I)
# "What's the cheapest one made of?": a question about the cheapest, not an order
ABOUT_THE_CHEAPEST = re.compile(r"\bthe (?:cheapest|least expensive|most expensive|priciest|dearest)(?: one)?\b", re.I)
# "how much more do i have to spend to get free shipping?": the cart against the free-delivery bar
SPEND_MORE = re.compile(r"\b(?:spend|add|buy|order)\b.{0,30}\b(?:free (?:shipping|delivery)|qualify)\b|"
                        r"\bfree (?:shipping|delivery)\b", re.I)
# A clause said as a question: "?" or a question word first ("budget is tight this month" is no question)
ASKED = re.compile(r"\?|^\W*(?:(?:and|so|ok|also)\W+)?(?:does|do|is|are|can|could|what|whats|what's|how|hows|which|"
                   r"has|have|will|would|got|any)\b", re.I)
# "how much more is the riona than the josie?", "whats the price gap between 1 and 2": two prices apart
PRICE_GAP = re.compile(r"\bhow much (?:more|less|cheaper|dearer|pricier|extra) (?:is|are|does|do)\b|"
                       r"\bprice (?:gap|difference)\b|\bdifference in (?:the )?price\b|"
                       r"\bhow much (?:is|'?s) the (?:price )?(?:gap|difference)\b", re.I)
# "in a different colour": a wish about products beside "more like that", an exchange elsewhere
OTHER_VARIANT = re.compile(r"\b(?:in )?(?:an?other|a different|other) (?:colou?rs?|sizes?|shades?)\b", re.I)
MORE_LIKE = re.compile(r"\b(?:[a-z]+s|an? [a-z]+)\s+like\s+(?:that|this|it|those|these|them)\b|"
                       r"\b(?:any|some|other)\s+similar\s+[a-z]+|"
                       # ("show me similar hoodies in other colour"; "show me similar watches under 50" is a search)
                       r"\b(?:me|us)\s+similar\s+[a-z]+\b(?!\s+(?:under|below|for less|less than|up to|max|<))|"
                       r"\b(more|others?|anything|something|ones?|stuff|items?)\s+(?:\w+\s+)?(like|similar to)\s+"
                       r"(this|that|it|these|those|them|the)\b|\bsimilar (ones|items|products|stuff)\b|"
                       r"\b(anything|something|ones?|more|others?)\s+similar\b", re.I)
THE_CHEAPER_ONE = re.compile(r"\bthe (?:cheaper|cheapest|pricier|priciest|more expensive|less expensive) (?:one|of)",
                             re.I)  # a pointer at a shown product, not a wish for cheaper ones
CHEAPER = re.compile(r"\b(cheaper|less expensive|lower price|more affordable|on a budget)\b", re.I)
ANY_CHEAPER = re.compile(r"\b(?:any(?:thing|one)?|something|some|others?)\b[^?.!]{0,25}\b(?:cheaper|less expensive)\b|"
                         # "cheaper jacket than the ingrid?": others of a kind below it, not a comparison
                         r"\b(?:cheaper|less expensive)\s+(?!one\b)[a-z]+\s+than\b", re.I)
# "fyi i'm a 31 in shorts", "i only wear black", "my size is M": the shopper describes themselves.
PREFERENCE_SAID = re.compile(r"\b(?:i'?m an? |i am an? |i'?m a size|i wear|i usually wear|i only (?:wear|like|buy)|"
                             r"i prefer|i like|i love|i hate|my size is|my budget is|on a (?:\w+ )?budget|"
                             r"i don'?t (?:like|want|wear))\b",
                             re.I)
# "running shorts for me", "hoodies for my son": a kind of product asked for someone (not "size 28 for pants")
KIND_FOR_SOMEONE = re.compile(r"\b([a-z]{3,})\s+for\s+(?:me|myself|my\s+\w+|him|her)\b", re.I)
SEARCH_VERB = re.compile(r"\b(show|find|search|looking for|look for|need|got any|do you (?:have|sell)|"
                         r"any)\b", re.I)
QUESTION = re.compile(r"\?|\b(does|do|is|are|can|what|whats|how|hows|which|has|have|will)\b", re.I)
# Where one message holds two asks: a sentence end or "also" between two clauses.
ASK_BREAK = re.compile(r"(?<=[?!.])\s+(?:and\s+)?(?:also\s+)?(?=\w)|"
                       # "also" opens a second ask, not "does the third one also come in a 30?"
                       # (nor "do u also sell bricks?": "also" inside the question's own verb)
                       + "".join(rf"(?<!\b{a} {p})" for a in ("do", "can", "did") for p in ("u", "you", "ya", "they"))
                       # nor "first one have also red colour?" (a verb, then "also")
                       + "".join(rf"(?<!\b{v})" for v in ("have", "has", "come", "comes", "is", "are", "fit", "fits",
                                                          # "ok then add also the jump rope": one add
                                                          "add", "put", "take", "get", "throw",
                                                          # "You are sending also to Poland?": one question
                                                          "send", "sending", "ship", "shipping", "deliver",
                                                          "delivering"))
                       + r"[,;]?\s+(?:and\s+)?also[,:]?\s+(?!(?:comes?|has|have|fits?|works?|goes|go|available|in)\b)|"
                       r"\s+[+&]\s+|"
                       r"[,;]\s+(?:and\s+)?(?:then|plus)\s+|"
                       # ("can I exchange it ..., and if not how long would a refund take?": a second question)
                       r"[,;]?\s+(?:and|n)\s+(?:if not,?\s+|otherwise,?\s+)?"
                       r"(?=(?:do|does|can|could|is|are|what|what'?s|whats|which|how|where|when|show|"
                       r"tell|let me know|i'?d like|i want|check|track|look up|"
                       # "..., and I was wondering whether you accept PayPal?"
                       r"i (?:was|am|'m) wondering|i wonder(?:ed)?)\b)|"
                       # "add the 3rd in XL, and take the bag out": a second cart change
                       r"[,;]\s+and\s+(?=(?:add|remove|take|put|delete|drop)\b)|"
                       # "actualy remove it, ill get the 2nd": a removal, then what is taken instead
                       r"(?:(?<=remove it)|(?<=remove that)|(?<=remove them)|(?<=remove this)|(?<=drop it)|"
                       r"(?<=take it out)|(?<=take that out))[,;]\s+"
                       r"(?=(?:i'?ll|ill|i will)\s+(?:just\s+)?(?:take|get|have|go with)\b)",
                       re.I)

# "I'm buying a present for my grandson", "a gift for my wife": who what is looked for next is for
PRESENT_FOR = re.compile(r"\b(?:present|gift|something|shopping|buying|looking)\s+(?:\w+\s+){0,2}?for\s+(?:my|our)\s+"
                         r"(?:\w+\s+)?([a-z]+)\b", re.I)
# "..., so it is more than 50", "that should get me over 100 right": the cart's total, not a price wanted
TOTAL_REMARK = re.compile(r"[,;.]?\s*\b(?:so|that|which|to)\s+(?:(?:it|that|this|i|we|the (?:total|cart))\s+)?"
                          r"(?:'s|is|will be|should|would|will|gets?|puts?|takes?|brings?|makes?)\b[^.?!]{0,25}?"
                          r"\b(?:over|more than|above|past|beyond)\s+\$?\d+(?:\.\d+)?\s*(?:\$|dollars?|bucks)?"
                          r"(?:\W*(?:right|yes|yeah|no|ok|yea))?\W*$", re.I)
# "is the hyperion good for skiing", "does the chaz run small": a yes-or-no question about a named product
ASKS_OF_IT = re.compile(r"^\W*(?:(?:and|so|ok|okay|hmm|but)\W+)*(?:is|are|does|do|can|will|would|could|has|have)\s+"
                        r"(?:the|that|this)\b", re.I)
# "similar to the kenobi", "like the hyperion but ...": other products wanted, not a question about that one
OTHER_THAN_IT = re.compile(r"\b(?:similar|like|other|others|alternatives?|instead)\b", re.I)
# ... and "anything", "cheaper", "what goes with the hyperion": others beside a shown one that is named
OTHERS_BESIDE_IT = re.compile(r"\b(?:anything|something|cheaper|go with|goes with|match)\b", re.I)
# "tell me more about it", "more details on the second one pls": the product described
MORE_ABOUT = re.compile(r"^\W*(?:(?:ok|okay|so|and|hmm|cool|nice)\W+)*(?:can you\s+|could you\s+|pls\s+|please\s+)?"
                        r"(?:tell me (?:a (?:bit|little) )?more|more (?:info|details|information)|details|"
                        r"what else can you tell me)\s*(?:about|on|of)?\s*(?:it|this|that|this one|that one|"
                        r"the\s+[\w' -]{1,30}?)?\W*(?:pls|please|thanks)?\W*$", re.I)
# "add 2 pls": a count, or a list position (see ``_answer``)
# ("add 2, one for each kid": who they are for, after the count)
ADD_NUMBER = re.compile(r"^\W*(?:(?:ok|okay|k|then|so)\W+)?add\s+([2-5])\s*(?:pls|please|then)?"
                        r"(?:\s*[,;-]?\s*(?:one\s+)?for\s+(?:each|both|my|the|me|us|him|her|them)\b[\w' ]{0,30})?\W*$",
                        re.I)
NUMBER_NAMES = {2: "two", 3: "three", 4: "four", 5: "five"}
# "thumb holes?", "hood?": a short noun said as a question (about the product in focus, when it is no kind)
BARE_THING = re.compile(r"^\W*(?:and\s+|any\s+|with\s+)?[a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2}\s*\?+\s*$", re.I)
# "colours for erica?", "price of the bruno": what is asked, then the shown product's name
ASPECT_FOR = re.compile(r"^\W*(?:and\s+|what\s+(?:about\s+)?)?(?:the\s+)?(colou?rs?|sizes?|price|cost|materials?|"
                        r"fabrics?|dimensions?|measurements?|weight|care|stock)\s+(?:for|of|on)\s+(?:the\s+)?"
                        r"([a-z]{3,})(?:\s+one)?\W*$", re.I)
# "brunos material?", "bruno's colours?": a shown product's name, owning what is asked
BARE_POSSESSIVE = re.compile(r"^\W*([a-z]{3,}?)(?:'s|s)\s+(?=\w)", re.I)
# "Savvy has pocket for water bottle?", "the bruno got thumb holes?": a shown product's name, then what it may have
NAME_HAS = re.compile(r"^\W*(?:(?:and|so|ok|okay|but|hmm)\W+)*(?:the\s+)?([a-z][\w'-]{2,}(?:\s+[a-z][\w'-]{2,})?)\s+"
                      r"(?:has|have|got|comes? with)\s+(?!(?:to|been|got)\b)(.{3,60}?)\s*\?+\s*$", re.I)
# "I'd like to compare a few before deciding": what the shopper means to do with the list asked for
MEAN_TO_COMPARE = re.compile(r"^\W*(?:i'?d like to|i would like to|i want to|i wanna|i'?ll|let me|so i can|to)\s+"
                             r"(?:have a look and\s+)?compare\s+(?:a few|some|them|a couple|options|prices)\b"
                             r"[^?]{0,30}$", re.I)
# "I think I will stay with the Jade", "let's go with the kenobi": the product chosen, by its name
CHOSEN_NAME = re.compile(r"\b(?:stay|stick|go|going|settle|decided?)\s+(?:with|on|for)\s+(the\s+[a-z][\w'-]+"
                         r"(?:\s+[a-z][\w'-]+)?)\W*$", re.I)
# "With two pairs and the bag", "with everything in my cart": what a question after it is about
WITH_WHAT = re.compile(r"^\W*(?:(?:so|and|ok|okay)\W+)?(?:with|for|including)\s+(?:the|my|these|those|that|this|"
                       r"all|everything|both|two|three|\d)\b[^.?!]{0,50}$", re.I)
# "is there a faster option", "anything quicker?": a quicker way, asked right after a delivery question
FASTER_WAY = re.compile(r"\b(?:faster|quicker|sooner|speedier|express|next[- ]day|overnight|rush)\b", re.I)
DELIVERY_SAID = re.compile(r"\b(?:deliver\w*|shipp?\w*|arrive|get (?:here|there|to me)|take to come)\b", re.I)
# "got this in L?": the one product pointed at (not "this kind of thing")
THIS_ONE = re.compile(r"\b(?:this|it)\b(?!\s+(?:kind|sort|type|style))", re.I)
# "he already has shorts like those": why the shopper changes their mind, no ask
ALREADY_HAS = re.compile(r"\b(?:he|she|they|i|we)\s+(?:already|allready)\s+(?:has|have|owns?|got)\b", re.I)
# "Will I get free delivery? The two of them come to $41.": a sum said as context, not a budget to search by
SUM_SAID = re.compile(r"\b(?:comes?|came|adds? up|add up)\s+to\s+(?:about\s+|around\s+)?\$?\d|"
                      r"\b(?:total|that|it)(?:'s| is| was)\s+(?:about\s+|around\s+)?\$\d", re.I)
# Words of an order look-up asked for ("where is my order", "check order 1001", "has it shipped")
ORDER_LOOKUP = re.compile(r"\b(?:where|status|track\w*|check\w*|look\w* up|arriv\w*|ship(?:ped)?|"
                          r"deliver(?:ed)?|came|come|received?|haven'?t|hasn'?t|missing|late|number|#)\b", re.I)
# "That sounds right for her.", "perfect, that looks great": approval of what was shown, no ask of its own
APPROVAL = re.compile(r"^\W*(?:(?:oh|ah|ok|okay|yes|yeah|great|perfect|lovely)\W+)*(?:that|this|it|they|those)?\s*"
                      r"(?:'s|is|are|sounds?|looks?|seems?)\s+(?:just\s+|really\s+|so\s+)?"
                      r"(?:right|good|great|perfect|lovely|nice|ideal|fine|about right|like what \w+ (?:wants?|needs?))"
                      r"(?:\s+for\s+(?:her|him|them|me|us|my\s+\w+))?\W*$", re.I)
# "How she can do it?", "how do I do that": the way to do what was just asked about
HOW_TO_DO_IT = re.compile(r"^\W*(?:and\s+|so\s+|but\s+)?how\b.{0,20}\b(?:do|start|arrange|go about)\s+"
                          r"(?:it|that|this)\W*$", re.I)
FILLER = re.compile(r"^(?:hi|hello|hey|hiya|oh|ok|okay|k|so|and|also|then|plus|btw|well|hmm+|um+|ah|great|cool|"
                    r"thanks|thx|ty|cheers|ta|nice|perfect|lovely|sweet|awesome|brilliant|sick|alright|right|"
                    r"yes|yeah|yep|yup|sure|fine|good|gotcha|noted|wow|danke|merci|gracias|grazie)\W*$", re.I)


# "... I bought from you in size 34 ripped at the seam": something bought that broke (said before a return)
BOUGHT_BROKE = re.compile(r"\b(?:i|we)\s+(?:just\s+|recently\s+)?(?:bought|ordered|got|purchased)\b.*"
                          r"\b(?:ripped|tore|torn|broke|broken|split|fell apart|falling apart|came apart|"
                          r"stopped working|faded|shrank|"
                          r"has a hole|holes?)\b", re.I)
# "need it for swimming", "I swim, so it should be water resistant.": why the question before it is asked
WHY_ASKED = re.compile(r"^\W*(?:(?:i|we|she|he|they)\s+\w+(?:\s+a\s+lot)?\s*[,;]\s*)?(?:(?:i|we|she|he)\s+)?"
                       r"(?:need|want|use|gonna use|will use)\s+(?:it|them|one)\s+for\s+(?:the\s+)?[a-z]+(?:ing)?"
                       r"(?:\s*,?\s*(?:so\s+)?not\s+(?:too\s+)?[a-z]+)?\W*$|"  # "I want it for run, not heavy"
                       r"^\W*(?:(?:i|we|she|he|they)\s+\w+(?:\s+a\s+lot)?\s*[,;]\s*)?so\s+(?:it|they)\s+"
                       r"(?:should|must|has to|have to|needs? to)\s+be\s+[\w -]{3,30}\W*$|"
                       # "do you price match? I saw it cheaper somewhere": why the shop's policy is asked
                       r"^\W*(?:i|we)\s+(?:saw|seen|found|spotted|have seen|'ve seen)\s+(?:it|them|one|this|that|"
                       r"the same(?:\s+\w+)?)\s+(?:for\s+)?(?:cheaper|less|lower|for less)\b[\w .$-]{0,30}$", re.I)
# "like stuff it in a pocket", "like for 6 hours": the question before it, said again another way
LIKE_SAYING = re.compile(r"^\W*(?:like|i mean|as in)\s+(?!(?:this|that|these|those|the|them|it|one|ones)\b)"
                         r"(?![^?]*\b(?:show|find|any|anything|something|similar|cheaper|other)\b)", re.I)
# "I want it matching", "so they match": the reason for the ask before it (a colour to match), no ask
WANT_MATCHING = re.compile(r"^\W*(?:(?:i|we)\s+(?:want|need|would like|'?d like)\s+(?:it|them|one|something)\s+)?"
                           r"(?:matching|to match|so (?:it|they) match(?:es)?)(?:\s+(?:the|my)\s+[\w ]{1,20})?\W*$",
                           re.I)

# "... after workouts? I'm a guy", "... suit a beginner. I am a man.": who the ask before it is for, no ask
SELF_SAID = re.compile(r"^\W*(?:(?:and|oh|btw|also|but|ps)\W+)*(?:i'?m|i am|im|it'?s for)\s+(?:a\s+)?"
                       r"(?:guy|man|male|woman|female|lady|girl|dude|bloke|gal|men|women|mens|womens)\W*$", re.I)
# "I don't really know what I want. Something cozy ...": the ask after it, said with no idea yet
NO_IDEA_YET = re.compile(r"^\W*(?:(?:so|well|hmm|honestly|ok)\W+)*(?:i\s+)?(?:don'?t|do not|dont|dunno)\s+"
                         r"(?:really\s+|even\s+)?(?:know\s+)?(?:exactly\s+)?what\s+(?:i\s+)?"
                         r"(?:want|need|to (?:get|buy))(?:\s+(?:yet|really|tbh))?\W*$", re.I)

def clauses(text: str) -> list[str]:
    """The message cut where a new ask may start, each piece trimmed (one-word pieces included)."""
    return [p.strip(" ,;") for p in ASK_BREAK.split(text or "") if p and p.strip(" ,;")]


# "same email", "with the same email as before", "same address pls": details of the ask before it
SAME_DETAILS = re.compile(r"^\W*(?:(?:and|with|use|using|it'?s|its|on|under)\s+)*(?:the\s+)?same\s+"
                          r"(?:e-?mail(?:\s+address)?|address|account|one|details|name)"
                          r"(?:\s+as\s+(?:before|last time|above|earlier|the other one))?"
                          r"(?:\W+(?:pls|please|thanks|thx|ty))*\W*$|"
                          # "swap it for the second one instead. same size L, black": the item's size and colour
                          r"^\W*(?:and\s+|in\s+)*(?:the\s+)?same\s+(?:size|colou?r)\b[\w ,]{0,24}\W*$", re.I)


def _cart_change_then_topic(part: str) -> list[str]:
    """A cart change and a service question joined by a dash ("add the 2nd in L - free shipping then, right?")."""
    left, dash, right = part.partition(" - ")
    if dash and ADD_FIRST.search(left) and names_a_topic(right) and not names_a_topic(left):
        return [left.strip(), right.strip()]
    return [part]


def split_asks(text: str) -> list[str]:
    """The clauses of a message that may hold several asks ("can I return shoes? also show me bags")."""
    parts = [piece for part in clauses(text) for piece in _cart_change_then_topic(part)]
    # "... in M. Oh and how much is delivery?": a lone word ("Oh", "ok") opens the clause after it
    merged: list[str] = []
    dropped = False
    for i, part in enumerate(parts):
        # (any one word: "I'll also need running shorts. Could you ..." cut at "also" leaves "I'll")
        if len(part.split()) == 1 and i + 1 < len(parts) and (FILLER.match(part) or not part.endswith((".", "?", "!"))):
            parts[i + 1] = f"{part} {parts[i + 1]}"
            continue
        if i + 1 < len(parts) and SAW_CHEAPER.search(part) and "?" not in part and WARRANTY.search(parts[i + 1]):
            parts[i + 1] = f"{part} {parts[i + 1]}"  # "I saw it cheaper elsewhere. Can you match the price?"
            continue
        if i + 1 < len(parts) and VALUES_ONLY.match(part) and ADD_FIRST.search(parts[i + 1]) \
                and re.search(r"\b(?:it|that|this|one)\b", parts[i + 1], re.I):
            parts[i + 1] = f"{parts[i + 1]} {part}"  # "purple then, size M. add it": the add, in that colour and size
            continue
        if merged and ADD_FIRST.search(merged[-1]) and re.match(r"(?:a|an|one|the)\s+[a-z0-9][\w' -]*$", part, re.I):
            merged[-1] = f"{merged[-1]} and {part}"  # "ok add the voyage + a foam roller": one add of both
            continue
        if merged and HEIGHT.match(part) and not re.search(r"\b(?:want|need|looking|show|size)\b|\?", part, re.I):
            dropped = True  # "... apart from length? im 5'10 with tight hamstrings": who asks, not an ask
            continue
        if i + 1 < len(parts) and "?" not in part and BOUGHT_BROKE.search(part) and names_a_topic(parts[i + 1]) \
                and not SEARCH_VERB.search(part):
            # "The Caesar Warm-Up Pant I bought from you ... ripped at the seam. Can I return it?": what
            # the return is about, no search of its own
            parts[i + 1] = f"{part} {parts[i + 1]}"
            continue
        if i + 1 < len(parts) and CHOSEN_NAME.search(part) and "?" not in part and ADD_FIRST.search(parts[i + 1]) \
                and re.search(r"\b(?:it|that one|this one)\b", parts[i + 1], re.I):
            # "I think I will stay with the Jade. Please add it in green, size XS.": "it" is the Jade
            parts[i + 1] = f"{parts[i + 1]} ({CHOSEN_NAME.search(part).group(1)})"
            continue
        if i + 1 < len(parts) and WITH_WHAT.match(part) and "?" not in part and QUESTION.search(parts[i + 1]):
            # "With two pairs and the bag, will delivery be free?": what the question is about, no ask of its own
            parts[i + 1] = f"{part}, {parts[i + 1]}"
            continue
        if merged and "?" in merged[-1] and WHY_ASKED.match(part):
            merged[-1] = f"{merged[-1]} {part}"  # "is the 1st water resistant? need it for swimming": why it asks
            continue
        if merged and LIKE_SAYING.match(part):
            merged[-1] = f"{merged[-1]} {part}"  # "is it packable? like stuff it in a pocket": the same question
            continue
        if merged and MEAN_TO_COMPARE.match(part):
            dropped = True  # "... jackets under $80, please? I'd like to compare a few before deciding": why
            continue
        if merged and WANT_MATCHING.match(part):  # "any purple ones? I want it matching": why, not a new ask
            dropped = True
            continue
        if merged and SELF_SAID.match(part):  # "something cozy after workouts? I'm a guy": who it is for
            merged[-1] = f"{merged[-1]} {part}"
            continue
        if i + 1 < len(parts) and NO_IDEA_YET.match(part):  # "I don't really know what I want. Something cozy?"
            parts[i + 1] = f"{part} {parts[i + 1]}"
            continue
        if merged and SAME_DETAILS.match(part):  # "its 1001. same email": the look-up's details, no new ask
            merged[-1] = f"{merged[-1]}, {part}"
            continue
        merged.append(part)
    if dropped and len(merged) == 1:
        return merged
    return merged if len(merged) > 1 and all(len(p.split()) >= 2 for p in merged) else [text]


def asks_of_that_one(text: str) -> bool:
    """Whether words that name a product ask about it: no search verb, no "more like it", no topic, no others."""
    return not (SEARCH_VERB.search(text) or MORE_LIKE.search(text) or names_a_topic(text)
                or OTHER_THAN_IT.search(text))


def names_a_topic(text: str) -> bool:
    """Whether the words name a service topic (returns, refunds, delivery, payment, account)."""
    return any(p.search(text) for _, p in TOPIC_WORDS)


def short_service_question(text: str, said: Filters) -> bool:
    """A short question that names a service topic and no product wish ("ship free?", "do u have free shiping")."""
    return bool(QUESTION.search(text) and names_a_topic(text) and len(text.split()) <= 6
                and not (said.categories or said.colors or said.sizes or said.max_price or said.min_price))




def points_at_one(text: str) -> bool:
    """Whether the words point at one product on screen ("it", "the second one", "the cheaper one")."""
    lower = ORDER_FIRST.sub(" ", text.lower())  # "cheapest first" is an order, not "the first one"
    lower = ORDINAL_TIME.sub(" ", lower)
    return bool(PRONOUN_ONE.search(lower) or THE_CHEAPEST.search(lower) or THE_PRICIEST.search(lower)
                or LONGEST.search(lower) or SHORTEST.search(lower)
                or any(re.search(rf"\b{w}\b", lower) for w in ORDINALS))


def points_at_shown(text: str) -> bool:
    """Whether the words point at shown products: one ("it", "the second one") or several ("these")."""
    return points_at_one(text) or bool(PRONOUN_ALL.search(text))


# "A men's watch under $50?", "any womens jackets": a kind asked for with "a"/"any", not a product on screen
A_KIND_FOR = re.compile(r"(?:^|[.?!]\s*)(?:and\s+)?(?:an?|any|some)\s+(?:\w+'?s?\s+){0,2}\w+", re.I)
# "my stepdad would like one too": one of the same kind, no pointer at a shown product
LIKE_ONE_TOO = re.compile(r"\b(?:like|want|needs?|wants?|get)\s+one\s+(?:too|as well)\b", re.I)
# "how much was the cheapest again": the price of one product asked (not "starting with the most expensive?")
HOW_MUCH = re.compile(r"\b(?:how much|how expensive|(?:the )?price of|(?:the )?cost of|what did .{1,20} cost)\b", re.I)


def reconcile(act: str, text: str, has_shown: bool, named: bool = False) -> str:
    """The act to answer with: the model's, unless the words say exactly which shop task it is.

    ``named``: the words name a product on screen ("the Chaz") besides any pronoun or ordinal.
    """
    if act in {"affirm", "deny", "thank", "greet", "bye"} and "?" in text:
        topics = [ACT_OF_TOPIC[topic] for topic, p in TOPIC_WORDS if p.search(text) and topic in ACT_OF_TOPIC]
        if len(set(topics)) == 1:
            return topics[0]  # "I was wondering whether you accept PayPal?" read as a yes: the payment question
    if has_shown and BACK_POINT.search(text):
        return "ask_about_shown"  # "meh forget the hoodies. go back to the jackets, the second one": that one, shown
    if has_shown and BACK_TO_LIST.search(text) and not names_a_topic(text) \
            and act not in ACT_TOPICS and act not in {"order_status", "provide_order_info"} \
            and not re.search(r"\b(?:order|return|refund|delivery|payment|account)s?\b", text, re.I):
        return "search_product"  # "ok go back to the jackets": that list again (not a hand-off to a person)
    if WARRANTY.search(text) and act not in {"add_to_cart", "remove_from_cart", "show_cart"} \
            and not ((REPLACEMENT.search(text) or BROKE_SHOPPING.search(text))
                     and act in {"search_product", "recommend", "refine"}) \
            and not (act in {"return_request", "refund"} and not re.search(r"\b(?:warranty|guarantee)", text, re.I)):
        # "does it come with a warranty?": the store policy, about that product ("my backpack broke, need
        # new one for school" is a search; "i wanna return the watch from my last order, band broke" a return)
        return "policy"
    if act in {"return_request", "refund", "policy"} and REPLACEMENT.search(text) and not names_a_topic(text) \
            and not PREFERENCE_SAID.search(text) \
            and not WARRANTY.search(re.sub(r"\bbroke\w*\b", " ", text, flags=re.I)):
        return "search_product"  # "the bottom has a hole now. I search a new one like it": a new one, found
    if has_shown and ORDER_FIRST.search(text) and not CART.search(text) and act in {"add_to_cart", "ask_about_shown"} \
            and not points_at_one(text):
        return "sort"  # "put the more cheap first please": an order of the list, nothing put in the cart
    if has_shown and SIDE_BY_SIDE.search(text) and not CART.search(text):
        return "compare"  # "could you put the first and the last side by side for me?": no add
    if has_shown and PRICE_GAP.search(text) and act not in {"add_to_cart", "remove_from_cart"} \
            and not names_a_topic(text) and not SPEND_MORE.search(text):
        return "compare"  # "how much more is the riona than the josie?": side by side, the difference said
    if has_shown and (ADD_FIRST.search(text) or ADD_CLAUSE.search(text)) \
            and (points_at_shown(text) or named or BARE_ADD.search(text) or THE_EXTREME_KIND.search(text)) \
            and not CART_REMOVE.search(text):  # ("add the cheapest band": that one of the list)
        return "add_to_cart"  # "add the 2nd one", "add the kenobi", "add L" (the product in focus)
    if CART_ADD.search(text) and THE_EXTREME_KIND.search(text) and "?" not in text and not CART_REMOVE.search(text):
        return "add_to_cart"  # "Ok. Also add your cheapest water bottle.": that one, shown or not
    if has_shown and "?" not in text and not CART_REMOVE.search(text) and (
            # "I'll take the cheapest jacket in size L, in red", "I think I'll go with the second one"
            (DECIDED.search(text) and (THE_EXTREME_KIND.search(text) or points_at_one(text) or named))
            or ADD_COUNT.search(text)  # "and 5 of the second one in L, blue too": that many of it
            or BACK_PICK.search(text)  # "ok back to the hoodie for my son - the second one, size L"
            or PICK.search(text) or PERSON_PICK.search(text)):  # "ok 1st in L", "perfect, the last one": a choice
        return "add_to_cart"
    if has_shown and REMOVE_FIRST.search(text) and (points_at_shown(text) or named or THE_X_ONE.search(text)):
        return "remove_from_cart"
    if CLEAR_ALL.search(text) and act not in ACT_TOPICS:
        return "remove_from_cart"  # "nvm forget it, clear everything": the whole cart
    if CHECKOUT.search(text) and not re.search(r"\d{4}", text) and act not in {"add_to_cart", "remove_from_cart"} \
            and not PAY_METHOD.search(text):  # "can I pay for my cart in installments?" asks how, not where
        return "checkout"  # "chekout how" (small talk to the model): the cart and how to check out
    if PAY_METHOD.search(text) and re.search(r"\bpay(?:ing)?\b", text, re.I) and "?" in text \
            and act not in {"add_to_cart", "remove_from_cart"}:
        return "payment"  # "can i pay for my cart with paypal?": how to pay, not what the cart holds
    if TOTAL.search(text) and not re.search(r"\d{4}", text) \
            and (act not in {"add_to_cart", "remove_from_cart"}
                 or not (CART_ADD.search(text) or CART_REMOVE.search(text))):  # "whats the total then" read as an add
        return "show_cart"  # (an order's total, "the total of order 1002", is the order look-up's)
    if CART.search(text):
        if CART_REMOVE.search(text):
            return "remove_from_cart"
        # ("OK, in blue size XS into the cart.": the product in focus, in that size)
        if CART_ADD.search(text) or (has_shown and INTO_CART.search(text)
                                     and (points_at_one(text) or SIZE_CHOSEN.search(text))
                                     and "?" not in text and not CART_SHOW.search(text)):
            return "add_to_cart"
        if CART_SHOW.search(text) or act not in {"add_to_cart", "remove_from_cart"}:
            return "show_cart"
    if act in {"add_to_cart", "remove_from_cart", "show_cart"} and not has_shown and act != "show_cart" \
            and not points_at_shown(text):
        return "search_product"
    if act == "add_to_cart" and not CART_ADD.search(text) and not BOTH_TOO.search(text) \
            and not (has_shown and (PICK.search(text) or CHOICE.search(text)  # "the first one pls"
                                    # "ok the 8 foot one pls" (not "The blue one, please.": maybe a variant
                                    # to see first)
                                    or (PICK_DESCRIBED.search(text) and THE_MEASURE.search(text))
                                    or DECIDED.search(text))):  # "ok I take, brown, S"
        # "i like the second one, anything similar?" adds nothing to a cart; "2nd 1 material" asks about it
        asks_about = has_shown and points_at_one(text) and any(p.search(text) for p in ASPECTS.values()) \
            and not names_a_topic(text)  # ("if it doesnt fit him can he swap it" is the exchange policy)
        act = "ask_about_shown" if asks_about else "search_product"
    if act == "remove_from_cart" and not CART_REMOVE.search(text):
        act = "search_product"  # "2nd one comes in L?": no removal said, so a question or a search
    if has_shown and act in {"sort", "search_product", "refine"} and (LONGEST.search(text) or SHORTEST.search(text)):
        return "ask_about_shown"  # "which is the longest one": a product on screen, found by its title's measure
    if has_shown and COMPARE.search(text) and act not in ACT_TOPICS and not ANY_CHEAPER.search(text):
        return "compare"
    if act == "compare" and names_a_topic(text):
        act = "policy"  # "can i exchange the 1st for a diff size": no comparison asked
    if REMOVE_FIRST.search(text) and THE_PRICED.search(text):
        return "remove_from_cart"  # "hmm no, take out the cheaper watch": a cart item by its price, no search
    cheaper_wish = bool(CHEAPER.search(text)) and not THE_CHEAPER_ONE.search(text) \
        and not (COMPARE.search(text) and not ANY_CHEAPER.search(text))  # "Which of the two is cheaper?"
    # ("any of those cheaper than the Orion?" read as a comparison is a wish for cheaper ones too)
    if has_shown and cheaper_wish and act not in ACT_TOPICS and act != "add_to_cart" \
            and (act != "compare" or ANY_CHEAPER.search(text)):
        return "cheaper"  # "anything cheaper like that?": the price leads
    if MORE_LIKE.search(text) and act not in ACT_TOPICS \
            and not (QUESTION.search(text) and names_a_topic(OTHER_VARIANT.sub(" ", text))):
        # (not "how much is delivery for a bag like that?"; "more like that one, in a different colour
        # perhaps?" asks for products, not an exchange)
        return "more_like"
    if has_shown and ABOUT_THE_CHEAPEST.search(text) and QUESTION.search(text) \
            and any(p.search(text) for name, p in ASPECTS.items() if name != "price") \
            and act not in {"add_to_cart", "remove_from_cart"}:
        return "ask_about_shown"  # "what's the cheapest one made of?": about that product
    if has_shown and HOW_MUCH.search(text) and (THE_CHEAPEST.search(text) or THE_PRICIEST.search(text)) \
            and not re.search(r"\b(?:first|start(?:ing)? with|sort\w*|order|to (?:high|low)\w*)\b", text, re.I) \
            and act not in {"add_to_cart", "remove_from_cart"}:
        return "ask_about_shown"  # "how much was the cheapest again": the price of that one on screen, no new order
    if (SORT_ASC.search(text) or SORT_DESC.search(text) or BY_PRICE.search(text)) \
            and act in SHOPPING_ACTS - {"add_to_cart", "compare"}:
        return "sort"
    one = points_at_one(text) or named
    topic_said = names_a_topic(text)
    if has_shown and one and act in ACT_TOPICS and QUESTION.search(text) \
            and (ASPECTS["size"].search(text) or ASPECTS["color"].search(text) or ASPECTS["price"].search(text)) \
            and not topic_said and not WARRANTY.search(text):
        # "is the first tee available in xl": a size, not a delivery question; "how much is it?"
        # after a policy answer: the price of the product on screen
        return "ask_about_shown"
    plural = bool(PRONOUN_ALL.search(text)) and not one
    # ("do both of them fit a laptop" names no size to narrow by)
    sized = any(m.group(1).lower() not in {"fit", "fits"} for m in ASPECTS["size"].finditer(text))
    narrowing = bool(sized or ASPECTS["color"].search(text)) and not WHAT_VALUES.search(text)
    if plural and narrowing and act in {"ask_about_shown", "search_product", "refine"}:
        return "refine"  # "do you have those in size 29?": the list again, narrowed
    if has_shown and QUESTION.search(text) \
            and (act in {"search_product", "refine", "ask_about_shown", "more_like", "recommend"}
                 or (act == "cancel_task" and EXCHANGE_IF.search(text))) \
            and (((one or plural or EXCHANGE_IF.search(text)) and topic_said)
                 # "and if he dont like it he can change for other thing?": the exchange policy, no list
                 or (EXCHANGE_IF.search(text) and not SEARCH_VERB.search(text))):
        # ("if he dont like it can he swap it" heard as a let-go by the turn model: still the policy)
        return "policy"  # "if the bruno is too big can i swap sizes for free?": the exchange policy, about it
    if has_shown and (one or plural) and QUESTION.search(text) \
            and any(p.search(text) for p in ASPECTS.values()) and act not in ACT_TOPICS \
            and act not in {"add_to_cart", "remove_from_cart", "compare"}:
        return "ask_about_shown"  # "how much r they" after a photo: about the product on top
    if has_shown and act == "sort" and one and any(p.search(text) for p in ASPECTS.values()) \
            and not (SORT_ASC.search(text) or SORT_DESC.search(text) or BY_PRICE.search(text)):
        return "ask_about_shown"  # "price of the top one": no order asked, a question about one product
    if has_shown and BARE_ASPECT.search(text) and (act not in ACT_TOPICS or not topic_said):
        return "ask_about_shown"  # "material?", "how much" right after a product was talked about
    if has_shown and act in {"search_product", "refine"} and cheaper_wish:
        return "cheaper"
    if act == "state_preference" and SEARCH_VERB.search(text):
        return "search_product"  # "show me black backpacks": a search (which keeps "black" too)
    if act in {"search_product", "refine"} and PREFERENCE_SAID.search(text) and not SEARCH_VERB.search(text) \
            and "?" not in text and not points_at_shown(text) and not THE_X_ONE.search(text):
        return "state_preference"  # "fyi i'm a 31 in shorts": noted (and a search when nothing is noted)
    return act


@dataclass
class Features:
    """The feature objects the dialogue hands turns to."""

    search: ProductSearch
    recommendations: Recommendations
    service: ServiceDesk
    questions: ProductQuestions
    cart: Cart
    preferences: Preferences


class Dialogue:
    """Answers a user turn by its act: one answer, or one per ask."""

    def __init__(self, shop: Shop, features: Features,
                 read_part: Callable[[str, str, str], SceneDecision]) -> None:
        self.shop = shop
        self.f = features
        self.read_part = read_part  # (sender, message id, clause) -> the turn model's reading of one clause

    def both_named(self, sender: str, message_id: str, text: str) -> Answer | None:
        """"I also need an 8 foot yoga strap and a yoga brick, add both": the products named, added; else None."""
        both = BOTH_NAMED.match(text) or TWO_THINGS.match(text)
        if both is None or "?" in text:
            return None
        pieces = [WANT_LEAD.sub("", p.strip()) for p in PIECE_BREAK.split(both.group("items"))]
        named_each = [product_said(f"the {p}", self.shop.products) for p in pieces if p]
        if len(named_each) < 2 or not all(named_each) or len({p.id for p in named_each}) != len(named_each):
            return None  # "the first and the second, add both": the list's, as the cart reads them
        added = [self.f.cart.add_product(sender, message_id, p) for p in named_each]
        said = " ".join(replies.without_cart(a.text) for a in added[:-1]) + " " + added[-1].text
        return Answer(said, card=added[-1].card, kind="search")

    def dropped_item(self, sender: str, message_id: str, text: str) -> Answer | None:
        """"eh forget the bag, just the brick": the bag leaves the cart; None when the words let no cart item go."""
        dropped = DROP_ITEM.search(text)
        if not dropped:
            return None
        if ORDINAL_ONE.match(dropped.group("item")) and self._in_cart(sender, f"the {dropped.group('item')}"):
            # "forget the second one. Just the Leah top.": the list's second, in the cart
            return self.f.cart.remove(sender, f"remove the {dropped.group('item')}", message_id)
        if not self.f.cart.names_in_cart(sender, f"the {dropped.group('item')}"):
            return None
        log.info("sender=%s: cart item dropped: %s", sender, dropped.group("item"))
        return self.f.cart.remove(sender, f"remove the {dropped.group('item')}", message_id)

    def respond(self, sender: str, message_id: str, text: str, decision: SceneDecision,
                intent: str | None = None) -> list[Answer]:
        """The answers to a turn, in order; empty when it is small talk the bot's own responses cover."""
        dropped = self.dropped_item(sender, message_id, text)
        if dropped is not None:
            return [dropped]
        both = self.both_named(sender, message_id, text)
        if both is not None:
            return [both]
        remark = TOTAL_REMARK.search(text)
        if remark and text[:remark.start()].strip() and (CART_ADD.search(text) or self.shop.store.cart(sender)):
            # "and a jump rope, that should get me over 100 right": the add; the cart's total answers the rest
            text = text[:remark.start()] + text[remark.end():]
        parts = split_asks(text)
        if len(parts) == 1:
            text = parts[0]  # "any purple ones? I want it matching": the ask, without the reason after it
        # An order number and its email said across clauses belong together: one look-up, then
        # the question asked about it (see ``answer``). Said in one clause ("order 1003
        # alex@... + do u have running tees"), that clause is the look-up and the rest is asked apart.
        values = decision.slot_values()
        with_order = {"order_number", "email"} <= set(values)
        order_split = with_order and not any(
            str(values["order_number"]) in p and str(values["email"]).lower() in p.lower() for p in parts)
        if len(parts) > 1 and not order_split:
            readings = [self.read_part(sender, message_id, p) for p in parts]
            usable = shown_items(self.shop.store.recent_lists(sender), self.shop.products)
            # "also the ariel one, purple M. how much is that together?": a pick, then a question
            readings = [replace(r, act="add_to_cart") if r.act not in {"add_to_cart", "remove_from_cart"}
                        and usable and self._picked_by_name(p, usable) else r
                        for p, r in zip(parts, readings, strict=True)]
            # Service questions beside the order's details are about that order: one answer.
            about_order = with_order and all(r.scene == "service" for r in readings)
            asks = self._asks(sender, parts, readings)
            if len({(r.scene, r.act) for _, r in asks}) > 1 and not about_order:
                log.info("sender=%s: %d asks in one message: %s", sender, len(asks),
                         [(r.scene, r.act) for _, r in asks])
                answers: list[Answer] = []
                for i, (p, r) in enumerate(asks):
                    if answers and IF_SO.search(p) and answers[-1].text.startswith("No,"):
                        # "does it come in purple? size 31 if so, add pls" when it does not: nothing added
                        answers.append(Answer(replies.NOT_ADDED, kind="search"))
                        continue
                    # "She wears size 28. Please add the first one": the first one of the list she saw
                    points_later = any(later.act in NEEDS_SHOWN or points_at_one(q) for q, later in asks[i + 1:])
                    answer = self.answer(sender, message_id, p, r, None, refresh=not points_later)
                    if answer is not None and answer.text == self.shop.policies.get("service_default") \
                            and not answer.products:
                        continue  # "... I gave everything when ordering": no topic, beside an ask that has one
                    # "add it and show me my cart": the add already ends with the cart; not said twice
                    if answer is not None and not (answer.text and not answer.products
                                                   and any(a.text.endswith(answer.text) for a in answers)):
                        if answer.products and answers and answer.list_kind == answers[-1].list_kind == "list" \
                                and [v.id for v in answers[-1].products] == [v.id for v in answer.products]:
                            answers.pop()  # "Not the leather one, then. Show me the others": one list, not twice
                        answers.append(answer)
                return answers
            # every clause back in one ask ("... the limit is $20. Any ideas?"): a wish for ideas the
            # whole message's reading saw is not lost to a clause read as a plain search
            whole = len(asks) == 1 and asks[0][0].split() == text.split() and decision.act == "recommend" \
                and asks[0][1].act in {"search_product", "refine"} and "order_number" not in asks[0][1].slot_values()
            if len(asks) == 1 and asks[0][1] is not readings[0] and not whole:
                # one ask, read from its last clause ("not the jacket. take it out"), in its own words
                # (without a context clause that named someone else)
                text, decision = asks[0]
            topic = next((r.act for r in readings if r.act in ACT_TOPICS), None)
            if about_order and topic is not None:
                # "status of order 1002, email ..., and how long do refunds take": the order, then refunds
                decision = replace(decision, act=topic)
        answer = self.answer(sender, message_id, text, decision, intent)
        return [answer] if answer is not None else []

    def _about_kind(self, sender: str, message_id: str, text: str, question: str,
                    usable: list[tuple[ShownList, list[Product]]]) -> Answer | None:
        """A question about a kind of gear by that kind ("does the stability ball come with a pump?").

        Answered for each product of that kind on screen; with none on screen, those a search for
        the words finds, shown with the answer. None when the words name no kind of gear or point
        at a shown product.
        """
        kinds = set(self.f.search.kinds_named(text))
        if not kinds or points_at_shown(text):
            return None
        if usable and usable[0][0].kind in (*ONE_PRODUCT_KINDS, "photo"):
            focus = usable[0][1][0]
            if self._names_its_kind(text, focus):
                return None  # "is that backpack waterproof?" right after a photo of one: that backpack
            of_kinds = {p.category_leaf for p in self.shop.products.values() if kinds & titled_kinds(p)}
            if any(kind in (focus.description or "").lower() for kind in kinds) or focus.category_leaf not in of_kinds:
                # "does the strap adjust" about the duffle in focus, "is the strap leather" about the watch just
                # pictured: a part of that product, not the straps the shop sells
                return None

        def of_kind(products: list[Product]) -> list[Product]:
            return [p for p in products if kinds & titled_kinds(p)]

        shown = of_kind(usable[0][1]) if usable and usable[0][0].kind not in ANSWER_KINDS else []
        if len(shown) >= 2:
            return self.f.questions.about_several(shown[:5], question)
        if shown:
            return None  # one of that kind on screen: the question is about it (named by its kind)
        listed = self.f.search.search(sender, text, message_id)
        found = of_kind([self.shop.products[v.id] for v in listed.products if v.id in self.shop.products])
        if not found:
            return None
        log.info("sender=%s: a question about %s, none on screen: searched", sender, sorted(kinds))
        about = self.f.questions.about_several(found[:5], question)
        listed.text = f"{about.text}\n{listed.text}"
        return _kind(listed, "search")

    def answer(self, sender: str, message_id: str, text: str, decision: SceneDecision,
               intent: str | None, refresh: bool = True) -> Answer | None:
        """The answer to one ask, by its act (see ``reconcile``); None for small talk.

        ``refresh``: a preference said shows the list on screen again under it (not when a later
        ask of the same message points into that list: "She wears 28. Add the first one in 28").
        """
        f = self.f
        lists = self.shop.store.recent_lists(sender)
        if (count := ADD_NUMBER.match(text)) and lists and len(lists[0].product_ids) == 1 and lists[0].kind != "added":
            # "add 2 pls" with one product in focus: two of it (with a list on screen, "add 2" is its 2nd)
            text = f"add {NUMBER_NAMES[int(count.group(1))]} please"
        text = self.shop.type_speller.correct(expand(text)).text  # "shw", "the frist one", "hoddies"
        if (same := SAME_COLOUR.search(text)) and (colour := f.cart.last_colour(sender)):
            # "a tee to go with it, same colour please" while building a kit: the colour of what went in last
            text = f"{text[:same.start()]} in {colour.lower()} {text[same.end():]}".strip()
        question_text = text
        usable = shown_items(lists, self.shop.products)
        # "the Chaz", or "the yoga brick and the water bottle" (two shown products by name)
        named = named_product(text, usable) is not None or any(len(each_named(text, items)) >= 2
                                                               for _, items in usable)
        # "how much is the roller": the only roller of the list on screen, named by its kind
        named = named or named_by_kind(text, usable) is not None
        cart_verb = bool(CART_ADD.search(text) or CART_REMOVE.search(text))
        verb_named = ADD_NAME.search(text) if cart_verb and not named else None
        if verb_named and named_product(f"the {verb_named.group(1)}", usable) is not None:
            named = True  # "ok add josie in black, size S": a shown product named right after the verb
        if not named and lists and (THE_X_ONE.search(text) or (cart_verb and LOOSE_X_ONE.search(text))):
            # "the grey one, what fabric", "add grey one L": a shown product picked by its colour is as
            # good as its name ("blue one?" alone narrows the list instead)
            named = self.shop.resolve_reference(sender, self.shop.parser.parse(text), loose=cart_verb) is not None
        if WHAT_YOU_SELL.search(text) and not self.shop.parser.parse(text).filters.categories:
            # "first time here. what kind of stuff do you actually sell?": the shop's departments and kinds
            products = self.shop.products.values()
            departments = sorted({p.category.split(">")[0].strip() for p in products if p.category})
            return Answer(replies.what_we_sell(departments, self.shop.kinds),
                          kind="chitchat")
        status = f.service.status_meaning(sender, text)
        if status is not None:  # "closed?? what does that mean" after an order answer
            return status
        act = reconcile(decision.act, text, bool(lists), named)
        if act not in ACT_TOPICS and OWNER.search(text) and RESIZE_WHOSE.search(text) \
                and (resized := f.cart.resize(sender, text, message_id)) is not None:
            return resized  # "actually my son's one in M instead": his cart item, in M
        if act != "show_cart" and HOW_MUCH_ALL.search(text) and f.cart.added_last(sender) \
                and sum(self.shop.store.cart(sender).values()) >= 2:
            act = "show_cart"  # "how much for both" right after two went in: what they come to
        verb = ADD_FIRST.search(text)
        if act not in {"add_to_cart", "remove_from_cart"} and verb and "?" not in text \
                and not (SEARCH_VERB.search(text) or PRONOUN_ALL.search(text) or points_at_one(text)) \
                and not re.search(r"\b(?:any|some|something|anything|ones)\b", text, re.I) \
                and not f.cart.counted(sender, text) \
                and (product := product_said(text, self.shop.products)
                     or product_said("the " + re.sub(r"^(?:an?|the)\s+", "", text[verb.end():].strip()),
                                     self.shop.products)) is not None:
            # "Add the Echo Fit Compression Short in black, size 29.", "add pushup grips too": a catalogue
            # product named with the add verb, on screen or not
            log.info("sender=%s: add of %s, named in the catalog", sender, product.id)
            return f.cart.add_product(sender, message_id, product, text)
        if act == "ask_about_shown" and not named and A_KIND_FOR.search(text) \
                and not points_at_one(LIKE_ONE_TOO.sub(" ", text)):
            said = self.shop.parser.parse(text).filters
            if said.categories and (said.gender or said.max_price or said.min_price):
                act = "search_product"  # "A men's watch under $50?": a kind asked for, no product pointed at
        if act == "ask_about_shown" and usable and decision.act in {"search_product", "recommend"} \
                and (WHAT_ABOUT.search(text) or TO_GO_WITH.search(text)) and not named:
            wanted = {c.lower() for c in self.shop.parser.parse(text).filters.categories}
            if wanted and not any(p.category_leaf.lower() in wanted for p in usable[0][1]):
                act = "search_product"  # "ok what about a sports bra to go with it medium": another kind, found
        if act == "refine" and usable and len(usable[0][1]) > 1 and QUESTION.search(text) \
                and PRONOUN_ALL.search(text) and (none := self._none_in_size(text, usable[0][1])) is not None:
            return none  # "do they come in size 30?" where none does: the sizes they come in, the list kept
        if act == "refine" and lists and (lists[0].kind == "focus" or (
                # "got this in L?" right after a photo: the pictured product (its list's first), in L
                lists[0].kind == "photo" and THIS_ONE.search(text))) \
                and "?" in text and not PRONOUN_ALL.search(text):
            focus_said = self.shop.parser.parse(text).filters
            # ("got this in L?": a letter size said after "in")
            sized = focus_said.sizes or re.search(r"\b(?:in|size)\s+(?:xxs|xs|s|m|l|xl|xxl|\d{2})\b", text, re.I)
            if (sized or focus_said.colors) and not focus_said.categories \
                    and not (focus_said.max_price or focus_said.min_price) \
                    and not re.search(r"\b(?:any|anything|something|others?|ones)\b", text, re.I):
                # (not "anything under 55 in green?": other products, that cheap)
                # "He is 34 of waist, is possible?" right after a question about the Geo: the Geo in 34
                act = "ask_about_shown"
        if act in {"search_product", "refine", "recommend", "sort", "cheaper"} and FASTER_WAY.search(text) \
                and not self.shop.parser.parse(text).filters.categories \
                and DELIVERY_SAID.search(self.shop.store.scene_context(sender, message_id).previous_text or ""):
            act = "delivery"  # "hmm is there a faster option" right after a question about delivery
        if act != "compare" and usable and COMPARE.search(text) and not names_a_topic(text) \
                and len(each_part_named_anywhere(text, usable, self.shop.products)) >= 2:
            act = "compare"  # "What's the difference between the Wayfarer and the Rival?" during a return
        if act != "compare" and PAIR_PRICES.search(text) and f.questions.pair_again(sender, text):
            act = "compare"  # "price diff?" right after a comparison: the same two, by price
        if act != "compare" and COMPARE.search(text) and len(titles_said(text, self.shop.products)) >= 2:
            act = "compare"  # "What is the difference between Savvy Shoulder Tote and Compete Track Tote?"
        owner = BARE_POSSESSIVE.match(text) if usable and not named else None
        if owner and named_product(f"the {owner.group(1)}", usable) is not None \
                and any(p.search(text[owner.end():]) for p in ASPECTS.values()):
            # "brunos materail?": the Bruno's material, asked without "the"
            text = question_text = f"the {owner.group(1)} {text[owner.end():]}"
            named, act = True, "ask_about_shown"
        has = NAME_HAS.match(text) if usable and not named else None
        if has and named_product(f"the {has.group(1)}", usable) is not None:
            # "Savvy has pocket for water bottle?": whether that product has it, asked without "does"
            text = question_text = f"does the {has.group(1)} have {has.group(2)}?"
            named, act = True, "ask_about_shown"
        aspect_for = ASPECT_FOR.match(text) if usable and not named else None
        if aspect_for and named_product(f"the {aspect_for.group(2)}", usable) is not None:
            # "colours for erica?", "price of the bruno?": that product's colours, asked with its name last
            text = question_text = f"the {aspect_for.group(2)} {aspect_for.group(1)}?"
            named, act = True, "ask_about_shown"
        if usable and MORE_ABOUT.match(text) and act not in {"add_to_cart", "remove_from_cart"}:
            act = "ask_about_shown"  # "tell me more about it": the product in focus, described
        if usable and usable[0][0].kind in ONE_PRODUCT_KINDS and act in {"search_product", "refine", "recommend"} \
                and BARE_THING.match(text) and not FILLER.match(text) and not names_a_topic(text) \
                and not ((bare := self.shop.parser.parse(text).filters).categories or bare.narrows or bare.sort) \
                and not self.shop.unsold.said(text):
            act = "ask_about_shown"  # "thumb holes?" right after a question about a jacket: whether it has them
        if usable and usable[0][0].kind in (*ONE_PRODUCT_KINDS, "photo") and QUESTION.search(text) \
                and act in {"search_product", "refine", "recommend"} and self._names_its_kind(text, usable[0][1][0]):
            act = "ask_about_shown"  # "is that backpack waterproof?" right after a photo of one: about it
        if named and act in {"search_product", "refine", "recommend"} and ASKS_OF_IT.match(text) \
                and asks_of_that_one(text) and not OTHERS_BESIDE_IT.search(text):
            act = "ask_about_shown"  # "is the hyperion good for skiing": a question about that one
        titled_one = titles_said(text, self.shop.products) if act in {"search_product", "refine", "recommend"} \
            and not named else []
        if len(titled_one) == 1 and QUESTION.search(without_titles(text, titled_one)) and asks_of_that_one(text):
            act = "ask_about_shown"  # "kenobi trail jacket - what's this remote thing on the chest": about it
        if act in {"smalltalk", "out_of_scope"} and named and "?" in text and not names_a_topic(text):
            act = "ask_about_shown"  # "the cruise dual one shows two time zones?": about that product
        if usable and act not in {"add_to_cart", "remove_from_cart"} and "?" not in text \
                and PICK_DESCRIBED.search(text) and usable[0][0].kind not in ONE_PRODUCT_KINDS \
                and len(described(text, usable[0][1])) == 1:
            act = "add_to_cart"  # "so the 8 foot one please" with the straps on screen: that one, taken
        if usable and act not in {"add_to_cart", "remove_from_cart"} and PICK_SIZED.search(text) \
                and usable[0][0].kind not in ANSWER_KINDS:
            act = "add_to_cart"  # "2nd tee in black M pls": that one, in that size
        if usable and act not in {"add_to_cart", "remove_from_cart"} and self._picked_by_name(text, usable):
            act = "add_to_cart"  # "the iris then, green M", "apollo in 32 pls": that one, in that size
        if usable and act not in {"add_to_cart", "remove_from_cart"} and self._one_of_focus(text, usable):
            act = "add_to_cart"  # "great, one in gray, 34 please" after "is there a gray one?": it, in gray 34
        if act not in {"add_to_cart", "remove_from_cart"} and f.cart.counted(sender, text):
            act = "add_to_cart"  # "4 yoga bricks please", "6 of the summit": that many of each product named
        if lists and (lists[0].kind == "added" or decision.act == "add_to_cart"
                      # (a question about delivery in between: the add was still the last cart change)
                      or (f.cart.added_last(sender) and THE_MEASURE.search(text))) \
                and act not in {"add_to_cart", "remove_from_cart"} \
                and not ASKED.search(text) and ALSO_TAKEN.search(text) \
                and (named or points_at_one(text) or THE_MEASURE.search(text)) \
                and not (SEARCH_VERB.search(text) or CART_REMOVE.search(text) or REMOVE_FIRST.search(text)) \
                and not TO_GO_WITH.search(text) \
                and not (act in ACT_TOPICS and names_a_topic(text)):  # "and if it doesnt fit can i send it back"
            # "and the celeste in yellow M too" right after an add (or "Plus the water bottle.", an add to
            # the turn model): that one as well
            act = "add_to_cart"
        if lists and act not in {"add_to_cart", "remove_from_cart"} and not ASKED.search(text) \
                and f.cart.one_more(text) is not None and f.cart.added_last(sender):
            act = "add_to_cart"  # "oh and a foam yoga brick" right after an add: the one product so named
        if act == "recommend" and lists and not WANTS_IDEAS.search(text):
            parsed = self.shop.parser.parse(text)
            said = parsed.filters
            if not said.categories and said.narrows:
                act = "refine"  # "nothing black, he has too many": narrows the list on screen
            elif parsed.broad and said.narrows and SIMILAR_KIND.search(text):
                act = "search_product"  # "similar tops but not black" with tanks on screen: those, narrowed
            elif said.categories and WHAT_ABOUT.search(text) and not MORE_LIKE.search(text):
                act = "search_product"  # "What about leggings or yoga pants?" after workout tops: a search
        if act == "ask_about_shown" and SHOW_THOSE.search(text):
            act = "refine"  # "... he needs the 75 cm one. Could you show me those?": the list of those
        if act == "correction" and not {"order_number", "email"} & set(decision.slot_values()) \
                and not names_a_topic(text) and self.shop.parser.parse(text).filters.categories:
            act = "search_product"  # "actually first, do u have the hero hoodie in grey?" during a return
        if lists and lists[0].kind == "compare" and act not in {"add_to_cart", "remove_from_cart"} \
                and CHOICE.search(text):
            act = "add_to_cart"  # "the first one, XS, red" right after a comparison: the choice
        if PUT_BACK.search(text) and "?" not in text and f.cart.removed_last(sender):
            put_back = f.cart.put_back(sender, text, message_id)
            if put_back is not None:
                return put_back
        if lists and act not in {"add_to_cart", "remove_from_cart"} and PICK_AFTER_REMOVAL.match(text) \
                and f.cart.removed_last(sender):
            act = "add_to_cart"  # "nah take it out", then "actually the 1st": that one
        if lists and act not in {"add_to_cart", "remove_from_cart"} and (
                (lists[0].kind == "focus" and THAT_ONE_THEN.match(text))  # "ok, that one then" after a question
                # "ok the Endurance" right after comparing it with another: the one chosen, by its name
                or (lists[0].kind == "compare" and named and OK_THE_NAME.match(text)
                    and (found := named_product(text, usable[:1])) is not None
                    and self._only_buying_words(set(re.findall(r"[a-z][\w']*", text.lower())), found.product))):
            act = "add_to_cart"
        if named and TELL_ABOUT.search(text) and act in {"search_product", "refine", "recommend"}:
            act = "ask_about_shown"  # "tell me about the ryker crew neck one": that product, described
        if not named and act in {"search_product", "refine", "ask_about_shown", "recommend"} and (
                TELL_ABOUT.search(text) or (QUESTION.search(text) and any(p.search(text) for p in ASPECTS.values()))):
            product = named_in_catalog(text, self.shop.products)
            if product is not None:  # "does the teton pullover hoodie come in purple": about that product
                log.info("sender=%s: a question about %s, named in the catalog", sender, product.id)
                return f.questions.about(sender, product, text, message_id)
        if not named and act in {"search_product", "refine", "ask_about_shown"} and (TELL_ABOUT.search(text) or (
                QUESTION.search(text) and any(p.search(text) for p in ASPECTS.values()))):
            about_kind = self._about_kind(sender, message_id, text, question_text, usable)
            if about_kind is not None:
                return about_kind
        said = self.shop.parser.parse(text).filters
        if lists and WHAT_VALUES.search(text) and QUESTION.search(text) and not said.categories \
                and act in {"search_product", "refine", "sort", "ask_about_shown"}:
            act = "ask_about_shown"  # "what lengths are there?": the values of the products on screen
        if act in ACT_TOPICS and PREFERENCE_SAID.search(text) and said.as_preferences() \
                and not names_a_topic(text) and not QUESTION.search(text):
            act = "state_preference"  # "for the replacement: I wear size L and only like black", after a refund
        if OVER_AMOUNT.search(text) and not (said.categories or SEARCH_VERB.search(text)) \
                and act not in ACT_TOPICS and self.shop.store.cart(sender):
            act = "show_cart"  # "that's over 100 now right?" after adds: the cart's total
        if act in {"recommend", "search_product", "refine"} and NEVER_SHOW.search(text) and not said.categories \
                and said.as_preferences():
            act = "state_preference"  # "gray is a no from me. never show me gray": kept, nothing searched
        if act in {"recommend", "search_product", "refine"} and NOTE_FOR_ME.search(text) and not said.categories \
                and said.as_preferences() and not SEARCH_VERB.search(text):
            act = "state_preference"  # "before i forget: no wool for me, makes me itch like crazy": kept
        if act in {"recommend", "search_product", "refine"} and REMEMBER_IT.search(text) and not said.categories \
                and (said.as_preferences() or WEARS_SIZE.search(text)):
            act = "state_preference"  # "my husband wears a 36 and only likes gray, can u keep that in mind"
        if act == "state_preference" and said.categories and not PREFERENCE_SAID.search(text):
            act = "search_product"  # "womens hoodies, not purple pls, i have way too much purple": a search
        if act == "state_preference" and said.categories and (kind := KIND_FOR_SOMEONE.search(text)) \
                and any(kind.group(1).lower().rstrip("s") in c.lower() for c in said.categories):
            act = "search_product"  # "running shorts for me, women's. I'm always a 30 and I don't wear black"
        priced = WHICH_PRICED.search(text)
        if lists and priced and not said.categories and lists[0].kind not in ANSWER_KINDS \
                and act in {"search_product", "refine", "ask_about_shown", "sort"}:
            # "which one is most cheap?": the list on screen (its kind, filters and wishes) in price
            # order, the answer named first
            dearest = bool(re.search(r"expensive|pric|dear", priced.group(1), re.I))
            ranked = f.search.search(sender, "most expensive first" if dearest else "cheapest first", message_id,
                                     narrow=True)
            if ranked.products:
                top = ranked.products[0]
                ranked.text = f"{replies.priced_first(top.title, top.price, dearest)}\n{ranked.text}"
                return _kind(ranked, "search")
        if lists and "?" in text and ABOUT_EACH.search(text) and not said.categories and (said.colors or said.sizes) \
                and act in {"search_product", "refine", "ask_about_shown", "sort"}:
            each = f.questions.each_shown(sender, text)  # "do both of those come in purple?": each answered
            if each is not None:
                return each
        # "29 in the 1st?", "2nd one L?": a size said bare, next to a pointer
        waist = bool(WAIST_FIRST.search(text) or SIZE_LAST.search(text)) and points_at_one(text)
        if lists and not said.categories and (said.sizes or said.colors or waist) and "?" in text \
                and act in {"search_product", "refine", "ask_about_shown", "sort"} and not PRONOUN_ALL.search(text) \
                and not (act == "sort" and (SORT_ASC.search(text) or SORT_DESC.search(text))):
            # "2nd one L?", or "XL?" right after an answer about one product (or a list of one):
            # that product's sizes. A bare "blue?" with a list on screen narrows the list instead.
            focus = lists[0].kind == "focus"
            one_size = len(lists[0].product_ids) == 1 and bool(said.sizes) and not said.colors
            # ("and colour black exist?" right after an answer about one product: that product)
            short = bool(BARE_VALUE.search(text)) or (focus and len(text.split()) <= 5 and not (
                said.max_price or said.min_price or OTHER_ONES.search(text)))  # "anything under 55 in green?"
            if points_at_one(text) or named or (short and (focus or one_size)):
                act = "ask_about_shown"
        bare_number = BARE_SIZE.search(text)
        if bare_number and bare_number.group(1).isdigit() and lists and lists[0].kind == "focus" \
                and len(lists[0].product_ids) == 1 and not said.categories \
                and any(size.isdigit() for size in self._sizes_on(lists[0])):
            # "and 36?" right after "does the first one come in 34": the same question, that size
            text = question_text = f"does it come in size {bare_number.group(1)}?"
            act = "ask_about_shown"
        budget = PRICE_MEANT.search(text)
        stored = self.shop.store.preferences(sender) if budget and lists and not said.categories else {}
        if budget and ("max_price" in stored or "min_price" in stored) and not said.sizes \
                and said.max_price is None and said.min_price is None \
                and (re.search(r"\$|dollar|bucks|budget|max|limit", text, re.I)
                     or budget.group(1).lower() not in self._sizes_on(lists[0])):
            # "actually make that 60", "Sorry, I meant $60, not $50." after "under 50": the budget corrected
            bound = "under" if "max_price" in stored else "over"
            log.info("sender=%s: budget corrected to %s %s", sender, bound, budget.group(1))
            text, act = f"{bound} ${budget.group(1)}", "refine"
            said = self.shop.parser.parse(text).filters
        meant = meant_size(text)
        if meant and lists and lists[0].kind == "added" and not (said.categories or said.max_price or said.min_price):
            # "actually 34 not 32" right after "add 1st 32 gray": the size of what was just added
            added = self.shop.products.get(lists[0].product_ids[0])
            noted = f.preferences.note(sender, f"size {meant}", message_id)
            f.cart.resize_last(sender, meant)  # the cart line in that size too
            if added is not None and noted is not None:
                return Answer(replies.size_for_added(added.title, meant.upper()), card=f.cart.card(sender),
                              kind="search")
        sizes_said = said.sizes or tuple(re.findall(rf"\b{_SIZE}\b", text, re.I))  # a bare "S" too
        if lists and lists[0].kind == "added" and VALUES_ONLY.match(text) and sizes_said and said.colors \
                and not said.categories:
            # "S, black" right after "ill take the second": the line just added, in that size and colour
            added = self.shop.products.get(lists[0].product_ids[0])
            sized = f.cart.resize_last(sender, sizes_said[0])
            coloured = f.cart.recolour_last(sender, said.colors[0]) is not None
            if added is not None and sized and coloured:
                return Answer(replies.variant_for_added(added.title, sizes_said[0].upper(), said.colors[0]),
                              card=f.cart.card(sender), kind="search")
        named_colour = RECOLOUR_NAMED.search(text)
        if named_colour and not CART_ADD.search(text):
            # "on second thought the purple is too loud, can you change the helios to black"
            recoloured = f.cart.recolour_named(sender, named_colour.group("name"), named_colour.group("colour"))
            if recoloured is not None:
                return Answer(replies.colour_for_added(recoloured.title, named_colour.group("colour").lower()),
                              card=f.cart.card(sender), kind="search")
        to_colour = RECOLOUR_TO.search(text)
        if to_colour and len(said.colors) > 1:  # "change it to green pls, brown's not her thing": green
            wanted = to_colour.group(1).lower().replace("grey", "gray")
            said = replace(said, colors=tuple(c for c in said.colors if c.lower().replace("grey", "gray") == wanted))
        if lists and lists[0].kind == "added" and len(said.colors) == 1 and not (
                said.categories or said.sizes or said.max_price or said.min_price) and RECOLOUR.search(text) \
                and not (CART_REMOVE.search(text) or REMOVE_FIRST.search(text) or CART_ADD.search(text)):
            # "Actually, let me change that to orange." right after an add: that cart line, recoloured
            recoloured = f.cart.recolour_last(sender, said.colors[0])
            if recoloured is not None:
                return Answer(replies.colour_for_added(recoloured.title, said.colors[0]), card=f.cart.card(sender),
                              kind="search")
        if meant and lists and not (said.categories or said.max_price or said.min_price or said.colors) \
                and {v.lower() for v in said.sizes} <= {meant.lower()}:
            # "sorry i meant 29 not 28", "make that M actually": the size said before, corrected; the
            # list again in that size
            text, act = f"in size {meant}", "refine"
            said = self.shop.parser.parse(text).filters
        bare_size = BARE_SIZE.search(text)
        if bare_size and lists and lists[0].kind in REFRESHABLE and not said.categories and not said.sizes \
                and act in {"search_product", "refine", "sort", "correction", "state_preference"} \
                and bare_size.group(1).lower() in self._sizes_on(lists[0]):
            # "in 30?" with shorts on screen that come in 30: the list in that size (a bare "30" is no
            # size to the parser, which cannot tell it from a price)
            text, act = f"in size {bare_size.group(1)}", "refine"
            said = self.shop.parser.parse(text).filters
        if act in {"correction", "refine"} and lists and not said.categories and said.narrows:
            act = "refine"  # "size 34 in black?", "not black" after a two-ask that ended on a policy answer
        if act in ACT_TOPICS and lists and lists[0].kind in REFRESHABLE and not said.categories and said.narrows \
                and not names_a_topic(text) and (len(text.split()) <= 4 or WHICH_ONES.search(text)):
            # "red ones" after a list and a delivery answer, "OK, which ones come in white?" after a
            # return answer: the list narrowed, no policy
            act = "refine"
        if act in SMALL_TALK_ACTS and said.categories:
            act = "search_product"  # "now show me watches" read as small talk: a product type is shopping
        elif act in SMALL_TALK_ACTS and SHOW_ME_SOMETHING.search(text) and "?" not in text:
            act = "recommend"  # "lol im bored, show me something for running": ideas asked, beside the chat
        elif act in {"smalltalk", "out_of_scope"} and ABOUT_THE_BOT.search(text):
            return Answer(replies.ABOUT_THE_BOT, kind="chitchat")  # "ok thanks I guess. do you have a name?"
        elif act in ACT_TOPICS and said.categories and not names_a_topic(text) and not WARRANTY.search(text) \
                and not (named and lists[0].kind == "order") \
                and (SEARCH_VERB.search(text) or not QUESTION.search(text) or len(text.split()) <= 3) \
                and not ITEM_PROBLEM.search(text) and not OWN_PURCHASE.search(text) \
                and not {"order_number", "email"} & set(decision.slot_values()):
            # "show me jackets", "womens tanks in yellow" kept in a return's scene: no service topic
            # named, no question but a search ("my duffle bag arrived with a ripped strap" stays a return)
            act = "search_product"
        elif act in {"smalltalk", "out_of_scope"} and QUESTION.search(text) and names_a_topic(text):
            act = "policy"  # "is express faster" after a delivery answer: a service question
        if act == "policy" and FOLLOW_UP.search(text) and not names_a_topic(text) and not WARRANTY.search(text):
            before = self.shop.store.scene_context(sender, before_message_id=message_id)
            if before.previous_act in ACT_TOPICS and before.previous_act != "policy":
                act = before.previous_act  # "and is standard free?" after a delivery answer: delivery again
        if act in SHOPPING_ACTS and PAYMENT_ASK.search(text) and not said.categories:
            act = "payment"  # "what cards do u take" read as a recommendation of cards
        elif act in SHOPPING_ACTS - {"add_to_cart", "remove_from_cart", "show_cart", "compare"} \
                and short_service_question(text, said):
            act = "policy"  # "ship free?", "free shipping on that?": a short question naming a service topic
        elif act in SHOPPING_ACTS - {"add_to_cart", "remove_from_cart", "show_cart"} and SHIPPING_COST.search(text) \
                and not said.categories:
            act = "delivery"  # "That's under $50, so how much is shipping?": a price bound that is no search
        if act != "remove_from_cart" and (REMOVE_FIRST.search(text) or REMOVE_LAST.search(text)) \
                and f.cart.names_in_cart(sender, text):
            act = "remove_from_cart"  # "actually remove the tee" with a tee in the cart: not a search for tees
        if lists and WHICH_BEST.search(text) and not said.colors and not said.sizes \
                and len(self.shop.parser.parse(text).ordinals) < 2 \
                and act not in {"add_to_cart", "remove_from_cart"} | set(ACT_TOPICS):
            best = f.questions.best_for(sender, text, message_id)  # "which is the warmest?" over the list shown
            if best is not None:
                return best
        if lists and WHICH_HAS.search(text) and (ASPECTS["feature"].search(text) or HAS_PART.search(text)) \
                and not said.categories and not said.colors and not said.sizes \
                and act not in {"add_to_cart", "remove_from_cart"} | set(ACT_TOPICS):
            which = f.questions.which(sender, text, message_id)  # "which one have place for laptop?"
            if which is not None:
                return which
        if lists and WHICH_OF.search(text) and not said.categories \
                and act not in {"add_to_cart", "remove_from_cart"} | set(ACT_TOPICS):
            if MATERIAL_WORDS.search(text):  # "which of those has cotton": named among the shown ones
                which = f.questions.which(sender, text, message_id)
                if which is not None:
                    return which
            elif said.colors or said.sizes:
                act = "refine"  # "do any of them come in gray?": the gray ones of that kind
        if act == "recommend" and lists and not said.categories and not MORE_LIKE.search(text) \
                and (said.max_price or said.min_price or said.colors or said.sizes) \
                and f.search.is_refinement(text, said):
            act = "refine"  # "show me something under $50 instead" with jackets on screen: cheaper jackets
        if INSTEAD.search(text) and self.shop.store.cart(sender) and not ("?" in text and names_a_topic(text)) \
                and (not CART_REMOVE.search(text) or CART_ADD.search(text)) \
                and (points_at_one(text) or named or THE_X_ONE.search(text) or THE_MEASURE.search(text)):
            return f.cart.replace_last(sender, text, message_id, decision.ref)
        resized = f.cart.resize(sender, text, message_id) if act not in ACT_TOPICS else None
        if resized is not None:  # "wait make the second one size L not M" after adding two
            return resized
        said_at = QUANTITY.search(text)
        before = text[:said_at.start()] if said_at else ""
        # ("I want the first one, size 36, black, two pieces": the add and its count, the cart empty before)
        first_few = re.search(r"\b(?:first|last|top|next)\s+(?:two|three|four|2|3|4)\b", text, re.I)
        adds_first = bool(before) and bool(CART_ADD.search(before) or DECIDED.search(before)) \
            and points_at_one(before) and not first_few  # ("add the first two of those": two items, one each)
        if (act not in {"remove_from_cart", "show_cart"} or DOWN_TO.search(text)) and quantity_said(text) \
                and not first_few \
                and (self.shop.store.cart(sender) or adds_first) \
                and (not said.categories or adds_first or f.cart.kind_in_cart(sender, said.categories)):
            if adds_first:
                # "add the first bag, and actually make it two pairs of the yoga pants": the add, then the count
                added = f.cart.add(sender, before, message_id, None)
                counted = f.cart.set_quantity(sender, text[said_at.start():], message_id)
                if counted is not None:
                    return Answer(f"{replies.without_cart(added.text)} {counted.text}", card=counted.card,
                                  kind="search")
                return added
            counted = f.cart.set_quantity(sender, text, message_id)  # "actually make it 2 of them" after an add
            if counted is not None:
                return counted
        swap_named = SWAP_NAMED.search(text)
        if swap_named and not ORDINAL_WORD.match(swap_named.group("out")):
            # "actually swap the tee for the 2nd tee from before, also M": the tee in the cart for that one
            swapped = f.cart.swap_named(sender, f"the {swap_named.group('out')}", swap_named.group("into"), message_id)
            if swapped is not None:
                return swapped
        out_in = SWAP_OUT_IN.search(text)
        if out_in and not ORDINAL_WORD.match(out_in.group("out")):
            swapped = f.cart.swap_named(sender, f"the {out_in.group('out')}",
                                        f"{out_in.group('into')}{out_in.group('rest')}", message_id)
            if swapped is not None:
                return swapped
        swap_cart = SWAP_CART.search(text)
        if swap_cart and self.shop.store.cart(sender):
            # "swap the one in my cart for the first one here": the cart's (last) item for that one
            into = swap_cart.group("into") or re.sub(r"\bones\b", "one", swap_cart.group("pointed"))
            return f.cart.replace_last(sender, into, message_id)
        swap = SWAP.search(text) or SWAP_FOR.search(text)
        if swap and self._in_cart(sender, f"the {swap.group(1)} one"):
            # "not the third, i meant the second", "swap the first one for the third": about a cart item
            return f.cart.swap(sender, f"the {swap.group(1)} one", f"the {swap.group(2)} one", message_id)
        # "and the second one?", "and the logan tee?": the task before, about another shown product
        # ("and the arcadio ones from before too, size 32": the name, with where and what size it was)
        bare = ELLIPSIS_TAIL.sub("", text)
        elliptic = ELLIPSIS.search(text) or ELLIPSIS.search(bare) \
            or (NAMED_ELLIPSIS.search(bare) and len(bare.split()) <= 7 and named_product(bare, usable) is not None) \
            or (NAMED_ELLIPSIS.search(bare) and len(bare.split()) <= 5 and FROM_BEFORE.search(text)
                and bool(THE_CHEAPEST.search(bare) or THE_PRICIEST.search(bare)))  # "and the pricey one from before"
        pointer = None  # "and the 75?" after "how much is the blue 65cm one": "the 75 one"
        if not elliptic and NAMED_ELLIPSIS.search(text) and len(text.split()) <= 4:
            phrase = re.sub(r"^\W*(?:and|what about|how about|wbu)\s+(?:the\s+)?", "", text, flags=re.I).strip(" ?!.")
            if phrase and any(len(described(f"the {phrase} one", items)) == 1
                              for sl, items in usable if sl.kind not in ANSWER_KINDS):
                elliptic, pointer = True, f"the {phrase} one"
        previous = self.shop.store.scene_context(sender, before_message_id=message_id) if elliptic else None
        if previous is not None and previous.previous_text:
            named_before = named_product(previous.previous_text, usable) is not None
            before = reconcile(previous.previous_act, previous.previous_text, bool(lists), named_before)
            if lists and lists[0].kind == "added" and before != "remove_from_cart":
                before = "add_to_cart"  # what the turn before did ("3rd. 29. black" after a comparison was an add)
            # (not "ok the first one, 34, black" after "what sizes do they come in?": a choice, not a question)
            choice = act == "add_to_cart" and bool(PICK.search(text)) and "?" not in text
            if before in REPEATABLE and not (choice and before == "ask_about_shown"):
                act = before  # "and the third one too" after "add the second one to my cart"
                question_text = f"{previous.previous_text} {text}"
                text = pointer or text
        if act != decision.act:
            log.info("sender=%s: act %s read as %s from the words", sender, decision.act, act)
        ref = decision.ref if decision.ref not in ("none", "other") else None
        answer: Answer | None = None
        if act == "ask_about_shown":
            # "whats the bag made of" right after adding a bag and a brick: the bag in the cart
            in_cart = f.cart.item_named(sender, text) if not named and not points_at_one(text) else None
            answer = f.questions.about(sender, in_cart, question_text, message_id) if in_cart is not None \
                else f.questions.answer(sender, text, message_id, ref, asked_in=question_text)
            if answer is None and BARE_ASPECT.search(text):
                # "material?" with a whole list on screen: for each of them (asks which when none is listed)
                return f.questions.each_shown(sender, text) or Answer(replies.WHICH_PRODUCT, kind="search")
        elif act == "compare":
            answer = f.questions.compare(sender, text, message_id)
        elif act == "add_to_cart":
            unsold = self.shop.unsold.said(text)
            if unsold and not named and not points_at_shown(text) and product_said(text, self.shop.products) is None:
                return Answer(replies.not_sold(unsold, self.shop.kinds), kind="search")  # "add some socks"
            return f.cart.add(sender, text, message_id, ref)
        elif act == "remove_from_cart":
            take = THEN_TAKE.search(text)
            incoming = product_said(f"the {take.group('rest')}", self.shop.products) if take else None
            if incoming is not None:
                # "remove the gobi, i'll get that ryker crew-neck in red instead, M": out, then in
                removed = f.cart.remove(sender, text[:take.start()], message_id, ref)
                added = f.cart.add_product(sender, message_id, incoming, take.group("rest"))
                return Answer(f"{replies.without_cart(removed.text)} {added.text}", card=added.card, kind="search")
            return f.cart.remove(sender, text, message_id, ref)
        elif act == "checkout":
            return f.cart.checkout(sender)
        elif act == "show_cart":  # "whats my total with shipping": what delivery adds too
            # a total is what the shopper would pay, so it says what delivery adds
            shipping = bool(TOPIC_PATTERNS["delivery_info"].search(text) or TOTAL.search(text))
            cart = f.cart.show(sender, with_shipping=shipping)
            if DELIVERY_TIME.search(text) and (how_long := f.service.gist("delivery_info")):
                cart.text += f"\n{how_long}"  # "total and delivery time?": the days too
            return cart
        elif act == "state_preference":
            answer = f.preferences.note(sender, text, message_id)
            # the list on screen, or the one a question about one of its products was asked from
            listed = lists[0] if lists and lists[0].kind != "focus" else next(
                (sl for sl in lists if sl.kind != "focus"), None)
            if answer is not None and refresh and listed is not None and listed.kind in REFRESHABLE:
                # "he hates black tho" with hoodies on screen: noted, and the hoodies shown again with it
                refreshed = f.search.refresh(sender, message_id, listed.product_ids)
                if refreshed is not None and refreshed.products:
                    refreshed.text = f"{answer.text} {refreshed.text}"
                    return _kind(refreshed, "search")
        elif act == "more_like":
            return self._more_like(sender, text, message_id, ref)
        elif act == "cheaper":
            return f.search.cheaper(sender, text, message_id)
        elif act == "recommend":
            if SELL_ASK.search(text) and not said.categories and self.shop.unsold.said(text):
                # "do you sell medals or trophies?": a kind the shop has none of, said (the search says it)
                return _kind(f.search.search(sender, text, message_id), "search")
            return _kind(f.recommendations.recommend(sender, text, message_id), "recommend")
        values = decision.slot_values()
        # An order number and its email in the clause ("status of order 1002, email roni@...,
        # and how long do refunds take"): looked up at once, no question back (alone, the order
        # form asks for what is missing).
        order = f.service.order_answer(sender, str(values["order_number"]), str(values["email"]), message_id, text) \
            if {"order_number", "email"} <= set(values) and (act in ORDER_ACTS or act in ACT_TOPICS) else None
        if order is not None and act in ORDER_ACTS:
            return _kind(order, "service")
        if act in ORDER_ACTS and "order_number" in values and "email" not in values:
            # "show me gym shorts and also where is order 1002": the look-up starts and asks the email
            return Answer("", kind="service", start_order=str(values["order_number"]))
        if act in {"return_request", "refund"} and "order_number" in values and "email" not in values \
                and not self.shop.store.verified_orders(sender):
            # "can u look up order 1003, i might want to return sth": that order's look-up starts,
            # after the policy's gist (not said twice when the look-up's question names the return)
            gist = None if f.service.topic_note(text) else f.service.gist(ACT_TOPICS[act])
            return Answer(gist or "", kind="service", start_order=str(values["order_number"]))
        if act in {"return_request", "refund"} and OWN_PURCHASE.search(text) and "order_number" not in values \
                and not HOW_LONG.search(text) \
                and not (lists and points_at_shown(OWN_PURCHASE.sub(" ", text))) \
                and not self.shop.store.verified_orders(sender):
            # "i want to return something i bought": the order look-up starts instead of the policy
            # alone; the policy's gist comes first (the look-up's question says it itself when the
            # words name a return or refund, so it is not said twice)
            gist = None if f.service.topic_note(text) else f.service.gist(ACT_TOPICS[act])
            return Answer(gist or "", kind="service", start_order="")
        if WHY_DETAILS.search(text) and "email" not in values and "order_number" not in values:
            return Answer(replies.WHY_ORDER_DETAILS, kind="service")
        if SITE_TROUBLE.search(text) and not (said.categories or names_a_topic(text) or lists) \
                and act not in ORDER_ACTS and "order_number" not in values:
            return Answer(replies.SITE_TROUBLE, kind="service")
        if act == "cancel_task" and CANCEL.search(text) and "?" not in text and order is None \
                and not (SEARCH_VERB.search(text) or CART.search(text) or said.categories):
            # "Ah, forget it, she will do it by herself from her account": let go, not the account policy
            return Answer(replies.ANYTHING_ELSE, kind="service")
        if act in ACT_TOPICS or (act not in SHOPPING_ACTS and (intent in SERVICE_INTENTS
                                                               or decision.scene == "service")):
            policy = f.service.answer(sender, self._topic(act, intent, text), text, message_id, ref)
            if order is not None:  # "can I return order 1001, roni@...": the order, then the policy on it
                on_it = " ".join(x for x in re.split(r"(?<=[.!?])\s+", policy.text) if not ASKS_ORDER.search(x))
                return Answer(f"{order.text} {on_it}".strip(), card=order.card, kind="service")
            return _kind(policy, "service")
        if decision.scene == "chitchat" and act not in SHOPPING_ACTS:
            recipient = PRESENT_FOR.search(text)
            gender = GENDER_WORDS.get(recipient.group(1).lower()) if recipient else None
            if gender is not None:
                # "I am buying a present for my grandson ..." said as small talk: his searches are men's
                self.shop.store.set_preferences(sender, {"gender": gender}, self.shop.turn_id(sender, message_id),
                                                "chitchat")
            return None
        if answer is not None:
            return answer
        # a refinement or a new order ("show me the priciest ones instead") of the list on screen
        narrow = act in {"refine", "sort"} and bool(lists)
        return _kind(f.search.search(sender, text, message_id, narrow=narrow), "search")

    def _asks(self, sender: str, parts: list[str],
              readings: list[SceneDecision]) -> list[tuple[str, SceneDecision]]:
        """The clauses that are asks of their own, each with its reading.

        "how long does shipping take and is it free?": with no product shown, "is it free?" can
        only be about the shipping, so it stays with the clause before it. "Hmm, on second thought
        it's too much." before "remove it and show me ...": a cancel that asks nothing is no answer.
        """
        shown = bool(self.shop.store.recent_lists(sender, limit=1))
        asks: list[tuple[str, SceneDecision]] = []
        lead = ""  # a first clause that asks nothing ("Bit much.") goes with the ask after it
        for i, (part, reading) in enumerate(zip(parts, readings, strict=True)):
            part, lead = (f"{lead} {part}" if lead else part), ""
            words = expand(part)
            said = self.shop.parser.parse(words).filters
            if reading.act == "cancel_task" and len(parts) > 1 and not SEARCH_VERB.search(words) \
                    and not CART.search(words) and (not said.categories or (
                        LET_GO.search(words) and not self.f.cart.names_in_cart(sender, words))):
                continue  # "never mind the pants. can you look up my order 1001?": the pants are let go
            # "is it free?" with nothing shown: about the clause before it
            # (whatever act the model gave it: "is it free?" read as a search is still about the shipping)
            about_before = not shown and not said.categories and not names_a_topic(words) \
                and (reading.act in NEEDS_SHOWN or (bool(asks) and asks[-1][1].scene == "service"
                                                     and bool(PRONOUN_ONE.search(words)) and "?" in words))
            # "... want to return a hoodie. How she can do it?": how to do what the clause before asked about
            about_before = about_before or (bool(asks) and asks[-1][1].scene == "service" and not said.categories
                                            and not names_a_topic(words) and bool(HOW_TO_DO_IT.search(words)))
            # "They're for my aunt.": context for the ask before it, no ask of its own
            context_only = is_context(words, said) or (bool(NO_MATTER.search(words) or KEEP_IN_MIND.search(words)
                                                             or SUM_SAID.search(words))
                                                        and not said.categories and "?" not in words)
            # "what is the first one made of? she's allergic to some straps": why the question, no search
            explains = bool(asks) and asks[-1][1].act in {"ask_about_shown", "compare"} \
                and bool(ABOUT_SOMEONE.search(words)) and "?" not in words \
                and not (SEARCH_VERB.search(words) or CART.search(words))
            asks_nothing = reading.act in {"search_product", "recommend", "refine", "state_preference"} \
                and not (said.categories or said.narrows or SEARCH_VERB.search(words) or ASKED.search(words)
                         or points_at_shown(words) or CART.search(words))
            # "actually not the jacket, too pricey. take it out": "it" is the cart item the clause before named
            names_removed = bool(asks) and reading.act == "remove_from_cart" and bool(IT_OR_THEM.search(words)) \
                and asks[-1][1].act not in {"add_to_cart", "remove_from_cart"} \
                and not QUESTION.search(asks[-1][0]) and self.f.cart.names_in_cart(sender, asks[-1][0])
            if names_removed:
                asks[-1] = (f"{asks[-1][0]} {part}", reading)
                continue
            if asks and asks[-1][1].act in ORDER_ACTS and reading.act in ORDER_ACTS:
                # "my last order still hasn't arrived. It's order 1003.": one look-up, with the number
                before, first = asks[-1]
                asks[-1] = (f"{before} {part}", reading if "order_number" in reading.slot_values() else first)
                continue
            if asks and asks[-1][1].act in ORDER_ACTS and NOT_ARRIVED.search(words) and not said.categories:
                # "can you check on my order 1003? It hasn't arrived yet.": why the look-up, no ask of its own
                asks[-1] = (f"{asks[-1][0]} {part}", asks[-1][1])
                continue
            if asks and asks[-1][1].act in ORDER_ACTS and "order_number" in asks[-1][1].slot_values() \
                    and reading.act in {"return_request", "refund"} and IT_OR_THEM.search(words) \
                    and not points_at_shown(IT_OR_THEM.sub(" ", words)):
                # "can you look up my order 1001? I want to return something from it": "it" is that order
                asks[-1] = (f"{asks[-1][0]} {part}", asks[-1][1])
                continue
            if asks and (QUESTION.search(words) or "?" in words) and PRONOUN_ONE.search(words) \
                    and (not said.categories or IT_QUESTION.match(words)) and asks[-1][1].act not in ORDER_ACTS \
                    and not (QUESTION.search(asks[-1][0]) or CART.search(asks[-1][0]) or CART_ADD.search(asks[-1][0])
                             or self.shop.parser.parse(asks[-1][0]).filters.sizes) \
                    and named_in_catalog(asks[-1][0], self.shop.products) is not None:
                # "My daughter mentioned the Typhon jacket. Could you tell me about it?", "ooh the zoe tank.
                # does it have the built in bra thing": a question about the product just named
                asks[-1] = (f"{asks[-1][0]} {part}", replace(reading, act="ask_about_shown"))
                continue
            part = self._drop_context(asks, part, reading, said)
            # "... he needs the 75 cm one. Could you show me those?": the clause before, asked for
            # (also after a clause read as about one product: "needs the 75 cm one" names what to list)
            shows_those = bool(asks) and asks[-1][1].act in {"search_product", "refine", "recommend",
                                                             "ask_about_shown"} \
                and reading.act in {"search_product", "refine", "recommend"} and bool(PRONOUN_ALL.search(words)) \
                and not (said.categories or said.narrows)
            if shows_those and any(p.search(words) for p in ASPECTS.values()):
                # "do u also sell yoga bricks? how much r those": a question about what the clause before finds
                shows_those, reading = False, replace(reading, act="ask_about_shown")
            # "nothing black, he has too many. he likes green": a clause that only narrows the same
            # wish further is one search with the clause before, not a second list
            # (a correction too: "sorry no, he wear XL, not L. and he like black")
            # ("... ideas for small prizes for my class. Something under fifteen dollars each.": the ideas, that cheap)
            narrows_more = bool(asks) and asks[-1][1].act in {"search_product", "refine", "state_preference",
                                                              "correction", "recommend"} \
                and reading.act in {"refine", "state_preference", "search_product", "recommend"} \
                and not said.categories \
                and said.narrows \
                and not (QUESTION.search(words) or points_at_shown(words) or CART.search(words)
                         or SEARCH_VERB.search(words))
            # "duffles only. cheapest first", "under 50? cheapest first": the order of that same list
            sorts_it = bool(asks) and asks[-1][1].act in {"search_product", "refine", "sort", "recommend"} \
                and bool(SORT_ASC.search(words) or SORT_DESC.search(words) or BY_PRICE.search(words)) \
                and not said.categories and not points_at_shown(words) and not CART.search(words) \
                and not THE_CHEAPER_ONE.search(words) and not ABOUT_THE_CHEAPEST.search(words)
            # "I'll also need running shorts. Could you show me some men's shorts": one wish said twice, one list
            if asks and said.categories and reading.act in {"search_product", "recommend"} \
                    and asks[-1][1].act in {"search_product", "recommend"} and "?" not in asks[-1][0] \
                    and set(self.shop.parser.parse(expand(asks[-1][0])).filters.categories) == set(said.categories):
                asks[-1] = (f"{asks[-1][0]} {part}", reading)
                continue
            # "... told him to get an exercise ball. What do you have?": the clause before, asked for
            what_have = bool(asks) and bool(WHAT_HAVE.search(words)) and not said.categories and not said.narrows
            if asks and (about_before or context_only or explains or asks_nothing or shows_those or narrows_more
                         or sorts_it or what_have):
                before, first = asks[-1]
                if shows_those and first.act == "ask_about_shown":
                    first = replace(first, act="refine")
                asks[-1] = (f"{before} {part}", first)
                continue
            # "do u ship to the EU? im in germany", "can I pay in installments? it's gonna be a big order": a
            # service clause naming no topic of its own is about the service ask beside it ("how long does
            # it take and what does express cost": the delivery's)
            # ("it's gonna be a big order": no look-up asked)
            vague_service = reading.scene == "service" and (reading.act not in ORDER_ACTS or (
                "?" not in words and not ORDER_LOOKUP.search(words))) \
                and not (names_a_topic(words) or STORE_POLICY_WORDS.search(words) or WARRANTY.search(words)
                         or said.categories or said.narrows or CART.search(words)
                         or parse_order_number(words) or parse_email(words) or (shown and points_at_shown(words)))
            # (a statement only: "..., and how long does that usually take?" after a refund question is asked)
            if vague_service and asks and asks[-1][1].scene == "service" and asks[-1][1].act not in ORDER_ACTS \
                    and "?" not in words and not QUESTION.search(words) and names_a_topic(asks[-1][0]):
                asks[-1] = (f"{asks[-1][0]} {part}", asks[-1][1])
                continue
            # (a short question only: "i ordered stuff ... and got charged twice??" asks on its own)
            if vague_service and i < len(parts) - 1 and names_a_topic(parts[i + 1]) and len(words.split()) <= 6:
                lead = part
                continue
            # "I'm trying to get birthday presents sorted for my parents. ... She'd love a cosy hoodie": a
            # wish with nothing to search by, before a clause that names the kind, goes with that clause
            vague = reading.act in {"search_product", "recommend"} and not (
                said.categories or said.narrows or (shown and points_at_shown(words)) or CART.search(words)
                or names_a_topic(words) or ADD_FIRST.search(words))  # ("both my parents" points at nothing shown)
            if not asks and vague and i < len(parts) - 1 and any(
                    self.shop.parser.parse(expand(later)).filters.categories for later in parts[i + 1:]):
                lead = part
                continue
            # "hmm bit much." however the model read it: no product, value, question, pointer or topic
            says_nothing = reading.act not in ORDER_ACTS | {"cancel_task", "handoff", "greet", "thank", "bye"} \
                and not (said.categories or said.narrows or SEARCH_VERB.search(words) or QUESTION.search(words)
                         or points_at_shown(words) or CART.search(words) or names_a_topic(words)
                         or ADD_FIRST.search(words) or REMOVE_FIRST.search(words))  # "add the wayfarer and ..."
            if i < len(parts) - 1 and ITEM_PROBLEM.search(words) and "?" not in words \
                    and (names_a_topic(parts[i + 1]) or WARRANTY.search(parts[i + 1])):
                lead = part  # "I ordered it in green and got a gray one. Can I exchange it?": why, then the ask
                continue
            if i < len(parts) - 1 and LATER_WISH.search(words) and "?" not in words:
                continue  # "Eventually I take also a pant, but not today. Thank you!": no pants now
            if PUT_OFF.search(words) and i < len(parts) - 1 and not said.categories:
                continue  # "hmm maybe later for him. ok back to the hoodie ...": put off, nothing asked
            if ENOUGH.search(words) and i < len(parts) - 1 and "?" not in words and not SEARCH_VERB.search(words):
                continue  # "hmm no, one bag is enough. remove the voyage": why, before the ask
            if ALREADY_HAS.search(words) and i < len(parts) - 1 and "?" not in words \
                    and not (SEARCH_VERB.search(words) or CART.search(words)):
                continue  # "Actually, he already has shorts like those. Swap them for ...": why, before the ask
            if asks and (asks[-1][1].act == "remove_from_cart" or CART_REMOVE.search(asks[-1][0])) \
                    and ALREADY_HAS.search(words) and "?" not in words \
                    and not (SEARCH_VERB.search(words) or CART.search(words)):
                continue  # "take my mum's hoodie out. I've just remembered she already has one like it": why
            if i < len(parts) - 1 and APPROVAL.search(words) and not said.categories:
                continue  # "That sounds right for her. Please add it in a medium": the add is the ask
            if not asks and PRICE_REMARK.search(words) and i < len(parts) - 1:
                # "ugh that's over my budget. anything similar under $50?", "the first one's too pricey.
                # anything under 60?": the ask after it is the whole wish (its pointer is no product asked about)
                continue
            if not asks and (asks_nothing or says_nothing) and i < len(parts) - 1 and len(part.split()) <= 3:
                # "Bit much. I'll take the second one instead.": no new list first
                lead = part
                continue
            if not asks and says_nothing and i < len(parts) - 1 and readings[i + 1].scene == "service" \
                    and not (said.gender or said.kinds or said.exclude_kinds or said.exclude_names or said.no_apparel):
                # "I left my Christmas shopping very late. If I order today, how long ...": why, before a
                # service question (not said with it: its words are no part of the question)
                continue
            if i < len(parts) - 1 and ABOUT_THEM.search(words) and "?" not in words and not said.categories \
                    and not said.narrows and not CART.search(words):
                lead = part  # "he has laptop. which one have place for laptop?": why, said before the ask
                continue
            # "... and the limit is $20. Any ideas?": a budget (colour, size) stated before a wish for
            # products is that wish's limit, not a search of its own
            states_limits = reading.act in {"search_product", "refine", "recommend", "state_preference"} \
                and said.narrows and not said.categories and "?" not in words and not SEARCH_VERB.search(words) \
                and not points_at_shown(words) and not CART.search(words)
            # (after a context that named no kind too: "... for my mother, she do yoga. Maximum 40
            # dollars. A women yoga top maybe")
            after_context = not asks or (asks[-1][1].act == "recommend"
                                         and not self.shop.parser.parse(expand(asks[-1][0])).filters.categories)
            if after_context and states_limits and i < len(parts) - 1 \
                    and readings[i + 1].act in {"search_product", "recommend", "refine", "sort"} \
                    and not KEEP_IN_MIND.search(parts[i + 1]):  # "... only wear black. Please keep that in mind."
                lead = part
                continue
            if reading.act in SHOPPING_ACTS and short_service_question(words, said):
                reading = replace(reading, scene="service", act="policy")  # "do u have free shiping"
            asks.append((part, reading))
        return asks

    def _drop_context(self, asks: list[tuple[str, SceneDecision]], part: str, reading: SceneDecision,
                      said: Filters) -> str:
        """Take out of ``asks`` a statement that is only the context of this clause; the clause to ask.

        "I'm putting together a gym kit for my brother. Can you show me men's gym shorts?": a
        statement read as a wish for ideas, before a request for one kind of product, says who it
        is for (its words go with the request); before a service question ("I'm buying a present
        for my mother in Germany. Do you ship to the EU?") it is no ask either.
        """
        wants_kind = bool(said.categories) and reading.act in {"search_product", "refine", "state_preference"}
        if not wants_kind and not (reading.scene == "service" and "?" in part):
            return part
        at = next((i for i in range(len(asks) - 1, -1, -1) if asks[i][1].act != "state_preference"), None)
        if at is None or asks[at][1].act != "recommend" or "?" in asks[at][0]:
            return part
        before = self.shop.parser.parse(expand(asks[at][0])).filters
        if not wants_kind and (SEARCH_VERB.search(asks[at][0]) or before.categories):
            return part  # "I need a gift for my dad, maybe a watch. Do you ship to the EU?": two asks
        context, _ = asks.pop(at)
        if wants_kind and not before.categories and (not said.gender or before.narrows):
            # "... for my bf. show me hoodies"; "... for my mother. Maximum 40 dollars. A women yoga
            # top maybe": who it is for, and the budget said with it, go with the request
            return f"{context} {part}"
        return part

    def _none_in_size(self, text: str, shown: list[Product]) -> Answer | None:
        """"do they come in a 30 waist?" when no product on screen does: which sizes they have; else None."""
        said = self.shop.parser.parse(text).filters
        if not said.sizes or said.colors or said.categories or said.max_price or said.min_price:
            return None  # only a size asked about; anything else narrows the list as asked
        if any(offered_size(p, size) for p in shown for size in said.sizes):
            return None
        offered = list(dict.fromkeys(z for p in shown for z in p.sizes))
        if all(z.isdigit() for z in offered):
            offered.sort(key=int)
        log.info("no product on screen in size %s (they come in %s)", said.sizes, offered)
        return Answer(replies.none_in_size(said.sizes, offered), kind="search")

    def _names_its_kind(self, text: str, focus: Product) -> bool:
        """Whether the words point at the product in focus by its kind ("that backpack", "the watch")."""
        kinds = set(self.f.search.kinds_named(text)) & titled_kinds(focus)
        return bool(kinds) and bool(re.search(rf"\b(?:that|this|the)\s+(?:{'|'.join(map(re.escape, kinds))})s?\b",
                                              text, re.I))

    def _picked_by_name(self, text: str, usable: list[tuple[ShownList, list[Product]]]) -> bool:
        """Whether the words are a shown product's name with what to buy it in, and nothing else.

        "the atomic crew neck one in blue, L", "hyperion in orange pls", "the joust. cart pls", "the
        endurance one then": a size or colour it comes in, the cart, or a "then" says it is taken ("the
        adrienne one in gray?" asks).
        """
        if "?" in text or QUESTION.search(text) or SEARCH_VERB.search(text):
            return False
        titled = titles_said(text, self.shop.products)  # "ok go on then, Stark Fundamental Hoodie in black, M"
        found = named_product(text, usable) or named_product(f"the {text}", usable)
        if len(titled) != 1 and found is None:
            return False
        product = titled[0] if len(titled) == 1 else found.product
        size = any(offered_size(product, z) for m in SIZE_CHOSEN.finditer(text) for z in m.groups() if z)
        said = set(re.findall(r"[a-z][\w']*", text.lower()))
        colour = bool(said & {c.lower() for c in product.colors})
        if not (size or colour or CART.search(text) or DECIDED.search(text)
                or re.search(r"\bthen\W*$", text, re.I)
                # "The Fusion Backpack, please.": its whole title, asked for
                or (len(titled) == 1 and re.search(r"\b(?:please|pls|plz)\W*$", text, re.I))):
            return False
        return self._only_buying_words(said, product)

    @staticmethod
    def _only_buying_words(said: set[str], product: Product) -> bool:
        """Whether the words are the product's name (typos too), its colours and sizes, and fillers only."""
        title = set(re.findall(r"[a-z]+", product.title.lower())) | {w.rstrip("s") for w in title_words(product.title)}
        colours = {c.lower() for c in product.colors} | {"grey", "gray"}
        sizes = {z.lower() for z in product.sizes} | {"xxs", "xs", "s", "m", "l", "xl", "xxl"}
        leftover = said - title - colours - sizes - PICK_FILLER
        # "ok the jupitr, L, blue": a name word a letter or two off is still the name
        return not {w for w in leftover if not (len(w) >= 5 and any(
            edit_distance(w, t, 2) <= (1 if len(w) <= 6 else 2) for t in title if len(t) >= 5))}

    def _one_of_focus(self, text: str, usable: list[tuple[ShownList, list[Product]]]) -> bool:
        """"great, one in gray, 34 please" right after an answer about one product: that one, in that variant."""
        if "?" in text or not ONE_IN.search(text) or not usable or usable[0][0].kind != "focus":
            return False
        product = usable[0][1][0]
        said = set(re.findall(r"[a-z][\w']*", text.lower()))
        offered = [z for m in SIZE_CHOSEN.finditer(text) for z in m.groups() if z and offered_size(product, z)]
        return bool(offered or said & {c.lower() for c in product.colors}) and self._only_buying_words(said, product)

    def _sizes_on(self, shown: ShownList) -> set[str]:
        """The sizes the products of a shown list come in, lower-cased."""
        products = self.shop.products
        return {size.lower() for pid in shown.product_ids if pid in products for size in products[pid].sizes}

    def _in_cart(self, sender: str, pointer: str) -> bool:
        """Whether the product the pointer means is in the shopper's cart."""
        resolution = self.shop.resolve_reference(sender, self.shop.parser.parse(pointer))
        return resolution is not None and resolution.product.id in self.shop.store.cart(sender)

    def _more_like(self, sender: str, text: str, message_id: str, ref: str | None) -> Answer:
        """"More like that": recommendations around the product pointed at, else the one shown last."""
        shop = self.shop
        # offered: "ok back to the shorts - any more like them?" after an order look-up means the shorts
        resolution = shop.resolve_reference(sender, shop.parser.parse(text), ref, offered=True)
        focus = resolution.product.id if resolution is not None else None
        if focus is None:  # "something like the juno jacket": a product named from the catalog
            named = named_in_catalog(text, shop.products)
            focus = named.id if named is not None else None
        if focus is None:
            lists = shop.store.recent_lists(sender, limit=1)
            focus = lists[0].product_ids[0] if lists and lists[0].product_ids else None
        # "... but cheaper": below that product's price
        price = shop.products[focus].price if focus in shop.products else None
        below = price - 0.01 if price is not None and CHEAPER.search(text) and not THE_CHEAPER_ONE.search(text) \
            else None
        return _kind(self.f.recommendations.recommend(sender, text, message_id, focus_id=focus, below=below),
                     "recommend")

    @staticmethod
    def _topic(act: str, intent: str | None, text: str) -> str:
        """The policy topic: the act's, made precise by a topic word when the act is a generic policy question."""
        if WARRANTY.search(text):
            return "store_policy"  # the warranty lives in the store policy
        named = [name for name, pattern in TOPIC_WORDS if pattern.search(text)]
        if act not in ACT_TOPICS and intent not in SERVICE_INTENTS and not named \
                and not STORE_POLICY_WORDS.search(text) and not points_at_shown(text):
            # (not "so has it shipped or not": that is about the verified order's item)
            return "service_default"  # "no", "I can't find anything" in service: what help there is
        topic = ACT_TOPICS.get(act) or (intent if intent in SERVICE_INTENTS else "store_policy")
        # A generic policy question, or one whose words name another topic only ("what cards do
        # u accept" read as a return question), takes the topic its words name.
        if named and (topic == "store_policy" or topic not in named):
            return named[0]
        return topic


def _kind(answer: Answer, kind: str) -> Answer:
    if not answer.kind:
        answer.kind = kind
    return answer
