"""Phrasings and vocabularies the training conversations are generated from, keyed by dialogue act.

Placeholders in braces are filled by ``recsys.training.conversations.Filler``. Those named after
a slot are annotated as that slot's span: ``{type}`` product_type, ``{color}``, ``{size}``,
``{gender}``, ``{price}`` price_max, ``{pmin}`` price_min, ``{brand}``, ``{neg}`` negation (the
negated thing, not the "not"), ``{sup}`` superlative, ``{order}`` order_number, ``{email}``.
``{ref}`` is a pointer at a shown item ("the second one", "it") and sets the turn's reference;
``{ref2}`` a second one (compare). Other placeholders only add variety.

Evaluation material never comes from here: the held-out and independent sets were written or
selected apart from these lists (see docs/scene-model.md).
"""

from __future__ import annotations

from recsys.scene.model import ACT_SCENES
from recsys.training.extra_phrasings import EXTRA, EXTRA_TYPES
from recsys.training.extra_phrasings2 import EXTRA2, EXTRA2_TYPES

__all__ = ["ACT_SCENES"]

COLORS = ["black", "white", "red", "blue", "navy", "green", "olive", "grey", "gray", "pink", "purple", "yellow",
          "orange", "brown", "beige", "teal", "burgundy", "light blue", "khaki", "cream", "silver", "gold",
          "dark green", "charcoal", "ivory", "tan", "maroon", "mint", "coral", "rose gold", "stainless steel"]
SIZES = ["XS", "S", "M", "L", "XL", "XXL", "small", "medium", "large", "extra large", "size 8", "10", "32", "34",
         "queen", "king", "twin", "55 inch", "1 litre", "500ml", "2kg", "42", "9.5", "11", "age 6", "newborn",
         "15 inch", "full size", "w32 l30", "one size"]
GENDERS = ["men's", "women's", "mens", "womens", "kids", "boys", "girls", "unisex", "ladies", "men", "women",
           "kid's", "toddler"]
PEOPLE = ["dad", "mom", "mum", "sister", "brother", "wife", "husband", "friend", "coworker", "10 year old", "teenager",
          "boss", "grandma", "grandpa", "girlfriend", "boyfriend", "nephew", "niece", "son", "daughter", "teacher",
          "neighbour", "new baby", "a 5 year old", "my in-laws", "a colleague who is leaving", "best friend"]
ACTIVITIES = ["running", "yoga", "the gym", "hiking", "camping", "cycling", "travel", "cooking", "gardening",
              "home office", "gaming", "a dinner party", "a road trip", "fishing", "painting", "baking", "a wedding",
              "college", "a new flat", "a beach holiday", "winter", "the kitchen", "a birthday party", "studying",
              "the garage", "a picnic", "working from home", "swimming", "photography", "music practice"]
MATERIALS = ["cotton", "wool", "leather", "polyester", "merino", "nylon", "linen", "bamboo", "steel", "cast iron",
             "glass", "ceramic", "oak", "plastic", "silicone", "aluminium", "copper", "rubber", "marble", "suede"]
FEATURES = ["pockets", "a hood", "a zipper", "wireless charging", "noise cancelling", "a timer", "bluetooth",
            "a long battery", "a warranty", "a lid", "a handle", "wheels", "a remote", "usb c", "a non stick coating",
            "led lights", "adjustable height", "a waterproof finish", "a shoe compartment", "a laptop sleeve",
            "free delivery", "a carry case", "an auto shut off", "a dishwasher safe finish"]
BRANDS = ["nike", "adidas", "puma", "new balance", "under armour", "patagonia", "north face", "levis", "sony",
          "samsung", "apple", "bose", "jbl", "anker", "logitech", "lenovo", "dell", "hp", "asus", "philips", "braun",
          "bosch", "makita", "dewalt", "black and decker", "dyson", "kitchenaid", "le creuset", "tefal", "ninja",
          "nespresso", "lego", "hasbro", "mattel", "fisher price", "purina", "royal canin", "loreal", "maybelline",
          "nivea", "oral b", "gillette", "garmin", "fitbit", "yeti", "hydro flask", "weber", "luma", "ikea",
          "casio", "seiko", "ray ban", "zara", "uniqlo", "crocs", "vans", "converse", "timberland", "xiaomi"]
SUPERLATIVES = {
    "cheapest": ["cheapest", "the cheapest", "lowest price", "least expensive", "most affordable", "cheapest possible",
                 "lowest priced", "budget-friendliest"],
    "most expensive": ["most expensive", "priciest", "highest price", "most premium", "top of the range",
                       "the fanciest"],
    "best rated": ["best rated", "top rated", "highest rated", "best reviewed", "most popular", "best",
                   "best selling", "most loved"],
}
# What a pointer at a shown item says, by the item it means.
REFS = {
    "1": ["the first one", "the 1st one", "first one", "1st", "#1", "number 1", "number one", "the top one",
          "the first", "option 1", "the first item", "no. 1", "1"],
    "2": ["the second one", "the 2nd one", "second one", "2nd", "#2", "number 2", "number two", "the second",
          "option 2", "the second item", "2"],
    "3": ["the third one", "the 3rd one", "third one", "3rd", "#3", "number 3", "the third", "option 3", "3"],
    "4": ["the fourth one", "the 4th one", "4th", "#4", "number 4", "the fourth"],
    "5": ["the fifth one", "the 5th one", "5th", "#5", "number 5"],
    "last": ["the last one", "the last", "last one", "the bottom one", "the final one"],
    "it": ["it", "this one", "that one", "this", "that", "the one you showed", "that item", "this product"],
}
ORDERS_FORMAT = ["{n}", "#{n}", "order {n}", "no. {n}"]
EMAILS = ["roni_cost@example.com", "jane.doe@gmail.com", "mike77@yahoo.com", "a.lee@outlook.com", "sam@proton.me",
          "k.brown@work.co.uk", "tom_h@icloud.com"]
COUNTRIES = ["canada", "the uk", "germany", "australia", "mexico", "france", "japan", "ireland", "spain", "norway"]
PAYMENTS = ["paypal", "apple pay", "klarna", "a gift card", "amex", "google pay", "afterpay", "bank transfer", "visa"]
# Everyday product types; the generator mixes these with the taxonomy's training departments.
PRODUCT_TYPES = [
    "running shoes", "trail running shoes", "sneakers", "hiking boots", "sandals", "rain jacket", "winter coat",
    "hoodie", "t-shirt", "jeans", "leggings", "yoga pants", "sports bra", "socks", "beanie", "backpack", "gym bag",
    "water bottle", "yoga mat", "dumbbells", "fitness tracker", "smart watch", "watch", "headphones",
    "wireless earbuds", "bluetooth speaker", "phone case", "phone charger", "power bank", "laptop", "tablet",
    "keyboard", "monitor", "desk lamp", "rug", "curtains", "bed sheets", "duvet", "pillow", "towels", "kettle",
    "toaster", "blender", "air fryer", "frying pan", "knife set", "mugs", "tent", "sleeping bag", "bike helmet",
    "swimsuit", "sunglasses", "umbrella", "suitcase", "board game", "lego set", "puzzle", "dog leash", "cat bed",
    "shampoo", "sunscreen", "perfume", "lipstick", "moisturizer", "razor", "electric toothbrush", "hair dryer",
    "jacket", "pants", "dress", "skirt", "shoes", "bag", "drill", "screwdriver set", "garden hose", "plant pot",
    "vacuum cleaner", "robot vacuum", "tv", "gaming mouse", "video game", "guitar", "printer ink", "necklace",
    "earrings", "candles", "picture frame", "bbq grill", "lawn mower", "fish tank", "dog food", "cat litter",
]

# Words shoppers put around a product type in a search box, across departments. Not a slot:
# they teach that "unscented clumping cat litter" is a product request, not a foreign sentence.
MODIFIERS = [
    # food and drink
    "gluten free", "organic", "sugar free", "vegan", "lactose free", "dairy free", "low carb", "keto", "unsalted",
    "decaf", "whole bean", "spicy", "high protein", "non gmo", "caffeine free", "sparkling", "frozen", "dried",
    "smoked", "raw", "fair trade", "instant", "wholemeal", "plant based", "nut free", "low sodium", "extra virgin",
    "grass fed", "free range", "sugar-free", "salted", "roasted", "bulk",
    # beauty and care
    "unscented", "fragrance free", "sulfate free", "paraben free", "cruelty free", "hypoallergenic", "spf 50",
    "matte", "long lasting", "travel size", "refillable", "tinted", "anti frizz", "alcohol free", "natural",
    # home, kitchen, garden, pets
    "memory foam", "non stick", "solid wood", "foldable", "stackable", "wall mounted", "cordless",
    "rechargeable", "heavy duty", "adjustable", "extendable", "blackout", "washable", "reusable", "biodegradable",
    "compostable", "clumping", "self cleaning", "dishwasher safe", "bpa free", "microwave safe", "ergonomic",
    "portable", "compact", "mini", "2 in 1", "heated", "insulated", "airtight", "magnetic", "shatterproof",
    "pressure mounted", "freestanding", "outdoor", "indoor", "solar", "led", "dimmable", "cast iron", "ceramic",
    "stainless steel", "glass", "bamboo", "velvet", "orthopedic", "grain free", "no pull", "chew proof",
    # electronics and tools
    "wireless", "bluetooth", "usb c", "4k", "hdmi", "noise cancelling", "smart", "wifi", "gaming",
    "mechanical", "backlit", "fast charging", "refurbished", "unlocked", "brushless", "magsafe", "waterproof",
    "digital", "analog", "ultrawide", "curved", "over ear", "in ear", "lithium", "variable speed",
    # vehicles and sport
    "oem", "aftermarket", "front", "rear", "all weather", "universal", "tubeless", "carbon", "clipless",
    # kids
    "educational", "wooden", "montessori", "glow in the dark", "sensory", "magnetic", "battery operated",
    # clothing
    "high waisted", "slim fit", "relaxed fit", "long sleeve", "sleeveless", "v neck", "quick dry", "thermal",
    "breathable", "packable", "lightweight", "vintage", "plus size", "maternity", "petite", "wide fit", "vegan leather",
]
# Numbers with units, as typed in search boxes ("18v", "2tb", "90x190", "pack of 6").
SPEC_UNITS = ["gb", "tb", "mm", "cm", " inch", "in", "v", "w", "ml", "l", "oz", "lb", "kg", " pack", "pcs", " piece",
              "mah", "hz", " ft", "m", " watt", " litre", " cup", " qt", "ah", "k", " count", " seater", " drawer",
              " tier", " quart"]
# What a product is for, when the shopper says so ("shampoo for curly hair").
USES = ["cats", "dogs", "small dogs", "puppies", "kittens", "kids", "toddlers", "babies", "a 1 year old",
        "a 3 year old", "newborns", "sensitive skin", "curly hair", "dry skin", "oily skin", "fine hair", "a bunk bed",
        "a small flat", "a balcony", "the bathroom", "the car", "a road bike", "an iphone 15", "a samsung s23",
        "a macbook", "a ps5", "beginners", "travel", "the office", "a home gym", "a fish tank", "a 2015 civic",
        "hardwood floors", "carpets", "a gas stove", "induction hobs", "long hair", "seniors", "left handers",
        "wide feet", "flat feet", "a double bed", "a king size bed", "a camper van", "a trailer", "chickens",
        "rabbits", "a parrot", "hamsters", "a 55 inch tv", "a standing desk", "a pickup truck", "a vegan diet",
        "diabetics", "the garden", "a wedding", "school", "a home bar", "making bread", "espresso", "acne",
        "a dishwasher", "a nespresso machine", "a canon camera", "a gopro", "a kindle", "a 20 gallon tank"]
# Search-box queries: a product type with modifiers, specs or a use; mostly no verb at all.
KEYWORD_QUERIES = [
    "{mod} {type}", "{type} {mod}", "{mod} {mod} {type}", "{type} {spec}", "{spec} {type}", "{mod} {type} {spec}",
    "{brand} {type} {spec}", "{brand} {mod} {type}", "{type} for {use}", "{mod} {type} for {use}",
    "{type} {mod} {mod}", "{color} {mod} {type}", "{type} {spec} {mod}", "{mod} {type} {size}",
    "{type} {size} {mod}", "{type} {brand} {spec}", "{mod} {type}??", "{type} for {use} {spec}",
    "{spec} {mod} {type} for {use}", "{type}, {mod}", "{mod} {type} pls", "{type} {mod} for {use}",
    "{mod} {type} for {gender}", "{gender} {mod} {type} {size}", "{type} {spec} x {spec}", "{type} pack of {n}",
    "{n} pack {type}", "{type} refill", "replacement {type} for {use}", "{type} compatible with {use}",
    "{mod} {type} that fits {use}", "{type} under {price}", "{mod} {type} under ${price}", "{type} {color} {mod}",
]
# A specific accessory for a shown product: still a search, pointing at the product.
ACCESSORY_FOR_SHOWN = [
    "a {type} that fits {ref}", "{type} for {ref}?", "and a {type} for {ref}", "replacement {type} for {ref}",
    "do you have a {type} that fits {ref}", "any {type} compatible with {ref}", "{type} to go with {ref}, same brand",
    "spare {type} for {ref}", "i need a {type} for {ref} too", "case for {ref}", "batteries for {ref}?",
    "also a {type} that works with {ref}", "{mod} {type} for {ref}", "does anything fit {ref}, like a {type}",
]
# How a shopper opens a new ask mid-conversation ("ok and ...", "also ...").
SHIFT_PREFIXES = ["ok ", "ok then ", "and ", "also ", "oh and ", "btw ", "actually ", "fine. ", "cool. ", "thanks. ",
                  "ok thx. ", "anyway ", "another thing, ", "k. ", "alright, ", "great, now ", "one more thing: ",
                  "ok now ", "separate question, ", "nvm that. ", "different question - ", "also, ", "oh also "]
# Two asks in one message: the first ask is the turn's label.
TWO_ASK_JOINS = [". ", " and ", ", also ", " also ", ". also ", " + ", " & ", "? ", " oh and ", ", and ", ". btw ",
                 " - ", ". oh and ", ", plus "]

# ---- search scene -------------------------------------------------------------------------------------------
SEARCH_PRODUCT = [
    "{gender} {type}", "{color} {type}", "{type} under ${price}", "{color} {type} in size {size}",
    "do you have {type} for {gender}", "looking for a {color} {type}", "{type} between ${pmin} and ${price}",
    "any {type} in {size}?", "I need {type} for {activity}", "find {gender} {type} in {color} under ${price}",
    "do you sell {type}?", "{sup} {type}", "what's your {sup} {type}?", "{type} made of {material}",
    "I'm looking for {type}", "can you find me a {color} {type}", "show me {type}", "{type}", "{brand} {type}",
    "{type} with {feature}", "need a new {type}", "where can I find {type} on your site", "search for {type}",
    "do you carry {type}", "I want to buy a {type}", "{material} {type} for {gender}", "got any {color} {type}?",
    "{type} size {size}", "waterproof {type}", "lightweight {type} for {activity}", "{type} on sale",
    "is there any {type} in stock?", "what {type} do you have", "show me all {color} {type} under ${price}",
    "{gender} {color} {type} {size}", "i need some {type}", "buy {type}", "{type} for {activity} under ${price}",
    "a {type} with {feature}", "list your {type}", "browse {type}", "new arrivals in {type}", "{type} over ${pmin}",
    "{type} no more than {price} dollars", "{type} around {price} bucks", "{brand} {type} in {color}",
    "{type}, not {neg}", "{type} but not {neg}", "{color} {type}, no {neg}", "{type} without {neg}",
    "hi, do you stock {brand} {type}?", "hey i need {type} asap", "my {person} needs {type}, size {size}",
    "we're after a {type} for {activity}, budget {price}", "{type} in {size} please", "{sup} {color} {type}",
    "do you guys have {type}", "searching for {type} {size}", "{type}?", "{type} pls", "any {brand}?",
    "have you got {type} in {color} or {color}?", "i'm after some {type}", "can i get {type} here",
    "is the {type} from {brand} available", "looking at {type} under {price}€", "show {type} from ${pmin} to ${price}",
    "{type} less than £{price}", "cheap {type}", "{type} for a {person}, under {price}", "{size} {type}",
    "I'd like to order a {type}", "hello! looking for {gender} {type} in {color}", "{type} with {feature} pls",
    "what's the {sup} {type} you sell", "do you have any {type} that are {color}", "{type} in stock",
    "anything in {type}?", "I need to replace my old {type}", "is there a {type} that isn't {neg}",
]
REFINE = [
    "in {color}?", "{color}?", "do you have them in {size}?", "cheaper ones?", "under ${price}", "for {gender}",
    "any other colours?", "what about {color}?", "in {color} please", "{size}", "size {size}", "only {color} ones",
    "with {feature}", "something lighter", "in {material}?", "less than {price} dollars", "and in {color}?",
    "bigger sizes?", "not {neg}", "no {neg} please", "not {neg} pls", "anything but {neg}", "without {neg}",
    "{color} not {neg}", "under {price} and not {neg}", "between {pmin} and {price}", "{pmin}-{price}",
    "over {pmin}", "more than ${pmin}", "from {brand}?", "only {brand}", "how about {brand}?", "in {size} and {color}",
    "smaller", "a bit cheaper", "more options please", "show me more", "anything else?", "hmm, not those",
    "for {gender} instead", "what about for {gender}?", "max {price}", "budget is {price}", "{price} max",
    "up to {price}", "in {color} and size {size}", "{material} ones only", "any with {feature}?", "{brand} ones",
    "no {neg}", "i don't want {neg}", "hate {neg}, something else", "not the {neg} ones", "ones without {neg}",
    "above {pmin} please", "at least {pmin}", "cheaper", "more expensive ones?", "only in stock ones",
    "{color} or {color}?", "larger", "in a {size}", "any in {size}", "with {feature} maybe",
]
ASK_ABOUT_SHOWN = [
    "does {ref} come in {color}?", "is {ref} available in {size}?", "how much is {ref}?", "what is {ref} made of?",
    "is {ref} waterproof?", "what sizes does {ref} come in?", "is {ref} in stock?", "tell me more about {ref}",
    "can I wash {ref}?", "does {ref} have {feature}?", "what colours does {ref} have?", "how big is {ref}?",
    "reviews for {ref}?", "is {ref} any good?", "how heavy is {ref}", "what's the price of {ref}",
    "does {ref} have a warranty?", "is {ref} {material}?", "{ref} in {color}?", "{ref} in {size}?",
    "what brand is {ref}", "details on {ref} pls", "how long is {ref}", "more info about {ref}",
    "is {ref} good for {activity}?", "does {ref} fit true to size?", "what's the rating of {ref}",
    "show me {ref}", "can i see {ref}", "open {ref}", "{ref}, how much?", "is {ref} on sale?",
    "would {ref} work for {activity}?", "what are the dimensions of {ref}", "does {ref} come with {feature}",
    "how do I clean {ref}", "is {ref} dishwasher safe?", "when can {ref} be delivered?",
    "what's {ref} like?", "{ref} - is it {color}?", "is {ref} still available", "any reviews on {ref}?",
]
ADD_TO_CART = [
    "add {ref} to my cart", "add {ref} to cart", "I'll take {ref}", "put {ref} in my basket", "buy {ref}",
    "add {ref} in {size}", "add {ref} in {color}, size {size}", "add 2 of {ref}", "I want {ref}, add it",
    "ok add {ref}", "cart {ref} please", "get me {ref}", "add {ref} to the cart pls", "I'll have {ref} in {size}",
    "put {ref} in the cart", "yes add {ref}", "order {ref}", "add that to my bag", "i'll buy {ref}",
    "add to cart", "add it", "take {ref}", "ok {ref}, add to basket", "add {ref} please, size {size}",
    "throw {ref} in my cart", "add one of {ref}", "let's go with {ref}", "add {ref} and {ref2}",
]
REMOVE_FROM_CART = [
    "remove {ref} from my cart", "take {ref} out of the cart", "delete {ref} from my basket", "remove {ref}",
    "I don't want {ref} anymore", "drop {ref} from the cart", "remove the {type} from my cart",
    "take out {ref}", "get rid of {ref} in my cart", "empty my cart", "clear my basket", "remove everything",
    "actually remove {ref}", "no, take {ref} out",
]
SHOW_CART = [
    "what's in my cart?", "show my cart", "show me my basket", "what have I added so far?", "view cart",
    "my cart", "how much is my cart?", "what's the total?", "cart total?", "show basket", "what did I put in the cart",
    "can I see my cart", "open my cart", "whats in my carrt", "list my cart items",
]
COMPARE = [
    "compare {ref} and {ref2}", "what's the difference between {ref} and {ref2}?", "{ref} or {ref2}?",
    "which is better, {ref} or {ref2}?", "{ref} vs {ref2}", "how does {ref} compare to {ref2}",
    "is {ref} better than {ref2}?", "compare the first two", "which one is better?", "compare them",
    "difference between {ref} and {ref2} pls", "which is lighter, {ref} or {ref2}?",
]
SORT = [
    "which is the {sup}?", "which one is {sup}", "show the {sup} first", "sort by price", "sort by {sup}",
    "{sup} one?", "the {sup} one please", "{sup}?", "cheapest first", "sort them by price, low to high",
    "order by rating", "which has the best reviews?", "most expensive first", "sort by price high to low",
    "show me the {sup}", "can you sort these by price", "what's the {sup} of these", "{sup} please",
]
STATE_PREFERENCE = [
    "I wear size {size}", "I'm a size {size}", "my size is {size}", "I only like {color}", "I prefer {color}",
    "my budget is ${price}", "I don't spend more than {price}", "I'm a {size} and I like {color}",
    "I wear size {size} and I only like {color}", "I usually buy {brand}", "I don't like {neg}",
    "I'm allergic to {neg}", "I shop for {gender}", "please remember I'm a size {size}", "I always go for {color}",
    "just so you know, I'm a {size}", "budget around {price}", "I never wear {neg}", "i like {brand} stuff",
]
# ---- recommend scene ----------------------------------------------------------------------------------------
RECOMMEND = [
    "what goes with {ref}?", "something similar to {ref}", "gift ideas for my {person}", "what would you recommend for {activity}?",
    "what pairs well with {type}?", "suggest a gift for a {person} who likes {activity}", "alternatives to {ref}",
    "what do people buy with {ref}", "recommend something for {activity}", "what's a good {type} for a beginner?",
    "which {type} would you pick for {activity}?", "help me choose a present for my {person}",
    "complete the look with {ref}", "best sellers for {gender}", "any suggestions for {activity}?",
    "what should I get my {person} for their birthday?", "I don't know what to get, any ideas?",
    "what's popular right now?", "can you recommend a {type}?", "what would match my {color} {type}?",
    "I need inspiration for {activity}", "what else would I need for {activity}?", "what accessories go with {ref}?",
    "something like {ref} but cheaper", "I'm not sure which {type} to choose, help?", "a gift under ${price} for my {person}",
    "what's trending for {gender}?", "surprise me with something for {activity}", "outfit ideas for {activity}",
    "recommend me a present for a {person}", "what do you recommend?", "similar items to {ref}",
    "other options like {ref}?", "christmas gift ideas for a {person}", "starter kit for {activity}, what do I need?",
    "more like {ref}", "anything similar?", "more ideas please", "other suggestions?", "what else would match?",
    "not really my style, other ideas?", "what goes with that?", "and something to go with it?",
    "ideas for my {person}'s birthday, budget {price}", "present for {person} who has everything",
    "what {type} goes with {ref}", "what would you suggest for a {person}?", "what do you think I should get?",
    "i need a housewarming gift", "something nice for {activity}, any ideas", "what's good for {activity}",
    "help me pick a {type}", "which {type} should I buy?", "any recommendations for {type}?",
    "what's your favourite {type}?", "anything you'd suggest instead of {ref}?", "what's a good gift under {price}",
    "what else do I need with {ref}?", "secret santa ideas under {price}", "birthday gift for a {person}",
    "and for my {person}?", "what about my {person}?", "and something for a {person}?", "for my {person} too?",
    "and for {activity}?", "same but for a {person}", "ok and for my {person}", "anything for my {person} as well?",
]
# ---- service scene ------------------------------------------------------------------------------------------
ORDER_STATUS = [
    "where is my order {order}", "order {order} hasn't arrived", "track order #{order}", "status of order {order}",
    "where's my stuff", "has order {order} shipped yet?", "any update on order {order}?", "where's my order",
    "I'm still waiting for order {order}", "check order {order} please", "order #{order} status", "my order?",
    "is my order on its way?", "can you check my order", "I want to cancel my order", "cancel order {order}",
    "I need to change my order", "can I add something to order {order}", "where is my package",
    "tracking number for my order?", "my order says processing for days", "wheres my order??", "order status",
    "did my order go through?", "I placed an order yesterday, any news?", "wher is my ordr",
]
PROVIDE_ORDER_INFO = ["{order}", "it's {order}", "order number {order}", "the number is {order}", "{email}",
                      "I used {email}", "my email is {email}", "it's {order}, email {email}", "#{order}",
                      "order {order}, {email}", "email: {email}", "it was {order} I think", "{order} thanks"]
CORRECTION = ["sorry, it's {order}", "I mean {order}", "oops, {order}", "no wait, it's {order}", "typo, {order}",
              "sorry I meant {email}", "wrong number, it's {order}", "actually it's {email}",
              "no, size {size}", "sorry, I meant {color}", "I meant {ref}", "not that one, {ref}",
              "make that size {size}", "change it to {color}"]
RETURN_REQUEST = [
    "can I return {ref}?", "I want to return my {type}", "how do I return an item", "I'd like to send back {ref}",
    "my {type} arrived damaged", "the {type} I got is the wrong size", "I want to exchange {ref} for a bigger size",
    "the zipper on my {type} broke", "I never received my {type}", "I ordered the wrong size, can I swap it?",
    "return {ref}", "start a return please", "I need to return order {order}", "this doesn't fit, can I return it",
    "how do I send it back?", "can i exchange it for {color}", "the {type} is faulty", "it arrived broken",
]
# Which item a return is about, answering "which one do you want to return?"
RETURN_POINTERS = ["{ref}", "it was {ref}", "{ref} please", "{ref}, it doesn't fit", "the {color} one",
                   "{ref} from the list", "that one", "both of them", "{ref} I think", "the {type}",
                   "{ref}, the {color} one", "the one I bought last week"]
REFUND = ["I need a refund for order {order}", "when will I get my refund", "refund status for order {order}",
          "where is my refund?", "I want my money back", "can I get a refund instead?", "refund please",
          "how long do refunds take?", "still no refund for {order}", "I was promised a refund",
          "will the refund go back to my card?", "refund hasn't shown up"]
DELIVERY = ["how long does delivery take", "do you ship to {country}?", "shipping costs?", "can I change my delivery address",
            "my package is late", "when will it arrive?", "do you do next day delivery?", "how much is shipping to {country}",
            "can I pick it up in store?", "it says delivered but it's not here", "can you deliver on saturday?",
            "express shipping?", "is delivery free?", "change the address on order {order}", "delivery options?",
            "how long for {ref} to arrive?", "will it come before christmas?", "do you ship internationally",
            "which courier do you use", "customs fees?"]
PAYMENT = ["can I pay with {payment}?", "my payment was declined", "I was charged twice", "how do I use a discount code",
           "my promo code doesn't work", "can I get an invoice for order {order}", "do you take {payment}?",
           "my card keeps getting declined at checkout", "can I pay in instalments?", "where's my receipt",
           "I need a VAT invoice", "you charged me the wrong amount", "payment failed but money left my account",
           "can I use a gift card?", "how do I check my gift card balance", "can I split payment",
           "why was I charged for shipping?", "the checkout won't take my card", "billing address problem"]
ACCOUNT = ["how do I reset my password", "I can't log in to my account", "update my email address",
           "delete my account please", "how do I create an account", "change my password", "I'm locked out",
           "unsubscribe me from emails", "how do I change my name on my account", "my account got hacked",
           "where do I see my past orders", "I forgot my password", "sign me up for the newsletter",
           "can I merge two accounts?", "I didn't get the verification email", "remove my card from my account"]
POLICY = ["return policy?", "what's your return policy", "do you price match?", "is there a warranty on {ref}?",
          "what are your opening hours", "do you offer gift wrapping?", "how long do I have to return something?",
          "do you have a loyalty program?", "are your products ethically made?", "where are you based?",
          "do you have a physical store?", "what's the warranty on {type}?", "can I return sale items?",
          "do you do student discount?", "privacy policy?", "is it safe to order from you"]
HANDOFF = ["I want to talk to a human", "I need to speak to an agent", "can someone call me?",
           "get me a real person", "customer service number?", "HUMAN PLEASE", "let me talk to your manager",
           "this isn't helping, connect me to support", "how do I contact customer service", "live agent",
           "I want to complain", "can I speak to someone", "transfer me to an operator"]
AFFIRM = ["yes", "yes please", "yeah", "sure", "ok", "yep", "correct", "that's right", "go ahead", "please do",
          "ya", "yup", "sounds good", "ok do it", "👍", "alright"]
DENY = ["no", "nope", "no thanks", "not really", "nah", "no that's wrong", "not now", "no it hasn't arrived"]
CANCEL_TASK = ["forget it", "never mind", "nvm", "cancel that", "stop", "forget the order", "skip it",
               "let's drop it", "actually forget it", "no need anymore", "leave it", "scrap that"]
# ---- chitchat scene -----------------------------------------------------------------------------------------
GREET = ["hi", "hello", "hey there", "good morning", "hiya", "yo", "hey", "hello!", "hi there", "good evening",
         "morning", "hey 👋", "howdy", "greetings", "hi bot", "hellooo", "sup"]
THANK = ["ok thanks", "ok thx bye", "thanks, bye", "thank you, goodbye", "thanks bye 👋", "ty, cya",
         "fine thank you", "cheers, that's all", "thx, that's everything", "thanks!", "perfect thank you", "cheers", "thanks a lot", "thx", "ty", "great thanks",
         "nice, thanks", "appreciate it", "thanks for your help", "thank u", "tysm", "many thanks", "lovely, thank you",
         "much appreciated", "haha thanks", "thanks, you're the best", "ok ty", "k thanks", "thank you very much!",
         "that's helpful, thanks", "you've been very helpful", "sweet, thanks", "gotcha, thanks", "thanks 🙏"]
BYE = ["bye", "see you later", "ok bye", "good night", "cya", "see ya", "later!", "bye bye", "have a good one",
       "talk later", "that's all I needed", "I'm done", "goodbye", "ok that's it for now", "gotta go",
       "ok i'll come back later", "that's everything"]
SMALLTALK = ["how are you?", "are you a bot?", "who made you?", "what's your name?", "tell me a joke", "you're great",
             "lol", "haha nice", "I'm bored", "nice to meet you", "are you human?", "what can you do?",
             "you're not very smart", "that's funny", "do you like your job?", "are you real?", "you're slow",
             "this bot is useless", "I'm having a bad day", "how old are you?", "do you sleep?", "what's up",
             "you're cute", "can you help me?", "what should I ask you?", "are you AI?", "ugh", "interesting",
             "you didn't understand me", "what are you?", "do you have feelings?", "cool", "hmm", "wow"]
OUT_OF_SCOPE = ["what's the weather like?", "what's 12 times 7?", "book me a flight to paris", "who won the game?",
                "write me a poem", "what's the capital of peru", "set an alarm for 7", "how do I cook rice",
                "play some music", "what time is it in tokyo", "recommend a good movie", "translate hello to french",
                "call my mom", "how tall is everest", "transfer 50 dollars to my savings", "what's my bank balance",
                "book a table for two tonight", "how many calories in a banana", "convert 30 euros to dollars",
                "who is the president", "what's bitcoin worth", "help with my homework", "tell me the news",
                "best movie of the year?", "name ideas for my new puppy", "recommend a podcast", "ideas for a date night",
                "what's a good name for a cat", "best restaurants near me", "how do i fix a leaking tap",
                "order a pizza for me", "is google down", "what's my credit score", "how do i open a bank account",
                "block my bank card", "how much is my car worth", "how many grams in an ounce", "cancel my netflix"]
OTHER_LANGUAGE = ["hola, busco zapatillas negras", "¿dónde está mi pedido?", "gracias!", "buenos días",
                  "ich suche eine jacke", "wo ist meine bestellung", "danke schön", "guten tag",
                  "je cherche un sac à dos", "où est ma commande ?", "merci beaucoup", "bonjour",
                  "cerco una borsa nera", "dov'è il mio ordine", "grazie mille", "ciao",
                  "estou procurando um tênis", "onde está meu pedido", "obrigada!", "olá",
                  "ik zoek een winterjas", "waar is mijn bestelling", "bedankt", "hallo",
                  "szukam butów do biegania", "gdzie jest moje zamówienie", "dziękuję",
                  "kırmızı elbise arıyorum", "siparişim nerede", "teşekkürler", "tack så mycket", "hej"]

# Words beside a photo, by the act they make the turn.
PHOTO_TEXTS = {
    "search_product": ["", "", "", "do you have this?", "this in {color}?", "find this", "something like this in {size}",
                       "this but in {color}", "do you sell this", "looking for this", "is this available?",
                       "how much is this?", "this in {size}", "what is this called"],
    "recommend": ["what goes with this?", "what would match this?", "similar items to this?",
                  "what else goes with this", "complete the look", "any ideas to pair with this"],
    "return_request": ["this arrived damaged", "I want to return this", "this is the wrong item",
                       "the zipper broke on this", "can I exchange this?", "this has a stain, refund please"],
    "smalltalk": ["look at this lol", "haha", "nice right?", "my cat says hi"],
}

_OWN_TEMPLATES = {
    "search_product": SEARCH_PRODUCT + KEYWORD_QUERIES, "refine": REFINE, "ask_about_shown": ASK_ABOUT_SHOWN,
    "add_to_cart": ADD_TO_CART, "remove_from_cart": REMOVE_FROM_CART, "show_cart": SHOW_CART, "compare": COMPARE,
    "sort": SORT, "state_preference": STATE_PREFERENCE, "recommend": RECOMMEND, "order_status": ORDER_STATUS,
    "provide_order_info": PROVIDE_ORDER_INFO, "correction": CORRECTION, "return_request": RETURN_REQUEST,
    "refund": REFUND, "delivery": DELIVERY, "payment": PAYMENT, "account": ACCOUNT, "policy": POLICY,
    "handoff": HANDOFF, "affirm": AFFIRM, "deny": DENY, "cancel_task": CANCEL_TASK, "greet": GREET, "thank": THANK,
    "bye": BYE, "smalltalk": SMALLTALK, "out_of_scope": OUT_OF_SCOPE, "other_language": OTHER_LANGUAGE,
}

# Each act's phrasings: the lists above plus those two helpers wrote from a brief alone
# (``extra_phrasings.py``, ``extra_phrasings2.py``): more authors, fewer of one author's habits.
ACT_TEMPLATES = {act: pool + EXTRA.get(act, []) + EXTRA2.get(act, []) for act, pool in _OWN_TEMPLATES.items()}
PRODUCT_TYPES = PRODUCT_TYPES + [t for t in EXTRA_TYPES + EXTRA2_TYPES if t not in PRODUCT_TYPES]
