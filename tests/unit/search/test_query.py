import pytest

from recsys.catalog import load_catalog
from recsys.search.filters import Filters
from recsys.search.query import QueryParser
from recsys.settings import SHIPPED_CATALOG


@pytest.fixture(scope="module")
def parser():
    return QueryParser(load_catalog(SHIPPED_CATALOG).products)


def test_attribute_words_become_filters(parser):
    f = parser.parse("men's hoodies under $60 in grey, size L").filters
    assert f.gender == "Men" and f.max_price == 60 and f.colors == ("Gray",) and f.sizes == ("L",)
    assert f.categories == ("Hoodies & Sweatshirts",)


def test_price_range_and_spoken_size(parser):
    f = parser.parse("yoga pants for women between 30 and 50 dollars in a medium").filters
    assert (f.min_price, f.max_price, f.gender, f.sizes) == (30, 50, "Women", ("M",))


@pytest.mark.parametrize("text, bounds", [
    ("thank-you presents for two teachers, about $25 each", (None, 25)),
    ("around 40 bucks", (None, 40)),
    ("between about $10 and $20", (10, 20)),  # "about" inside a range leaves the range whole
    ("about $10-20 each", (10, 20)),
    ("size about 30", (None, None)),  # no money said
    ("about 20 minutes", (None, None)),
])
def test_a_rough_budget_is_its_ceiling(parser, text, bounds):
    f = parser.parse(text).filters
    assert (f.min_price, f.max_price) == bounds


@pytest.mark.parametrize("text, ordinal", [
    ("On second thought, could you show me the ones in yellow?", None),  # a way of speaking, no position
    ("first of all, do you ship to canada", None),
    ("the second one", 1),
])
def test_figures_of_speech_are_no_list_position(parser, text, ordinal):
    assert parser.parse(text).ordinal == ordinal


def test_ordinal_reference(parser):
    assert parser.parse("show me the second one in XL").ordinal == 1
    assert parser.parse("the last one").ordinal == -1
    assert parser.parse("red jackets").ordinal is None


def test_preferences_round_trip_and_merge():
    stated = Filters(colors=("Blue",), max_price=40)
    restored = Filters.from_preferences(stated.as_preferences())
    assert restored.colors == ("Blue",) and restored.max_price == 40
    merged = Filters(gender="Men").merged_over(restored)
    assert merged.gender == "Men" and merged.max_price == 40 and merged.colors == ("Blue",)


def test_a_ceiling_said_with_more_than():
    from recsys.catalog import load_catalog
    from recsys.search.query import QueryParser
    from recsys.settings import SHIPPED_CATALOG

    parser = QueryParser(load_catalog(SHIPPED_CATALOG).products)
    for text, bounds in [("i dont wanna spend more than $50", (None, 50.0)), ("no more than 30 dollars", (None, 30.0)),
                         ("more than 40", (40.0, None)), ("jackets over $60", (60.0, None)),
                         ("tight budget, nothing over $40 pls", (None, 40.0))]:
        f = parser.parse(text).filters
        assert (f.min_price, f.max_price) == bounds, text
    f = parser.parse("women's jackets that aren't orange, cheapest to priciest").filters
    assert f.exclude_colors == ("Orange",) and f.sort == "price_asc"


def test_kinds_named_only_in_titles_and_plurals(parser):
    assert parser.parse("also need a jump rope").filters.categories == ("Fitness Equipment",)
    assert parser.parse("show me yoga straps").filters.categories == ("Fitness Equipment",)
    # a material ending a title is no kind of product, and a category word said wins
    assert parser.parse("is it fleece?").filters.categories == ()
    assert parser.parse("fleece jackets").filters.categories == ("Jackets",)
    # ... but said as a thing ("a cozy womens fleece", "fleeces") it is what those titles are
    assert parser.parse("a cozy womens fleece in grey").filters.categories == ("Hoodies & Sweatshirts",)
    assert parser.parse("any fleeces under 60").filters.categories == ("Hoodies & Sweatshirts",)
    assert parser.parse("fleece lined leggings").filters.categories == ("Pants",)


def test_a_colour_refused_is_left_out(parser):
    said = parser.parse("He wears XL and refuses to wear anything black.").filters
    assert said.exclude_colors == ("Black",) and said.colors == () and said.sizes == ("XL",)
    said = parser.parse("I'd prefer not to buy anything in orange.").filters
    assert said.exclude_colors == ("Orange",) and said.colors == ()


@pytest.mark.parametrize("text, size", [("fyi i'm a 31 in shorts", "31"), ("i wear an XL", "XL"),
                                        ("im a size m", "M"), ("i'm a 30 dollar budget kind of person", None),
                                        ("shes a small and HATES orange", "S"), ("im more of an L", "L")])
def test_a_size_said_about_oneself(parser, text, size):
    assert parser.parse(text).filters.sizes == ((size,) if size else ())


def test_a_list_on_screen_keeps_its_price_order():
    from recsys.assistant.product_search import price_order

    assert price_order([22, 24, 24, 28]) == "price_asc" and price_order([92, 55, 54]) == "price_desc"
    assert price_order([22, 28, 24]) is None and price_order([24, 24, 24]) is None and price_order([1, 2]) is None
    assert price_order([29, 29, 29, 29, 28]) is None  # ties that run one way by chance


def test_hates_and_doesnt_like_leave_a_colour_out(parser):
    for text in ("he hates black tho", "she doesn't like black", "i dont do black", "nothing that comes in black",
                 "none that's black"):
        f = parser.parse(text).filters
        assert f.exclude_colors == ("Black",) and f.colors == (), text
    # a colour judged ugly is left out; the one meant instead is wanted
    f = parser.parse("wait no i meant blue, yellow is ugly lol").filters
    assert (f.colors, f.exclude_colors) == (("Blue",), ("Yellow",))
    assert parser.parse("the red ones look awful").filters.exclude_colors == ("Red",)
    assert parser.parse("red is my colour").filters.colors == ("Red",)


@pytest.mark.parametrize("text, ceiling", [("Secret Santa at work and the limit is $20. Any ideas?", 20.0),
                                           ("a gift, $30 tops", 30.0), ("mens shorts $25 or less", 25.0),
                                           ("my budget is about 40", 40.0),
                                           ("is there a time limit of 30 days for returns", None)])
def test_a_budget_said_as_a_limit_is_a_ceiling(parser, text, ceiling):
    assert parser.parse(text).filters.max_price == ceiling


@pytest.mark.parametrize("text, gender", [("a hoodie for my brothers bday", "Men"), ("my sister's birthday", "Women"),
                                          ("womens tees", "Women")])
def test_a_possessive_names_who_it_is_for(parser, text, gender):
    assert parser.parse(text).filters.gender == gender


def test_trackpants_are_pants(parser):
    assert parser.parse("mens trackpants 32 waist").filters.categories == ("Pants",)


@pytest.mark.parametrize("text, categories, excluded", [
    ("bags but no backpacks pls", ("Bags",), ("backpack",)),
    ("womens tees, not tanks", ("Tees",), ("tank",)),  # the kind left out is not the kind asked for
    ("no duffels", (), ("duffle",)),  # the titles' word for it; alone it narrows the list on screen
    ("not black", (), ()),  # a colour, not a kind
    ("no more than 50", (), ()),
])
def test_a_kind_left_out(parser, text, categories, excluded):
    f = parser.parse(text).filters
    assert f.exclude_kinds == excluded and f.categories == categories


def test_a_kind_left_out_masks_the_titles_that_name_it():
    from recsys.catalog import Product
    from recsys.search.filters import AttributeTable, Filters

    items = [Product(id="a", title="Driven Backpack", category="Gear > Bags", price=36.0),
             Product(id="b", title="Joust Duffle Bag", category="Gear > Bags", price=34.0), None]
    table = AttributeTable(items)
    assert table.mask(Filters(exclude_kinds=("backpack",))).tolist() == [False, True, False]
    assert Filters(categories=("Bags",), exclude_kinds=("backpack",)).describe() == ["bags", "no backpacks"]


@pytest.mark.parametrize("text, order", [
    ("Put them in order of price, lowest first.", "price_asc"),
    ("Sort them by price, highest first.", "price_desc"),
    ("in price order pls", "price_asc"),
    ("highest price on top", "price_desc"),
    ("what is the highest quality one", ""),
])
def test_price_orders_said_as_lowest_or_highest_first(parser, text, order):
    assert parser.parse(text).filters.sort == order


@pytest.mark.parametrize("text, categories", [
    ("do you have bags to carry a yoga mat?", ("Bags",)),  # what the bag is for is no second kind
    ("a bag for my water bottle", ("Bags",)),
    ("yoga mat bag", ("Bags",)),  # the last noun of a compound
    ("shorts to go with this hoodie", ("Shorts",)),
    ("black tank tops for women", ("Bras & Tanks", "Tanks")),
    ("I search pant for yoga, for man, size 34", ("Pants",)),  # the singular, as non-native shoppers write it
    ("I look a sweat for my son", ("Hoodies & Sweatshirts",)),  # "a sweat" is a sweatshirt
    ("he sweats loads", ()),  # sweating is no sweatshirt
    ("do you have a yoga bag with a waterproof shell?", ("Bags",)),  # a part of it, not a jacket
    ("a watch with a leather strap", ("Watches",)),
    ("i sweat a lot, breathable tee?", ("Tees",)),
])
def test_the_kind_asked_for_is_the_head_of_the_phrase(parser, text, categories):
    assert parser.parse(text).filters.categories == categories


def test_nothing_to_wear_leaves_out_every_clothing_level():
    from recsys.catalog import Product
    from recsys.search.filters import AttributeTable, Filters
    from recsys.search.query import QueryParser

    items = [Product(id="a", title="Zing Jump Rope", category="Gear > Fitness Equipment", price=12.0),
             Product(id="b", title="Arcadio Gym Short", category="Men > Bottoms > Shorts", price=20.0),
             Product(id="c", title="Tiberius Gym Tank", category="Men > Tops > Tanks", price=18.0)]
    f = QueryParser(items).parse("something for the gym rather than clothes").filters
    assert f.no_apparel and not f.categories
    assert AttributeTable(items).mask(f).tolist() == [True, False, False]
    assert Filters(no_apparel=True).describe() == ["no clothing"]
    assert not QueryParser(items).parse("gym clothes for him").filters.no_apparel


@pytest.mark.parametrize("text, sizes", [
    ("and matching shorts, 32, black", ("32",)),  # a number beside a kind sized by numbers
    ("im a M in tops, 32 in shorts", ("M", "32")),
    ("shorts under 32", ()),  # a price
    ("shorts 32 to 40 dollars", ()),
    ("shorts for my 12 yo", ()),  # an age
    ("hoodies, 32, black", ()),  # hoodies have no number sizes
])
def test_a_bare_number_beside_a_kind_sized_by_numbers_is_its_size(parser, text, sizes):
    assert parser.parse(text).filters.sizes == sizes


def test_a_product_left_out_by_a_word_of_its_name(parser):
    f = parser.parse("mens watches but not the dash one").filters
    assert f.exclude_names == ("dash",) and f.categories == ("Watches",)
    assert parser.parse("not the first one").filters.exclude_names == ()
    assert parser.parse("not the black one").filters.exclude_names == ()  # a colour, read apart


@pytest.mark.parametrize("text, materials, categories", [
    ("a messenger bag, not leather", ("leather",), ("Bags",)),
    ("non-leather bags", ("leather",), ("Bags",)),
    ("bags but nothing in leather", ("leather",), ("Bags",)),
    ("tees without any polyester", ("polyester",), ("Tees",)),
    ("a leather bag", (), ("Bags",)),  # said, not left out
    ("a bag not in black", (), ("Bags",)),  # a colour, read apart
])
def test_a_material_left_out(parser, text, materials, categories):
    f = parser.parse(text).filters
    assert (f.exclude_materials, f.categories) == (materials, categories)


def test_a_material_left_out_masks_what_is_made_of_it_or_named_for_it():
    from recsys.catalog import Product
    from recsys.search.filters import AttributeTable

    items = [Product(id="a", title="Rival Field Messenger", category="Gear > Bags", attributes={"material": "Leather"}),
             Product(id="b", title="Wayfarer Messenger Bag", category="Gear > Bags", attributes={"material": "Nylon"}),
             Product(id="c", title="Leather Strap Tote", category="Gear > Bags"), None]
    table = AttributeTable(items)
    assert table.mask(Filters(exclude_materials=("leather",), in_stock_only=False)).tolist() == [
        False, True, False, False]
    assert Filters(categories=("Bags",), exclude_materials=("leather",)).describe() == ["bags", "not leather"]
