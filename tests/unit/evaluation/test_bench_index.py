import json

from recsys.bench.index import bench_index
from recsys.cli.bench import index_row


def test_bench_index_result_contract_and_rows():
    seen = []
    result = bench_index([300, 300], dim=16, n_queries=5, seed=1, on_row=seen.append)
    assert result.name == "bench-index" and list(result.metrics) == ["flat n=300", "flat n=300 #2"]
    assert list(result.metrics.values()) == seen
    assert result.primary_metric == "flat n=300/recall@10" and result.primary == 1.0  # flat is exact
    row = seen[0]
    assert list(row) == ["kind", "n", "build_s", "faiss_mb", "vectors_mb", "nprobe", "p50_ms", "p99_ms",
                         "filtered_p50_ms", "filtered_p99_ms", "batch_qps", "recall@10", "filtered_recall@10",
                         "filtered_full_k", "auto_choice"]
    assert (row["kind"], row["n"], row["auto_choice"], row["nprobe"]) == ("flat", 300, "flat", None)
    assert index_row(row).split()[:2] == ["300", "flat"]
    json.dumps(result.to_dict())
