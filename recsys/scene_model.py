"""The multimodal scene model: frozen encoders in, a small gated-fusion head out.

Text (all-MiniLM-L6-v2 sentence vector), photo (EfficientNet-Lite0 pooled features) and the
conversation context (previous scene distribution, what the bot did last, products on screen,
turn position, widget event) are each mapped to a hidden vector; a gate computed from all three
scales how much each contributes to this turn. The gate is what makes a short follow-up work:
for "in blue?" the text says little, so the context carries the decision, while "where is my
order 1042" outweighs any context. The gate values are also the modality weights the
explanation reports.

Three variants are trained side by side from the same data (``text``, ``text+context``,
``full``) so the evaluation can show what each input adds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

SCENES = ("service", "search", "recommend", "chitchat")
BOT_ACTIONS = ("none", "products", "recommendations", "service_answer", "order_prompt", "smalltalk")
EVENTS = ("none", "view", "more_like_this", "add_to_cart")
CONTEXT_NAMES = (
    [f"prev_{s}" for s in SCENES] + ["first_turn"] + [f"bot_{a}" for a in BOT_ACTIONS]
    + ["products_on_screen", "any_products_on_screen", "turn_position"] + [f"event_{e}" for e in EVENTS]
    + ["has_photo", "no_words"]
)
CONTEXT_DIM = len(CONTEXT_NAMES)
VARIANTS = {"text": ("text",), "text+context": ("text", "context"), "full": ("text", "image", "context")}


@dataclass
class TurnContext:
    """What the model may know about a turn besides its own words and photo."""

    previous_probs: dict[str, float] | None = None  # None on the first turn
    bot_action: str = "none"
    products_on_screen: int = 0
    turn_index: int = 0
    event: str = "none"
    has_photo: bool = False
    no_words: bool = False

    def vector(self) -> np.ndarray:
        v = np.zeros(CONTEXT_DIM, dtype=np.float32)
        if self.previous_probs:
            for i, s in enumerate(SCENES):
                v[i] = float(self.previous_probs.get(s, 0.0))
        else:
            v[4] = 1.0
        v[5 + (BOT_ACTIONS.index(self.bot_action) if self.bot_action in BOT_ACTIONS else 0)] = 1.0
        base = 5 + len(BOT_ACTIONS)
        v[base] = min(self.products_on_screen, 10) / 10.0
        v[base + 1] = float(self.products_on_screen > 0)
        v[base + 2] = min(self.turn_index, 20) / 20.0
        v[base + 3 + (EVENTS.index(self.event) if self.event in EVENTS else 0)] = 1.0
        v[-2] = float(self.has_photo)
        v[-1] = float(self.no_words)
        return v


def bot_action_after(scene: str | None, text: str) -> str:
    """What the bot most likely did after a turn of ``scene``: the conversation files only say
    what the shopper wrote, so files and training both derive the bot's move the same way
    (the live assistant uses what it really did)."""
    if scene is None:
        return "none"
    if scene == "search":
        return "products"
    if scene == "recommend":
        return "recommendations"
    if scene == "service":
        lowered = text.lower()
        asks_order = any(w in lowered for w in ("order", "package", "parcel", "delivery", "track", "stuff"))
        return "order_prompt" if asks_order and not any(c.isdigit() for c in lowered) else "service_answer"
    return "smalltalk"


class SceneNet(nn.Module):
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
            absent = image_mask < 0.5
            gate_logits[:, i] = gate_logits[:, i].masked_fill(absent, -1e4)
        gates = torch.softmax(gate_logits, dim=-1)
        # Gated vectors side by side (not summed): the head can still combine "vague words" with
        # "the last turn was a search", while the gate says how much each input counted.
        fused = torch.cat([gates[:, k:k + 1] * h * len(hs) for k, h in enumerate(hs)], dim=-1)
        return self.head(fused), gates


@dataclass
class TurnBatch:
    text: np.ndarray  # (n, 384)
    image: np.ndarray  # (n, 1280), zeros where no photo
    image_mask: np.ndarray  # (n,)
    context: np.ndarray  # (n, CONTEXT_DIM)
    labels: np.ndarray  # (n,)

    def tensors(self, idx: np.ndarray | slice = slice(None)) -> tuple[torch.Tensor, ...]:
        return (torch.from_numpy(self.text[idx]), torch.from_numpy(self.image[idx]),
                torch.from_numpy(self.image_mask[idx]), torch.from_numpy(self.context[idx]))


def predict(net: SceneNet, batch: TurnBatch) -> tuple[np.ndarray, np.ndarray]:
    net.eval()
    with torch.no_grad():
        logits, gates = net(*batch.tensors())
    return torch.softmax(logits, dim=-1).numpy(), gates.numpy()


def train_net(modalities: tuple[str, ...], batch: TurnBatch, seed: int, epochs: int = 25,
              lr: float = 2e-3) -> SceneNet:
    """Deterministic for a fixed seed (single-threaded CPU math)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    net = SceneNet(modalities, batch.text.shape[1], batch.image.shape[1])
    counts = np.bincount(batch.labels, minlength=len(SCENES)).astype(np.float32)
    weights = torch.from_numpy(counts.sum() / (len(SCENES) * np.maximum(counts, 1)))
    loss_fn = nn.CrossEntropyLoss(weight=weights, label_smoothing=0.05)
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=1e-3)
    gen = torch.Generator().manual_seed(seed)
    labels = torch.from_numpy(batch.labels)
    n = len(labels)
    for _ in range(epochs):
        net.train()
        perm = torch.randperm(n, generator=gen).numpy()
        for start in range(0, n, 128):
            idx = perm[start:start + 128]
            opt.zero_grad()
            logits, _ = net(*batch.tensors(idx))
            loss_fn(logits, labels[idx]).backward()
            opt.step()
    return net.eval()
