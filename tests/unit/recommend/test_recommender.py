"""The recommender: profile decay, diversification, reasons, and the offline evaluation against
the merchant's links (ours must beat popularity and plain nearest neighbours)."""

from __future__ import annotations

import numpy as np

from recsys.recommend.recommender import Recommender, RecommenderConfig, mmr


def _toy():
    from recsys.catalog import Product

    vecs = {"a": [1, 0, 0], "a2": [0.99, 0.14, 0], "b": [0, 1, 0], "c": [0, 0, 1]}
    products = {pid: Product(id=pid, title=f"P{pid}", description="", category="X > Y", price=10.0)
                for pid in vecs}
    unit = {pid: np.array(v, dtype=np.float32) / np.linalg.norm(v) for pid, v in vecs.items()}

    def neighbours(vec, n, allowed):
        return sorted(((pid, float(v @ vec)) for pid, v in unit.items()), key=lambda x: -x[1])[:n]

    return products, unit, neighbours


def test_profile_decay_follows_the_formula():
    products, unit, neighbours = _toy()
    rec = Recommender(products, unit.__getitem__, neighbours)
    a = 0.5
    p = rec.profile([("view", "a"), ("view", "b")], decay=a)
    expected = a * (1 - a) * unit["a"] + (1 - a) * unit["b"]
    assert np.allclose(p, expected / np.linalg.norm(expected), atol=1e-6)
    assert np.allclose(rec.profile([("view", "a"), ("view", "b")], decay=0.0), unit["b"])
    # a return pushes the profile away from the returned product
    assert float(rec.profile([("returned", "a"), ("view", "b")], decay=0.9) @ unit["a"]) < 0
    assert rec.profile([]) is None and rec.profile([("view", "unknown")]) is None


def test_mmr_prefers_variety():
    _, unit, _ = _toy()
    scored = [("a", 1.0), ("a2", 0.99), ("b", 0.8), ("c", 0.1)]
    assert [pid for pid, _ in mmr(scored, unit, 2, lam=0.6)] == ["a", "b"]  # a2 is nearly a duplicate of a
    assert [pid for pid, _ in mmr(scored, unit, 2, lam=1.0)] == ["a", "a2"]


def test_recommendations_carry_reasons(assistant):
    sender = "rec-shopper"
    assistant.store.record_event(sender, "MH01", "view")
    answer = assistant.recommend(sender, "any suggestions for me?", None)
    assert answer.products and "Picked for you" in answer.text
    assert any("because you looked at the Chaz Kangeroo Hoodie" in p.reason for p in answer.products)
    assert all("score_parts" in p.why for p in answer.products)
    focused = assistant.recommend(sender, "what goes with it?", None, focus_id="MH01")
    assert focused.products and "MH01" not in [p.id for p in focused.products]
    assert any("shop's pick" in p.reason for p in focused.products)


def test_offline_eval_beats_both_baselines(settings, assistant):
    from recsys.evaluation.recommend import evaluate_recommendations
    from tests.conftest import SHARED

    fixtures = SHARED / "luma" / "fixtures"
    result = evaluate_recommendations(settings, fixtures if fixtures.exists() else None, walks=60)
    systems = result.metrics
    ours = systems["recommender (what runs)"]
    for baseline in ("popularity", "nearest neighbours (FAISS)"):
        assert ours["hit@10"] > systems[baseline]["hit@10"] and ours["recall@10"] > systems[baseline]["recall@10"]
    assert result.details["test_products"] > 30
    assert result.details["decay"]["chosen"] in (0.0, 0.25, 0.5, 0.75, 0.9)
    assert RecommenderConfig().decay >= 0
