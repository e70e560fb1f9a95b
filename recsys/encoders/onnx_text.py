"""ONNX Runtime backends for the text encoder: the packaged model exported and run on the CPU.

sentence-transformers' own ``backend="onnx"`` needs Optimum, whose releases pin transformers
below the 5.x this project runs, so the export is done here with ``torch.onnx`` from the
weights already loaded, the graph is fused with ONNX Runtime's BERT optimizer and, for
``onnx-int8``, quantized with ONNX Runtime's dynamic quantizer. The result only replaces the
transformer's forward pass inside the SentenceTransformer (``OnnxTransformer``): tokenizing,
batching, pooling and normalising stay sentence-transformers' code, so a vector or a token state
means what it means with torch.

Exported files are made on first use under the settings' cache folder, named by the model's
files, the backend and the format version; each is written under a temporary name and renamed,
so two processes starting at once both end up reading a whole file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch

log = logging.getLogger(__name__)

ONNX_BACKENDS = ("onnx", "onnx-int8")
# Bump when the export below changes, so files made by an older export are not reused.
EXPORT_VERSION = 1
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Checked on every fresh export before it is kept: shop phrases of different lengths, in one padded batch.
PROBES = ["hi", "where is my order 1042? it has not arrived yet",
          "men's waterproof hiking jacket in dark green, size L, under $120", "do you take paypal"]
# Least cosine to torch's sentence vectors a fresh file must reach on PROBES: fp32 is the same
# arithmetic (1e-6 apart); int8 measured 0.979 at worst over 1,000 dev turns, so 0.95 only catches a broken file.
MIN_PROBE_COSINE = {"onnx": 0.9999, "onnx-int8": 0.95}


class OnnxTransformer(torch.nn.Module):
    """Stands in for the Hugging Face model inside sentence-transformers: the same inputs, last hidden states out."""

    def __init__(self, path: Path, config: Any, threads: int) -> None:
        super().__init__()
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        # ONNX Runtime's threads spin after each run by default; in a process that also runs torch
        # (the scene model, the photo backbone) they took the cores from it: torch's forward of a
        # turn measured 225 ms p50 instead of 6 ms beside six spinning sessions.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.config = config  # sentence-transformers reads the model's config (output_hidden_states)
        self.path = path

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor | None = None, **_ignored: Any) -> dict[str, torch.Tensor]:
        """``last_hidden_state`` (batch, pieces, dim) for a tokenized batch, as the torch model returns it."""
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        feed = {name: np.ascontiguousarray(t.detach().cpu().numpy(), dtype=np.int64)
                for name, t in zip(INPUTS, (input_ids, attention_mask, token_type_ids), strict=True)}
        (hidden,) = self.session.run(["last_hidden_state"], feed)
        return {"last_hidden_state": torch.from_numpy(hidden)}


def onnx_model_file(model: Any, model_name: str, model_dir: Path, backend: str, cache_dir: Path) -> Path:
    """The ONNX file of SentenceTransformer ``model`` (read from ``model_dir``) for ``backend``, made on first use."""
    if backend not in ONNX_BACKENDS:
        raise ValueError(f"not an ONNX backend: {backend!r}")
    cache_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{_safe(Path(model_name).name)}-{_fingerprint(model_dir)}"
    fp32 = cache_dir / f"{stem}-onnx.onnx"
    if not fp32.exists():
        _export(model, fp32)
    if backend == "onnx":
        return fp32
    weights = _int8_weight_type()
    int8 = cache_dir / f"{stem}-onnx-int8-{weights.lower()}.onnx"
    if not int8.exists():
        _quantize(model, fp32, int8, weights)
    return int8


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:60]


def _fingerprint(model_dir: Path) -> str:
    """Names the model's files (path, size, time) and the export's version, to key the cached exports."""
    h = hashlib.sha256(f"v{EXPORT_VERSION}".encode())
    for path in sorted(p for p in model_dir.rglob("*") if p.is_file()):
        st = path.stat()
        h.update(f"{path.relative_to(model_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def _temporary(final: Path) -> Path:
    return final.with_name(f".{final.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp.onnx")


def _publish(tmp: Path, final: Path, backend: str, model: Any) -> None:
    """Check a fresh file against torch on the probes, then rename it into place (atomic on one file system)."""
    cosine = _probe_cosine(model, tmp)
    if cosine < MIN_PROBE_COSINE[backend]:
        raise RuntimeError(f"the {backend} export of the text model is off: cosine {cosine:.4f} to torch on probe "
                           f"texts (needs {MIN_PROBE_COSINE[backend]}); not kept")
    os.replace(tmp, final)
    log.info("text model %s ready: %s (%.1f MB, probe cosine to torch %.5f)", backend, final,
             final.stat().st_size / 1e6, cosine)


def _export(model: Any, final: Path) -> None:
    """torch.onnx export of the transformer (fp32), fused by ONNX Runtime's BERT optimizer."""
    from onnxruntime.transformers.optimizer import optimize_model

    hf_model = model[0].auto_model
    log.info("exporting the text model to ONNX (first use of the onnx backends): %s", final)
    raw, tmp = _temporary(final), _temporary(final)
    # Eager attention: the SDPA path decides on the mask in Python, which a trace would freeze for
    # the example batch; the eager path keeps the mask arithmetic in the graph for any padding.
    previous = hf_model.config._attn_implementation
    hf_model.set_attn_implementation("eager")
    try:
        features = model.preprocess(PROBES[1:3])  # a padded batch of two
        args = tuple(features[name] for name in INPUTS)
        axes = {name: {0: "batch", 1: "pieces"} for name in (*INPUTS, "last_hidden_state")}
        with warnings.catch_warnings(), torch.no_grad():
            # The TorchScript exporter (deprecated since torch 2.9, still there in 2.13): the
            # torch.export one needs onnxscript, one more dependency, for the same BERT graph.
            warnings.simplefilter("ignore")
            torch.onnx.export(_LastHidden(hf_model).eval(), args, str(raw), dynamo=False, input_names=list(INPUTS),
                              output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17)
        config = hf_model.config
        with _quiet_onnxruntime():
            optimize_model(str(raw), model_type="bert", num_heads=int(config.num_attention_heads),
                           hidden_size=int(config.hidden_size)).save_model_to_file(str(tmp))
        _publish(tmp, final, "onnx", model)
    finally:
        hf_model.set_attn_implementation(previous)
        raw.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)


def _quantize(model: Any, fp32: Path, final: Path, weights: str) -> None:
    """Dynamic int8 quantization of the weight MatMuls, per output channel, by ONNX Runtime's quantizer."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    log.info("quantizing the ONNX text model to int8 (%s weights): %s", weights, final)
    graph = onnx.load(str(fp32)).graph
    producers = {out: node.op_type for node in graph.node for out in node.output}
    # The feed-forward output projections stay fp32: their inputs (after GELU) have the widest
    # range, and one scale per tensor for them cost the most accuracy (sentence cosine to torch
    # min 0.969 / mean 0.992 with them, 0.985 / 0.996 without, on 300 dev turns), for ~0.5 ms a turn.
    keep = [node.name for node in graph.node if node.op_type == "MatMul"
            and producers.get(node.input[0]) in {"Gelu", "BiasGelu", "FastGelu"}]
    tmp = _temporary(final)
    try:
        # Only MatMuls with constant weights: the fused attention stays fp32. DefaultTensorType: the
        # fused contrib ops have no inferred output types.
        with _quiet_onnxruntime():
            quantize_dynamic(fp32, tmp, op_types_to_quantize=["MatMul"], per_channel=True,
                             weight_type=getattr(QuantType, weights), nodes_to_exclude=keep,
                             extra_options={"MatMulConstBOnly": True, "DefaultTensorType": onnx.TensorProto.FLOAT})
        _publish(tmp, final, "onnx-int8", model)
    finally:
        tmp.unlink(missing_ok=True)


class _OnnxRuntimeChatter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR or f"{os.sep}onnxruntime{os.sep}" not in record.pathname


@contextlib.contextmanager
def _quiet_onnxruntime() -> Iterator[None]:
    """Drop ONNX Runtime's optimizer and quantizer logs below ERROR (one per fusion or tensor, some on the root)."""
    chatter = _OnnxRuntimeChatter()
    targets = [logging.getLogger(), *logging.getLogger().handlers]
    for target in targets:
        target.addFilter(chatter)
    try:
        yield
    finally:
        for target in targets:
            target.removeFilter(chatter)


def _int8_weight_type() -> str:
    """QInt8 weights where the CPU has VNNI; elsewhere QUInt8, since u8 x s8 products saturate without it."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        flags = ""
    return "QInt8" if any(f in flags for f in ("avx512_vnni", "avx_vnni", "amx_int8")) else "QUInt8"


def _probe_cosine(model: Any, path: Path) -> float:
    """Least cosine between torch's and the ONNX file's mean-pooled sentence vectors over PROBES."""
    hf_model = model[0].auto_model
    features = model.preprocess(PROBES)
    mask = features["attention_mask"].numpy().astype(np.float32)[..., None]
    with torch.inference_mode():
        want = hf_model(**{k: features[k] for k in INPUTS}).last_hidden_state.float().numpy()
    got = OnnxTransformer(path, hf_model.config, 1)(*(features[k] for k in INPUTS))["last_hidden_state"].numpy()

    def pooled(states: np.ndarray) -> np.ndarray:
        v = (states * mask).sum(axis=1) / mask.sum(axis=1)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    return float((pooled(want) * pooled(got)).sum(axis=1).min())


class _LastHidden(torch.nn.Module):
    """The Hugging Face model with positional inputs and its last hidden states as the one output (for the export)."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> torch.Tensor:
        """Last hidden states of a tokenized batch."""
        return self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                          return_dict=True).last_hidden_state
