"""The v3 scene model (scene head only), kept so `recsys bench-scene --baseline` can time it beside the current one.

The v3 file format is a dict of state-dict lists per variant with a JSON metadata file beside
it, the same layout as today's ``SceneModelFile``; only the net differs (no act, reference or
slot heads). Benchmark-only: nothing at run time imports this.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from torch import nn

from recsys.encoders.text import TextEncoder
from recsys.scene.detector import HeadOutputs, SceneDetector, SwitchFilter
from recsys.scene.model import ACTS, CONTEXT_DIM, REFS, SCENES, VARIANTS


class SceneNetV3(nn.Module):
    """The v3 gated-fusion scene classifier, as it shipped."""

    def __init__(self, modalities: tuple[str, ...], text_dim: int = 384, image_dim: int = 1280,
                 hidden: int = 96, dropout: float = 0.15) -> None:
        super().__init__()
        self.modalities = modalities
        dims = {"text": text_dim, "image": image_dim, "context": CONTEXT_DIM}
        self.encoders = nn.ModuleDict({
            m: nn.Sequential(nn.Linear(dims[m], hidden), nn.GELU(), nn.Dropout(dropout)) for m in modalities})
        self.gate = nn.Linear(hidden * len(modalities), len(modalities))
        self.head = nn.Sequential(nn.Linear(hidden * len(modalities), hidden), nn.GELU(), nn.Dropout(dropout),
                                  nn.Linear(hidden, len(SCENES)))

    def forward(self, text: torch.Tensor, image: torch.Tensor, image_mask: torch.Tensor,
                context: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Returns (logits, gate weights per modality)."""
        inputs = {"text": text, "image": image, "context": context}
        hs = [self.encoders[m](inputs[m]) for m in self.modalities]
        gate_logits = self.gate(torch.cat(hs, dim=-1))
        if "image" in self.modalities:
            i = self.modalities.index("image")
            gate_logits[:, i] = gate_logits[:, i].masked_fill(image_mask < 0.5, -1e4)
        gates = torch.softmax(gate_logits, dim=-1)
        fused = torch.cat([gates[:, k:k + 1] * h * len(hs) for k, h in enumerate(hs)], dim=-1)
        return self.head(fused), gates


class SceneDetectorV3(SceneDetector):
    """The v3 model behind today's detector path (rules, switching filter, explanations); scenes only."""

    @classmethod
    def load_v3(cls, path: Path, encoder: TextEncoder) -> SceneDetectorV3:
        """Read a v3 model file (``NAME.pt`` with ``NAME.json`` beside it)."""
        meta = json.loads(path.with_suffix(".json").read_text())
        states = torch.load(path, map_location="cpu", weights_only=True)
        nets = {name: [] for name in VARIANTS}
        for name, mods in VARIANTS.items():
            for state in states[name]:
                net = SceneNetV3(mods, meta["text_dim"], meta["image_dim"], meta["hidden"])
                net.load_state_dict(state)
                nets[name].append(net.eval())
        switch = SwitchFilter(np.array(meta["transitions"]), np.array(meta["class_prior"]), float(meta["beta"]),
                              float(meta["gamma"]))
        return cls(encoder, nets, switch, meta)

    def _forward(self, variant: str, text_vecs: np.ndarray, image_vec: np.ndarray | None,
                 contexts: np.ndarray, tokens: np.ndarray | None = None) -> HeadOutputs:
        n = len(text_vecs)
        inputs = self._inputs(text_vecs, image_vec, contexts)
        probs, gates = [], []
        with torch.no_grad():
            for net in self.nets[variant]:
                logits, g = net(*inputs)
                probs.append(torch.softmax(logits, dim=-1))
                gates.append(g)
        return HeadOutputs(torch.stack(probs).mean(0).numpy(), torch.stack(gates).mean(0).numpy(),
                           np.full((n, len(ACTS)), 1.0 / len(ACTS)), np.full((n, len(REFS)), 1.0 / len(REFS)), None)
