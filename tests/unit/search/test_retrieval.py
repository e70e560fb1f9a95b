"""Hybrid retrieval on the shipped catalog: names/SKUs, attribute filters, photos, explanations,
incremental re-ingest."""

from __future__ import annotations

import json
import random
import shutil

import pytest

from recsys.evaluation.search import perturb
from recsys.images import check_image_file


def test_sku_and_exact_name_come_first(assistant):
    answer = assistant.search("r-sku", "MH01")
    assert answer.products[0].id == "MH01"
    assert "sku" in answer.products[0].why["ranks"]
    answer = assistant.search("r-name", "chaz kangeroo hoodie")
    assert answer.products[0].title == "Chaz Kangeroo Hoodie"
    assert {"chaz", "kangeroo"} <= set(answer.products[0].why["matched_terms"])


def test_attribute_words_filter_and_results_explain_themselves(assistant):
    answer = assistant.search("r-attr", "women's blue jacket under $60", k=5)
    assert answer.products
    for view in answer.products:
        product = assistant.products[view.id]
        assert product.category_leaf == "Jackets" and "Blue" in product.colors
        assert product.gender in ("Women", "Unisex") and product.price <= 60
        assert view.why["filters"] and "similarity" in view.why and view.why["ranks"]


def test_top_k_is_k_when_k_match(assistant):
    mask = assistant.attributes.mask(assistant.parser.parse("red tees").filters)
    assert mask.sum() >= 3
    answer = assistant.search("r-k", "red tees", k=3)
    assert len(answer.products) == 3


def _catalog_photo(assistant, product_id):
    product = assistant.products[product_id]
    return check_image_file(assistant.image_root / product.image)


def test_photo_finds_its_product(assistant, tmp_path):
    rng = random.Random(5)
    found = 0
    ids = ["MH01", "WJ01", "24-MB01", "24-WG01", "MSH02"]
    for pid in ids:
        photo = _catalog_photo(assistant, pid)
        shot = tmp_path / f"{pid}.jpg"
        perturb(photo.image, rng).save(shot)
        answer = assistant.search(f"r-photo-{pid}", "", photo=check_image_file(shot))
        found += answer.products[0].id == pid
        assert answer.products[0].why["image_similarity"] is not None
    assert found >= 4, found


def test_photo_plus_words_applies_the_words_as_filters(assistant):
    photo = _catalog_photo(assistant, "MH01")  # a hoodie photo
    answer = assistant.search("r-photo-blue", "like this but in blue", photo=photo)
    assert answer.products and all("Blue" in assistant.products[v.id].colors for v in answer.products)
    assert "in blue" in answer.filters
    # the hoodie pictured is not sold in blue: the answer says what it saw, then blue ones of its kind
    assert answer.text.startswith("Your photo looks like the Chaz Kangeroo Hoodie")
    assert all(assistant.products[v.id].category_leaf == "Hoodies & Sweatshirts" for v in answer.products)


def test_filters_that_match_nothing_are_relaxed_and_said(assistant):
    assistant.search("r-relax", "men's jackets in size XS")
    answer = assistant.search("r-relax", "purple watches")
    assert answer.products and answer.relaxed  # no purple watches: colour dropped, watches shown
    assert "dropped" in answer.text


@pytest.fixture()
def small_catalog(tmp_path, settings):
    src = settings.catalog_path
    rows = [json.loads(line) for line in src.read_text().splitlines()[:12]]
    shutil.copytree(src.parent / "images", tmp_path / "images")
    path = tmp_path / "shop.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path, rows


def test_reingest_is_incremental_and_uses_the_cache(tmp_path, small_catalog):
    from recsys.search.ingest import index_is_current, ingest
    from recsys.settings import load_settings

    path, rows = small_catalog
    settings = load_settings({"RECSYS_VAR_DIR": str(tmp_path / "var")})
    first = ingest(settings, path)
    assert first.mode == "rebuild" and first.encoded_texts == 12 and first.encoded_images == 12
    again = ingest(settings, path)
    assert again.mode == "unchanged" and again.encoded_texts == 0 and again.encoded_images == 0

    rows[0]["title"] = rows[0]["title"] + " Deluxe"  # update
    removed = rows.pop(1)  # delete
    new = dict(rows[2], id="NEW-1", title="Brand New Thing")  # add (same photo: cached)
    rows.append(new)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert not index_is_current(settings, path)
    changed = ingest(settings, path)
    assert (changed.mode, changed.added, changed.updated, changed.deleted) == ("incremental", 1, 1, 1)
    assert changed.encoded_texts == 2 and changed.encoded_images == 0
    assert index_is_current(settings, path)

    from recsys.search.index import ProductIndex
    index = ProductIndex.load(settings.index_dir)
    assert removed["id"] not in index.ids and "NEW-1" in index.ids and len(index) == 12
    # the rebuilt-from-scratch index gives the same neighbours as the incrementally updated one
    rebuilt = ingest(settings, path, rebuild=True)
    assert rebuilt.mode == "rebuild" and rebuilt.encoded_texts == 0
    fresh = ProductIndex.load(settings.index_dir)
    for pid in ("NEW-1", rows[0]["id"]):
        assert [h.product_id for h in index.search(index.vector(pid), 5)] == \
            [h.product_id for h in fresh.search(fresh.vector(pid), 5)]


def test_index_for_another_catalog_is_detected(tmp_path, small_catalog):
    from recsys.assistant import Assistant
    from recsys.search.index import ProductIndexError
    from recsys.search.index_folder import CATALOG_COPY
    from recsys.search.ingest import ingest
    from recsys.settings import load_settings

    path, _ = small_catalog
    settings = load_settings({"RECSYS_VAR_DIR": str(tmp_path / "var")})
    ingest(settings, path)
    copy = settings.index_dir / CATALOG_COPY
    lines = copy.read_text().splitlines()
    copy.write_text("\n".join(lines[:-1]) + "\n")  # the catalog beside the index no longer fits it
    with pytest.raises(ProductIndexError, match="stale"):
        Assistant(settings)


def test_a_photo_of_a_womens_product_keeps_to_womens_products(assistant):
    photo = _catalog_photo(assistant, "WH02")  # a women's hoodie
    answer = assistant.search("r-photo-women", "this but under 45", photo=photo)
    assert answer.products and all(assistant.products[v.id].gender == "Women" for v in answer.products)
    assert all(v.price <= 45 for v in answer.products)
    said = assistant.search("r-photo-men", "like this for men", photo=photo)  # the words win
    assert said.products and all(assistant.products[v.id].gender == "Men" for v in said.products)


def test_a_photo_with_cheaper_stays_below_the_pictured_price(assistant):
    photo = _catalog_photo(assistant, "24-MG02")  # the Dash Digital Watch, $92
    answer = assistant.search("r-photo-cheaper", "got anything like this but cheaper?", photo=photo)
    assert answer.products and all(v.price < 92 for v in answer.products)
    assert "24-MG02" not in [v.id for v in answer.products]


def test_cheaper_after_a_recognised_photo_is_below_the_pictured_product(assistant):
    sender = "r-photo-cheaper"
    pictured = assistant.products["MH07"]  # the Hero Hoodie, $54
    answer = assistant.search(sender, "", photo=_catalog_photo(assistant, "MH07"))
    assert answer.products[0].id == "MH07" and answer.text.startswith("This looks like")
    [cheaper] = assistant.respond(sender, "c1", "cheaper ones like it?")
    assert cheaper.products and all(assistant.products[v.id].price < pictured.price for v in cheaper.products)


@pytest.mark.parametrize("pid, said, answered", [
    ("MS05", "got this in another colour?", "comes in"),  # the pictured product's colours, then the matches
    ("MH07", "how much is this?", "$54.00"),
])
def test_a_question_beside_a_recognised_photo_is_answered_about_it(assistant, pid, said, answered):
    pictured = assistant.products[pid]
    answer = assistant.search(f"r-photo-ask-{pid}", said, photo=_catalog_photo(assistant, pid))
    first, _, rest = answer.text.partition("\n")
    assert pictured.title in first and answered in first and "looks like" in rest
    plain = assistant.search(f"r-photo-plain-{pid}", "", photo=_catalog_photo(assistant, pid))
    assert "looks like" in plain.text.partition("\n")[0]  # no question, no answer line


def test_a_material_left_out_leaves_out_every_product_made_of_it(assistant):
    answer = assistant.search("r-material", "a messenger bag, not leather", k=5)
    assert answer.products
    for view in answer.products:
        product = assistant.products[view.id]
        assert product.category_leaf == "Bags"
        assert "leather" not in f"{product.attributes.get('material', '')} {product.title}".lower()
