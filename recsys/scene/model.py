"""The multimodal turn model: frozen encoders in, one shared trunk, a head per task out.

Text (all-MiniLM-L6-v2 sentence vector), photo (EfficientNet-Lite0 pooled features) and the
conversation context (previous scene distribution, what the bot did last, products on screen,
turn position, widget event) are each mapped to a hidden vector; a gate computed from all three
scales how much each contributes to this turn. The gate is what makes a short follow-up work:
for "in blue?" the text says little, so the context carries the decision, while "where is my
order 1042" outweighs any context. The gate values are also the modality weights the
explanation reports.

From the fused vector one trunk feeds four heads (multi-task learning: the tasks share what a
turn means): the scene, the dialogue act, which shown item a pointer means, and, per word
piece of the turn, a BIO tag of the attribute slots (the tagger reads the encoder's token
states next to the trunk's turn vector).

Three variants are trained side by side from the same data (``text``, ``text+context``,
``full``) so the evaluation can show what each input adds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

SCENES = ("service", "search", "recommend", "chitchat")
ACTS = ("search_product", "refine", "ask_about_shown", "add_to_cart", "remove_from_cart", "show_cart", "compare",
        "sort", "state_preference", "recommend", "order_status", "provide_order_info", "return_request", "refund",
        "delivery", "payment", "account", "policy", "handoff", "greet", "thank", "bye", "smalltalk", "out_of_scope",
        "other_language", "affirm", "deny", "cancel_task", "correction")
REFS = ("none", "1", "2", "3", "4", "5", "last", "it", "other")
SLOT_TYPES = ("product_type", "color", "size", "gender", "price_min", "price_max", "brand", "negation",
              "superlative")
# The scene an act belongs to; follow-up acts (affirm, deny, cancel, correction) take the scene of
# the task they answer (None).
ACT_SCENES = {
    "search_product": "search", "refine": "search", "ask_about_shown": "search", "add_to_cart": "search",
    "remove_from_cart": "search", "show_cart": "search", "compare": "search", "sort": "search",
    "state_preference": "search", "recommend": "recommend",
    "order_status": "service", "provide_order_info": "service", "return_request": "service", "refund": "service",
    "delivery": "service", "payment": "service", "account": "service", "policy": "service", "handoff": "service",
    "greet": "chitchat", "thank": "chitchat", "bye": "chitchat", "smalltalk": "chitchat", "out_of_scope": "chitchat",
    "other_language": "chitchat", "affirm": None, "deny": None, "cancel_task": None, "correction": None,
}
SLOT_TAGS = ("O",) + tuple(f"{p}-{s}" for s in SLOT_TYPES for p in ("B", "I"))
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
        """The context as the model's input features, in ``CONTEXT_NAMES`` order."""
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
    """What the bot most likely did after a turn of ``scene``.

    The conversation files only say what the shopper wrote, so files and training both derive
    the bot's move the same way (the live assistant uses what it really did).
    """
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


@dataclass
class TurnOutput:
    """What the net says about a batch of turns: logits per head, gate weights, token tags."""

    scene: torch.Tensor  # (n, len(SCENES))
    act: torch.Tensor  # (n, len(ACTS))
    ref: torch.Tensor  # (n, len(REFS))
    gates: torch.Tensor  # (n, modalities)
    tags: torch.Tensor | None  # (n, tokens, len(SLOT_TAGS)), when token states were given


class TurnNet(nn.Module):
    """Gated fusion of the modalities, a shared trunk, and the scene / act / reference / slot-tag heads."""

    def __init__(self, modalities: tuple[str, ...], text_dim: int = 384, image_dim: int = 1280,
                 hidden: int = 128, dropout: float = 0.15, tag_hidden: int = 64) -> None:
        super().__init__()
        self.modalities = modalities
        dims = {"text": text_dim, "image": image_dim, "context": CONTEXT_DIM}
        self.encoders = nn.ModuleDict({
            m: nn.Sequential(nn.Linear(dims[m], hidden), nn.GELU(), nn.Dropout(dropout)) for m in modalities})
        self.gate = nn.Linear(hidden * len(modalities), len(modalities))
        self.trunk = nn.Sequential(nn.Linear(hidden * len(modalities), hidden), nn.GELU(), nn.Dropout(dropout))
        self.scene_head = nn.Linear(hidden, len(SCENES))
        self.act_head = nn.Linear(hidden, len(ACTS))
        self.ref_head = nn.Linear(hidden, len(REFS))
        # The tagger: each token state, projected small, next to the turn vector; a width-3
        # convolution lets a tag see its neighbours ("under $ 40", "not black").
        self.token_proj = nn.Linear(text_dim, tag_hidden)
        self.turn_proj = nn.Linear(hidden, tag_hidden)
        self.tag_conv = nn.Conv1d(tag_hidden, tag_hidden, kernel_size=3, padding=1)
        self.tag_out = nn.Linear(tag_hidden, len(SLOT_TAGS))

    def forward(self, text: torch.Tensor, image: torch.Tensor, image_mask: torch.Tensor, context: torch.Tensor,
                tokens: torch.Tensor | None = None) -> TurnOutput:
        """Every head's logits for a batch; ``tokens`` (n, t, text_dim), zero-padded, adds the slot tags."""
        inputs = {"text": text, "image": image, "context": context}
        hs = [self.encoders[m](inputs[m]) for m in self.modalities]
        gate_logits = self.gate(torch.cat(hs, dim=-1))
        if "image" in self.modalities:
            i = self.modalities.index("image")
            absent = image_mask < 0.5
            gate_logits[:, i] = gate_logits[:, i].masked_fill(absent, -1e4)
        gates = torch.softmax(gate_logits, dim=-1)
        # Gated vectors side by side (not summed): the trunk can still combine "vague words" with
        # "the last turn was a search", while the gate says how much each input counted.
        fused = torch.cat([gates[:, k:k + 1] * h * len(hs) for k, h in enumerate(hs)], dim=-1)
        h = self.trunk(fused)
        tags = None
        if tokens is not None:
            x = torch.nn.functional.gelu(self.token_proj(tokens) + self.turn_proj(h)[:, None, :])
            x = torch.nn.functional.gelu(self.tag_conv(x.transpose(1, 2)).transpose(1, 2)) + x
            tags = self.tag_out(x)
        return TurnOutput(self.scene_head(h), self.act_head(h), self.ref_head(h), gates, tags)


class SceneModelError(RuntimeError):
    """Scene weights are missing, corrupt or for another encoder."""


@dataclass
class SceneModelFile:
    """The scene model on disk: weights in ``NAME.pt``, metadata in ``NAME.json``.

    ``NAME.pt`` holds the state dicts, an ensemble per variant; ``NAME.json`` beside it the
    metadata (encoder, labels, dimensions, switching filter, dev figures).

    This class owns the format: training writes it with ``save``, the detector reads it with
    ``load``; both files are replaced atomically so a reader never sees half a model.
    """

    nets: dict[str, list[TurnNet]]
    meta: dict

    def save(self, path: Path) -> None:
        """Write weights and metadata next to each other, each atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        torch.save({name: [net.state_dict() for net in members] for name, members in self.nets.items()}, tmp)
        tmp.replace(path)
        meta_tmp = path.with_suffix(".json.tmp")
        meta_tmp.write_text(json.dumps(self.meta, indent=1) + "\n")
        meta_tmp.replace(path.with_suffix(".json"))

    @classmethod
    def load(cls, path: Path, encoder_name: str) -> SceneModelFile:
        """Read a saved model; SceneModelError when missing, corrupt or made for another encoder."""
        meta_path = path.with_suffix(".json")
        if not path.exists() or not meta_path.exists():
            raise SceneModelError(f"scene model {path} not found; run `recsys train-scene`")
        try:
            meta = json.loads(meta_path.read_text())
            states = torch.load(path, map_location="cpu", weights_only=True)
            nets: dict[str, list[TurnNet]] = {}
            for name, mods in VARIANTS.items():
                nets[name] = []
                for state in states[name]:  # an ensemble: one net per training seed
                    net = TurnNet(mods, meta["text_dim"], meta["image_dim"], meta["hidden"])
                    net.load_state_dict(state)
                    nets[name].append(net.eval())
        except (OSError, KeyError, RuntimeError, ValueError, TypeError) as exc:
            raise SceneModelError(f"scene model {path} is unreadable ({exc}); run `recsys train-scene`") from exc
        if meta.get("encoder") != encoder_name or tuple(meta.get("labels", ())) != SCENES:
            raise SceneModelError(f"scene model {path} was trained for {meta.get('encoder')}/{meta.get('labels')}")
        if (tuple(meta.get("acts", ())) != ACTS or tuple(meta.get("refs", ())) != REFS
                or tuple(meta.get("slot_tags", ())) != SLOT_TAGS):
            raise SceneModelError(f"scene model {path} has other acts, references or slots; run `recsys train-scene`")
        if meta.get("context_features") != list(CONTEXT_NAMES):
            raise SceneModelError(
                f"scene model {path} was trained with other context features; run `recsys train-scene`")
        return cls(nets, meta)
