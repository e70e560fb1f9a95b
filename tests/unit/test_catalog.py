import json

import pytest

from recsys.catalog import CatalogError, catalog_version, load_catalog
from recsys.settings import SHIPPED_CATALOG


def test_shipped_catalog_is_complete():
    products = load_catalog(SHIPPED_CATALOG).products
    assert len(products) == 191
    hoodie = next(p for p in products if p.id == "MH01")
    assert hoodie.title == "Chaz Kangeroo Hoodie"
    assert hoodie.category == "Men > Tops > Hoodies & Sweatshirts"
    assert set(hoodie.colors) == {"Black", "Gray", "Orange"} and "XL" in hoodie.sizes
    assert "<p>" not in hoodie.description and hoodie.price == 52.0
    assert (SHIPPED_CATALOG.parent / hoodie.image).exists()
    assert all(p.image for p in products)


def test_csv_with_bad_rows_names_each_row(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,title,price,color\nA1,Red shirt,10,Red\nA2,,5,Blue\nA3,Cap,abc,\nA1,Dup,3,\n")
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    message = str(err.value)
    assert "3 bad row(s)" in message
    assert "c.csv:3: missing 'title'" in message
    assert "c.csv:4: price 'abc' is not a number" in message
    assert "c.csv:5: duplicate id 'A1'" in message


def test_skip_bad_rows_reports_instead_of_dropping_silently(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "A", "title": "Bag", "colors": ["Blue"]}) + "\n{not json\n"
                    + json.dumps({"id": "B", "title": "Mat", "price": -1}) + "\n")
    report = load_catalog(path, skip_bad_rows=True)
    assert [p.id for p in report.products] == ["A"]
    assert len(report.skipped) == 2 and "c.jsonl:2: invalid JSON" in report.skipped[0]
    assert "non-negative" in report.skipped[1]


def test_unsupported_and_missing_files(tmp_path):
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "nope.jsonl")
    bad = tmp_path / "c.xml"
    bad.write_text("<x/>")
    with pytest.raises(CatalogError, match="unsupported"):
        load_catalog(bad)


def test_catalog_version_changes_with_content(tmp_path):
    a = tmp_path / "a.jsonl"
    a.write_text(json.dumps({"id": "A", "title": "Bag", "price": 1}) + "\n")
    b = tmp_path / "b.jsonl"
    b.write_text(json.dumps({"id": "A", "title": "Bag", "price": 2}) + "\n")
    assert catalog_version(load_catalog(a).products) != catalog_version(load_catalog(b).products)
