"""The ONNX Runtime text backends against torch: the same vectors within a bound, the same word pieces.

The first test exports the packaged model into the session's temporary var dir (about 4 s for
onnx, 2 s more for onnx-int8 on 2 CPU cores); nothing is downloaded.
"""

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from recsys.datasets.scene_data import DEV_CONVERSATIONS, read_jsonl
from recsys.encoders.text import TextEncoder, text_encoder_for
from recsys.search.index_folder import model_tags
from recsys.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[3]
# Least and mean cosine to torch's sentence vectors. fp32 ONNX is the same arithmetic (measured
# 1.00000 everywhere). int8 measured min 0.987 / mean 0.996 on 1,000 dev turns one at a time and
# 0.982 / 0.996 batched (recsys bench-scene --backends, docs/scene-model.md); the bounds leave room
# for another CPU's int8 kernels, and a broken quantization lands far below them (0.78 was seen
# with one scale per weight tensor).
SENTENCE = {"onnx": (0.9999, 0.99999), "onnx-int8": (0.97, 0.99)}
# Per word piece: the states before pooling, which the slot tagger reads.
PIECES = {"onnx": (0.9999, 0.99999), "onnx-int8": (0.93, 0.99)}
EDGE = ["", "hi", "👍🙂", "¿dónde está mi pedido?", "ORDER #1042!!!", "where is my order 1042? " * 40]


def texts() -> list[str]:
    turns = sorted({t["text"] for c in read_jsonl(DEV_CONVERSATIONS) for t in c["turns"] if t.get("text")})
    return random.Random(11).sample(turns, 60) + EDGE


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1) / np.maximum(np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1), 1e-12)


@pytest.fixture(scope="module")
def torch_encoder(settings):
    return text_encoder_for(settings, "torch")


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_backend_vectors_are_close_to_torch(settings, torch_encoder, backend):
    enc = text_encoder_for(settings, backend)
    assert enc.backend == backend and enc.dim == torch_encoder.dim and enc.tag == f"all-MiniLM-L6-v2+{backend}"
    sample = texts()
    least, mean = SENTENCE[backend]
    one = np.stack([enc.encode([t])[0] for t in sample])  # the live path, one turn at a time
    c = cosines(np.stack([torch_encoder.encode([t])[0] for t in sample]), one)
    assert c.min() >= least and c.mean() >= mean, (c.min(), c.mean())
    batched = enc.encode(sample)
    c = cosines(torch_encoder.encode(sample), batched)
    assert c.min() >= least and c.mean() >= mean, (c.min(), c.mean())
    assert batched.dtype == np.float32 and np.allclose(np.linalg.norm(batched, axis=1), 1, atol=1e-4)


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_backend_token_states_are_pieces_before_pooling_with_torchs_offsets(settings, torch_encoder, backend):
    enc = text_encoder_for(settings, backend)
    least, mean = PIECES[backend]
    found = []
    for text in texts():
        want, got = torch_encoder.token_states(text), enc.token_states(text)
        assert got is not None and got.states.dtype == np.float32
        assert got.states.shape == want.states.shape and got.offsets == want.offsets, text
        found.append(cosines(want.states, got.states))
        # Last hidden states before pooling: their mean is the sentence vector (the model mean-pools).
        pooled = got.states.mean(axis=0)
        assert float(pooled @ enc.encode([text])[0]) / np.linalg.norm(pooled) > 0.99999
    c = np.concatenate(found)
    assert c.min() >= least and c.mean() >= mean, (c.min(), c.mean())
    batch = enc.token_states_batch(EDGE)
    assert [(b.states.shape, b.offsets) for b in batch] == \
        [(b.states.shape, b.offsets) for b in torch_encoder.token_states_batch(EDGE)]
    assert enc.word_occlusions("red hoodie for men", [(0, 3), (4, 10)]).shape == (2, enc.dim)


def test_exported_files_are_cached_by_name_and_left_whole(settings):
    text_encoder_for(settings, "onnx-int8")
    files = sorted(p.name for p in settings.text_model_cache_dir.iterdir())
    assert len(files) == 2 and all(f.startswith("all-MiniLM-L6-v2-") and f.endswith(".onnx") for f in files)
    assert any("-onnx-int8-" in f for f in files), files
    stamp = {p.name: p.stat().st_mtime_ns for p in settings.text_model_cache_dir.iterdir()}
    # Another encoder (as in a new process) reads the files, and makes none again.
    TextEncoder("all-MiniLM-L6-v2", backend="onnx-int8", cache_dir=settings.text_model_cache_dir)
    assert {p.name: p.stat().st_mtime_ns for p in settings.text_model_cache_dir.iterdir()} == stamp


def test_two_processes_making_the_file_at_once_both_get_it(tmp_path):
    probe = ("import sys; from pathlib import Path; from recsys.encoders.text import TextEncoder; "
             "e = TextEncoder('all-MiniLM-L6-v2', backend='onnx', cache_dir=Path(sys.argv[1])); "
             "print(round(float(e.encode(['red hoodie'])[0][:8].sum()), 4))")
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    runs = [subprocess.Popen([sys.executable, "-c", probe, str(tmp_path)], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outs]
    assert outs[0][0] == outs[1][0]
    names = [p.name for p in tmp_path.iterdir()]
    assert len(names) == 1 and names[0].endswith("-onnx.onnx"), names  # one file, no temporaries left


def test_backend_setting_is_checked_and_names_the_index_space(tmp_path):
    s = load_settings({"RECSYS_TEXT_BACKEND": "onnx-int8", "RECSYS_VAR_DIR": str(tmp_path)})
    assert s.text_backend == "onnx-int8" and s.text_model_cache_dir == tmp_path / "cache" / "text_models"
    # Vectors of another backend are another space: the index and the embedding cache keep them apart.
    assert model_tags(s)["text"] == "all-MiniLM-L6-v2+onnx-int8"
    torch_settings = load_settings({"RECSYS_TEXT_BACKEND": "torch", "RECSYS_VAR_DIR": str(tmp_path)})
    assert model_tags(torch_settings)["text"] == "all-MiniLM-L6-v2"  # indexes made before the backends stay valid
    assert load_settings({"RECSYS_VAR_DIR": str(tmp_path)}).text_backend == "onnx"  # the default
    with pytest.raises(SettingsError, match="text_backend"):
        load_settings({"RECSYS_TEXT_BACKEND": "openvino"})
