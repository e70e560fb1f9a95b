"""Kinds of product retail sells that the catalog has none of: said, not guessed at."""

from __future__ import annotations

from pathlib import Path

from recsys.catalog import load_catalog
from recsys.datasets.retail_kinds import build, singular_and_plural
from recsys.search.unsold import RETAIL_KINDS_FILE, UnsoldKinds, load_retail_kinds, sold_words

ROOT = Path(__file__).resolve().parents[3]
CATALOG = ROOT / "recsys" / "data" / "catalog" / "luma.jsonl"
TAXONOMY = ROOT.parent / "shared" / "data" / "taxonomy" / "google_product_taxonomy_2013-07-15.en-US.txt"


def test_unsold_kinds_are_named_and_sold_ones_are_not():
    unsold = UnsoldKinds(load_catalog(CATALOG).products)
    assert unsold.said("I started runing. do you have runing shoes?") == ["shoes"]
    assert unsold.said("do you sell socks or a cap") == ["socks", "cap"]
    for sold_or_no_kind in ("mens hoodies", "a water bottle", "foam roller", "something for running in the rain",
                            "a jacket for wind and rain", "whats good for the gym", "under 60 pls", "gift for my dad"):
        assert unsold.said(sold_or_no_kind) == [], sold_or_no_kind


def test_the_shipped_list_is_what_the_taxonomy_builds(tmp_path):
    shipped = load_retail_kinds()
    assert {"shoes", "shoe", "socks", "sunglasses", "dress", "dresses"} <= shipped
    assert not {"the", "and", "accessories", "camping", "tennis"} & shipped  # no function words, groups, activities
    if TAXONOMY.exists():  # ../shared beside the checkout, as CI has it
        assert set(build(TAXONOMY)) == shipped, f"rebuild {RETAIL_KINDS_FILE} with recsys.datasets.retail_kinds"
    missing = load_retail_kinds(tmp_path / "none.txt")
    assert missing == frozenset()


def test_numbers_and_catalog_words():
    assert singular_and_plural("dresses") == {"dresses", "dress"}
    assert singular_and_plural("hoodies") == {"hoodies", "hoody"}
    assert singular_and_plural("shoe") == {"shoe", "shoes"}
    words = sold_words(load_catalog(CATALOG).products)
    assert {"hoodie", "hoodies", "bottle", "bottles", "watch"} <= words
