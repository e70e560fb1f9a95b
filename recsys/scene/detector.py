"""Scene decisions turn by turn: the multimodal model, the switching filter, the explanation.

The switching filter is a forward (HMM) filter over scenes: this turn's model likelihood times
a transition prior built from the previous turn's posterior. The transition matrix is learned
from the training conversations and mixed with the identity by a stickiness ``beta`` (tuned on
the dev conversations, together with how strongly the prior counts, ``gamma``), so a clear shift
switches at once and an ambiguous turn keeps the scene.

Inputs a text model cannot read sensibly are decided by rule, with low confidence and a reason
in the explanation: no words (keep the scene), emoji or symbols only, another language.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import torch

from recsys.encoders.text import TextEncoder, TokenStates
from recsys.scene import slots as slot_rules
from recsys.scene.language import looks_foreign
from recsys.scene.model import (
    ACT_SCENES,
    ACTS,
    REFS,
    SCENES,
    VARIANTS,
    SceneModelError,
    SceneModelFile,
    TurnContext,
    TurnNet,
    bot_action_after,
)
from recsys.settings import Settings

log = logging.getLogger(__name__)

MAX_CHARS = 2000  # the encoder reads 256 word pieces; more text only costs time
MAX_EXPLAIN_WORDS = 24
LOW_CONFIDENCE = 0.4
WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]")
# Emoji that answer the bot's question: inside a service task they are its "yes" / "no" ("👍" while
# an order look-up waits), like the words "ok" and "no" (the label guide's follow-up acts). After a
# product list an emoji stays small talk.
ASSENT = re.compile(r"^(?:[\U0001F44D\U0001F44C\U0001F64F\u2705\u2714\U0001F197\U0001F4AF\U0001F642\U0001F60A\u263A]"
                    r"|[\U0001F3FB-\U0001F3FF\uFE0F\s!.])+$")
DISSENT = re.compile(r"^(?:[\U0001F44E\u274C\U0001F645]|[\U0001F3FB-\U0001F3FF\uFE0F\s!.])+$")
TASK_SCENES = ("service", "search", "recommend")
FOLLOW_UP_ACTS = tuple(a for a in ACTS if ACT_SCENES[a] is None)


@dataclass
class SceneDecision:
    """One turn understood: scene (before and after the switching filter), act, slots, reference, explanation."""

    scene: str  # after the switching filter
    raw_scene: str  # the model's own argmax
    probs: dict[str, float]  # filtered distribution
    shifted: bool
    explanation: dict = field(default_factory=dict)
    act: str = "smalltalk"  # the dialogue act, one that fits the scene
    act_confidence: float = 0.0
    slots: list[slot_rules.Slot] = field(default_factory=list)
    ref: str = "none"  # which shown item a pointer means: "1".."5", "last", "it", "other" or "none"

    def slot_values(self) -> dict[str, str | float]:
        """The first value of each slot, normalised (prices as numbers, superlatives as a sort order)."""
        out: dict[str, str | float] = {}
        for s in self.slots:
            out.setdefault(s.name, slot_rules.normalize(s.name, s.value))
        return out


@dataclass
class HeadOutputs:
    """The ensemble's averaged probabilities for a batch of turns."""

    scene: np.ndarray
    gates: np.ndarray
    act: np.ndarray
    ref: np.ndarray
    tags: np.ndarray | None  # (n, pieces, tags)


def act_for_scene(act_probs: np.ndarray, scene: str) -> int:
    """The most likely act that fits ``scene`` (its own acts and the follow-up acts)."""
    allowed = np.array([ACT_SCENES[a] in (scene, None) for a in ACTS])
    return int(np.where(allowed, act_probs, -1.0).argmax())


def as_dict(p: np.ndarray) -> dict[str, float]:
    """A distribution over ``SCENES`` as a rounded dict by scene name."""
    return {s: round(float(x), 4) for s, x in zip(SCENES, p, strict=True)}


def log_odds(p: float | np.ndarray) -> float | np.ndarray:
    """log(p / (1 - p)), clipped away from 0 and 1."""
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(q / (1 - q))


def low_confidence(scene: str) -> np.ndarray:
    """A distribution that leans to ``scene`` with only ``LOW_CONFIDENCE`` (for inputs decided by rule)."""
    p = np.full(len(SCENES), (1 - LOW_CONFIDENCE) / (len(SCENES) - 1), dtype=np.float32)
    p[SCENES.index(scene)] = LOW_CONFIDENCE
    return p


@dataclass(frozen=True)
class SwitchFilter:
    """One forward (HMM) step: this turn's likelihood times a transition prior from the last posterior."""

    transitions: np.ndarray  # (4, 4) row-stochastic, learned from training conversations
    prior: np.ndarray  # class frequencies of the training turns
    beta: float  # stickiness: weight of the identity mixed into the transitions
    gamma: float  # how strongly the transition prior counts (0 = no filter)

    def __call__(self, likelihood: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
        """The filtered distribution; the likelihood itself on a first turn or with ``gamma`` 0."""
        if previous is None or self.gamma == 0:
            return likelihood
        trans = (1 - self.beta) * self.transitions + self.beta * np.eye(len(SCENES))
        predicted = previous @ trans
        post = (likelihood / self.prior) * predicted ** self.gamma
        return post / post.sum()


class SceneDetector:
    """Loads the shipped variants; ``decide`` is one live turn, ``run`` a whole conversation."""

    def __init__(self, encoder: TextEncoder, nets: dict[str, list[TurnNet]], switch: SwitchFilter, meta: dict,
                 explain_words: bool = True) -> None:
        self.encoder = encoder
        self.nets = nets
        self.switch = switch
        self.meta = meta
        self.explain_words = explain_words

    @classmethod
    def load(cls, path: Path, encoder: TextEncoder, stickiness: float | None = None,
             explain_words: bool = True, prior_strength: float | None = None) -> SceneDetector:
        """Read the model file; ``stickiness`` and ``prior_strength`` override the tuned ``beta`` and ``gamma``.

        SceneModelError when unusable.
        """
        model = SceneModelFile.load(path, encoder.name)
        meta = model.meta
        try:
            switch = SwitchFilter(np.array(meta["transitions"], dtype=np.float64),
                                  np.array(meta["class_prior"], dtype=np.float64),
                                  float(meta["beta"] if stickiness is None else stickiness),
                                  float(meta["gamma"] if prior_strength is None else prior_strength))
        except (KeyError, TypeError, ValueError) as exc:
            raise SceneModelError(f"scene model {path} has no usable switching filter ({exc})") from exc
        return cls(encoder, model.nets, switch, meta, explain_words)

    @classmethod
    def from_settings(cls, settings: Settings, encoder: TextEncoder, explain_words: bool = True) -> SceneDetector:
        """The detector as configured: a negative ``scene_stickiness`` means the tuned value."""
        return cls.load(settings.scene_model_path, encoder,
                        settings.scene_stickiness if settings.scene_stickiness >= 0 else None,
                        explain_words=explain_words and settings.scene_explain_words,
                        prior_strength=settings.scene_prior_strength if settings.scene_prior_strength >= 0 else None)

    @property
    def version(self) -> str:
        """The model file's version, for explanations and logs."""
        return str(self.meta.get("version", "?"))

    # ---- the model ----------------------------------------------------------------------------
    def _inputs(self, text_vecs: np.ndarray, image_vec: np.ndarray | None,
                contexts: np.ndarray) -> tuple[torch.Tensor, ...]:
        """The nets' inputs for a batch of turns sharing one photo (or none): text, image, mask, context."""
        n = len(text_vecs)
        image = np.zeros((n, self.meta["image_dim"]), dtype=np.float32)
        mask = np.zeros(n, dtype=np.float32)
        if image_vec is not None:
            image[:] = image_vec
            mask[:] = 1.0
        return (torch.from_numpy(text_vecs), torch.from_numpy(image), torch.from_numpy(mask),
                torch.from_numpy(contexts))

    def _forward(self, variant: str, text_vecs: np.ndarray, image_vec: np.ndarray | None,
                 contexts: np.ndarray, tokens: np.ndarray | None = None) -> HeadOutputs:
        inputs = self._inputs(text_vecs, image_vec, contexts)
        tok = torch.from_numpy(tokens) if tokens is not None else None
        outs = []
        with torch.no_grad():
            for net in self.nets[variant]:
                outs.append(net(*inputs, tokens=tok))

        def mean(get) -> np.ndarray:
            return torch.stack([get(o) for o in outs]).mean(0).numpy()

        return HeadOutputs(mean(lambda o: torch.softmax(o.scene, -1)), mean(lambda o: o.gates),
                           mean(lambda o: torch.softmax(o.act, -1)), mean(lambda o: torch.softmax(o.ref, -1)),
                           mean(lambda o: torch.softmax(o.tags, -1)) if tok is not None else None)

    def _text_vectors(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode([t[:MAX_CHARS] for t in texts])

    def step(self, text: str, context: TurnContext, previous: np.ndarray | None, *, variant: str = "full",
             use_filter: bool = True, text_vec: np.ndarray | None = None, image_vec: np.ndarray | None = None,
             explain: bool = False, tokens: TokenStates | None = None, understand: bool = True) -> SceneDecision:
        """Understand one turn: its scene, and with ``understand`` its act, slots and reference.

        ``previous`` is the distribution the last turn ended with (filtered or raw, whichever
        this run uses), ``context`` what else is known about the turn. ``tokens`` are the turn's
        token states when the caller has them (files); a live turn takes them from its encoding.
        """
        text = (text or "").strip()[:MAX_CHARS]
        has_words = bool(WORD.search(text))
        prev_scene = SCENES[int(np.argmax(previous))] if previous is not None else None
        expl: dict = {"model": f"scene-{self.version}/{variant}", "previous_scene": prev_scene,
                      "bot_action": context.bot_action, "products_on_screen": context.products_on_screen}
        if context.event != "none":
            expl["widget_event"] = context.event
        if image_vec is not None:
            expl["photo"] = True
        rule: tuple[np.ndarray, str] | None = None
        if not has_words and image_vec is None and context.event == "none":
            if not text:
                keep = prev_scene or "chitchat"
                rule = (low_confidence(keep), "empty message: the scene stays")
            elif prev_scene == "service" and (ASSENT.match(text) or DISSENT.match(text)):
                rule = (low_confidence(prev_scene), "emoji answer: the task's scene stays")
            else:
                rule = (low_confidence("chitchat"), "no words (emoji or symbols only)")
        elif has_words and looks_foreign(text):
            rule = (low_confidence("chitchat"), "not English: only English is understood for now")
        if rule is not None:
            probs, reason = rule
            expl["reason"] = reason
            scene = SCENES[int(probs.argmax())]
            answer = scene in TASK_SCENES and bool(text)  # an emoji answer inside a task
            act = ("other_language" if has_words else "affirm" if not text and prev_scene
                   else "affirm" if answer and ASSENT.match(text) else "deny" if answer else "smalltalk")
            return SceneDecision(scene, scene, as_dict(probs), bool(prev_scene and scene != prev_scene),
                                 expl, act=act, act_confidence=LOW_CONFIDENCE, slots=slot_rules.rule_slots(text))

        context = replace(context, previous_probs=as_dict(previous) if previous is not None else None,
                          has_photo=image_vec is not None, no_words=not has_words)
        if text_vec is None:
            text_vec = self._text_vectors([text])[0]
        ctx = context.vector()[None, :]
        if understand and tokens is None and has_words:
            tokens = self.encoder.token_states(text)
        piece_states = tokens.states[None, :, :] if (understand and tokens is not None) else None
        out = self._forward(variant, text_vec[None, :], image_vec, ctx, piece_states)
        raw = out.scene[0]
        post = self.switch(raw, previous) if use_filter else raw
        scene, raw_scene = SCENES[int(post.argmax())], SCENES[int(raw.argmax())]
        mods = VARIANTS[variant]
        expl["modality_weights"] = {m: round(float(g), 3) for m, g in zip(mods, out.gates[0], strict=True)}
        expl["model_confidence"] = round(float(raw.max()), 3)
        if use_filter and previous is not None:
            expl["kept_by_filter"] = bool(raw_scene != scene and scene == prev_scene)
        if explain:
            self._explain(expl, variant, text, text_vec, image_vec, ctx, SCENES.index(raw_scene), float(raw.max()))
        decision = SceneDecision(scene, raw_scene, as_dict(post), bool(prev_scene and scene != prev_scene), expl)
        if understand and scene == "chitchat" and prev_scene in TASK_SCENES \
                and ACTS[int(out.act[0].argmax())] in FOLLOW_UP_ACTS:
            # "ok great" / "no i only clicked once" answer the task at hand: a follow-up act takes the
            # scene of the task it answers (the distribution is left as the model and filter gave it).
            scene = prev_scene
            decision = replace(decision, scene=scene, shifted=False)
            expl["reason"] = "follow-up answer: the task's scene stays"
        if understand:
            a = act_for_scene(out.act[0], scene)
            decision.act, decision.act_confidence = ACTS[a], round(float(out.act[0, a]), 3)
            decision.ref = REFS[int(out.ref[0].argmax())]
            decision.slots = self._slots(text, tokens, out.tags[0] if out.tags is not None else None, scene)
            expl["act"] = {"act": decision.act, "confidence": decision.act_confidence}
        return decision

    @staticmethod
    def _slots(text: str, tokens: TokenStates | None, tag_probs: np.ndarray | None,
               scene: str) -> list[slot_rules.Slot]:
        """The tagger's slots and the exact ones; a price and an order number on the same digits: the scene decides.

        "sofa under 1500" is shopping, so 1500 is a price; "where is 1042" is service, so it is an
        order number.
        """
        exact = slot_rules.rule_slots(text)
        tagged = slot_rules.decode(text, tokens, tag_probs) if tokens is not None and tag_probs is not None else []
        tagged = [slot_rules.price_bound(text, s) for s in tagged
                  if s.name not in ("price_min", "price_max") or any(c.isdigit() for c in s.value)]
        shopping = scene in ("search", "recommend")
        keep_exact = [e for e in exact if not (
            shopping and e.name == "order_number" and "#" not in text[max(0, e.start - 1):e.start]
            and any(s.name.startswith("price") and s.start < e.end and e.start < s.end for s in tagged))]
        keep = [s for s in tagged if not any(s.start < e.end and e.start < s.end for e in keep_exact)]
        return sorted(keep + keep_exact, key=lambda s: s.start)

    def _explain(self, expl: dict, variant: str, text: str, text_vec: np.ndarray, image_vec: np.ndarray | None,
                 ctx: np.ndarray, label: int, p: float) -> None:
        """Context contribution by ablation; top words by occlusion (drop one word, re-encode).

        Both are read from one batched pass of the nets (a row with a neutral context, then a row
        per occluded word): the same figures as separate passes, at one pass's overhead per turn.
        """
        texts, contexts = [], []
        ablate = "context" in VARIANTS[variant]
        if ablate:
            texts.append(text_vec[None, :])
            contexts.append(TurnContext(has_photo=image_vec is not None,
                                        no_words=not bool(WORD.search(text))).vector()[None, :])
        found = list(re.finditer(r"\S+", text))[:MAX_EXPLAIN_WORDS]
        words = [m.group(0) for m in found] if self.explain_words else []
        if words:
            # Occlusion: how much the scene's probability drops without each word. The vectors
            # come from the turn's one encoder pass (pooling occlusion, see recsys/encoders/text.py); a model
            # that cannot do that re-encodes each shortened text.
            vecs = self.encoder.word_occlusions(text, [m.span() for m in found])
            if vecs is None:
                vecs = self._text_vectors([" ".join(words[:i] + words[i + 1:]) for i in range(len(words))])
            texts.append(np.asarray(vecs, dtype=np.float32))
            contexts.append(np.repeat(ctx, len(words), axis=0))
        if not texts:
            return
        probs = self._forward(variant, np.vstack(texts).astype(np.float32), image_vec,
                              np.vstack(contexts).astype(np.float32)).scene
        if ablate:
            expl["context_contribution"] = round(p - float(probs[0, label]), 3)
            probs = probs[1:]
        if words:
            # The loss in log-odds: a sure model (p 0.999 -> 0.99) still shows which words carry it,
            # where a drop in probability would round to nothing for every word.
            drops = log_odds(p) - log_odds(probs[:, label])
            order = np.argsort(-drops)[:3]
            expl["top_words"] = [[words[i], round(float(drops[i]), 3)] for i in order if drops[i] > 0.05]

    # ---- a whole conversation (CLI, evaluation) -----------------------------------------------
    def run(self, turns: list[dict], *, variant: str = "full", use_filter: bool = True, explain: bool = False,
            text_vecs: np.ndarray | None = None, image_vecs: list[np.ndarray | None] | None = None,
            token_states: list[TokenStates] | None = None, understand: bool = True) -> list[SceneDecision]:
        """Understand every turn of a conversation; each turn sees only the turns before it.

        The bot's moves are not in the file, so they are derived from the scenes decided so far
        (``bot_action_after``).
        """
        texts = [str((t or {}).get("text") or "") for t in turns]
        if text_vecs is None:
            text_vecs = self._text_vectors(texts) if texts else np.zeros((0, self.encoder.dim), np.float32)
        if understand and token_states is None:
            token_states = self.encoder.token_states_batch([t.strip()[:MAX_CHARS] for t in texts])
        decisions: list[SceneDecision] = []
        previous: np.ndarray | None = None
        products = 0
        for i, turn in enumerate(turns):
            last = decisions[-1] if decisions else None
            context = TurnContext(
                bot_action=bot_action_after(last.scene if last else None, texts[i - 1] if i else ""),
                products_on_screen=products, turn_index=i, event=str((turn or {}).get("event") or "none"))
            image_vec = image_vecs[i] if image_vecs is not None else None
            d = self.step(texts[i], context, previous, variant=variant, use_filter=use_filter, text_vec=text_vecs[i],
                          image_vec=image_vec, explain=explain, understand=understand,
                          tokens=token_states[i] if token_states is not None else None)
            if (turn or {}).get("image_error"):
                d.explanation["photo_error"] = turn["image_error"]
            decisions.append(d)
            previous = np.array([d.probs[s] for s in SCENES], dtype=np.float64)
            if d.scene in ("search", "recommend"):
                products = 5
        return decisions


def run_conversations(detector: SceneDetector, convs: list[dict], text_vecs: list[np.ndarray],
                      image_vecs: list[list[np.ndarray | None]], variant: str, use_filter: bool) -> list[list[str]]:
    """The scenes of many featurised conversations (evaluation and filter tuning)."""
    return [[d.scene for d in detector.run(c["turns"], variant=variant, use_filter=use_filter, text_vecs=tv,
                                           image_vecs=iv, understand=False)]
            for c, tv, iv in zip(convs, text_vecs, image_vecs, strict=True)]
