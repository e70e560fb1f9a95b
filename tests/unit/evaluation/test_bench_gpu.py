"""`recsys bench-gpu`: a clear refusal without a GPU; with one, every row measured and checked."""

import json

import pytest

from recsys.bench.gpu import NoGpu, bench_gpu, gpu_count
from recsys.cli.main import main


@pytest.mark.skipif(gpu_count() > 0, reason="this FAISS sees a GPU: the refusal cannot happen here")
def test_without_a_gpu_it_says_so_and_exits_1(capsys):
    with pytest.raises(NoGpu, match="no GPU"):
        bench_gpu(n=100, queries=2, cpu_queries=1, batch=2)
    assert main(["bench-gpu", "--n", "100"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "FAISS sees no GPU" in captured.err


def test_bad_sizes_are_refused(capsys):
    assert main(["bench-gpu", "--n", "0"]) == 2
    assert main(["bench-gpu", "--queries", "5", "--cpu-queries", "6"]) == 2
    assert "must be positive" in capsys.readouterr().err


@pytest.mark.skipif(gpu_count() == 0, reason="needs a FAISS GPU build and a GPU (run on the device machine)")
def test_on_a_gpu_every_system_is_exact_and_filters_hold(capsys):
    result = bench_gpu(n=250_000, dim=32, queries=20, cpu_queries=10, batch=64, seed=1)
    rows = result.metrics
    assert {"cpu exact fp32", "gpu exact fp32", "gpu exact fp16", "VectorIndex.search (GPU copy, fp16)",
            "filtered"} <= set(rows)
    ivf = [name for name in rows if name.startswith("VectorIndex ivf")]  # 250K: above the exact threshold
    assert len(ivf) == 2 and rows[ivf[0]]["recall@10"] == pytest.approx(rows[ivf[1]]["recall@10"], abs=0.02)
    assert rows["cpu exact fp32"]["recall@10"] == 1.0 and rows["gpu exact fp32"]["recall@10"] >= 0.99
    assert rows["gpu exact fp16"]["recall@10"] >= 0.95  # float16 rounding swaps near-ties only
    assert rows["gpu exact fp16"]["bound_ms"] == pytest.approx(rows["gpu exact fp32"]["bound_ms"] / 2, abs=2e-4)
    for name, filtered in rows["filtered"].items():
        assert filtered["gpu_inside_and_full"] and filtered["cpu_inside_and_full"], name
        assert filtered["gpu_recall@10"] == filtered["cpu_recall@10"] == 1.0, name
    assert rows["filtered"]["10.0% of rows"]["answered_on_gpu"] > 0.9  # 25,000 rows: above the subset path
    assert result.details["gpu_copy_made"] is True
    small = ["--n", "5000", "--dim", "32", "--queries", "5", "--cpu-queries", "5", "--batch", "16"]
    assert main(["bench-gpu", *small]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["system", "MB", "p50"] and json.loads(out[-1])["n"] == 5000
