"""`recsys eval-scene FILE`: every scene system side by side on the same labelled conversations.

Systems: the bot's own DIET intent mapped to a scene (Rasa baseline, needs the Rasa venv and a
trained model; skipped with a reason otherwise), then the ``text``, ``text+context`` and
``full`` variants of the scene model, each without and with the switching filter.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

from recsys.datasets.scene_data import INTENT_SCENES
from recsys.evaluation.scene_metrics import score
from recsys.scene.detector import SceneDetector, run_conversations
from recsys.scene.featurizer import Featurizer
from recsys.scene.model import VARIANTS
from recsys.settings import PROJECT_DIR

RASA_PYTHON = PROJECT_DIR / ".venv-rasa" / "bin" / "python"


class BaselineUnavailable(RuntimeError):
    pass


def latest_rasa_model(models_dir: Path = PROJECT_DIR / "models") -> Path:
    models = sorted(models_dir.glob("bot-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise BaselineUnavailable(f"no trained Rasa model in {models_dir} (run `make model`)")
    return models[-1]


def rasa_intents(texts: list[str], model: Path | None = None, timeout: int = 900) -> list[str | None]:
    if not RASA_PYTHON.exists():
        raise BaselineUnavailable(f"no Rasa venv at {RASA_PYTHON.parent.parent} (run `make setup`)")
    model = model or latest_rasa_model()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "intents.json"
        proc = subprocess.run([str(RASA_PYTHON), str(PROJECT_DIR / "bot" / "tools" / "rasa_intents.py"), str(model),
                               str(out)], input=json.dumps(texts), capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not out.exists():
            raise BaselineUnavailable(f"Rasa parse failed: {proc.stderr.strip()[-400:]}")
        return json.loads(out.read_text())


def rasa_baseline(convs: list[dict]) -> list[list[str]]:
    """Intent -> scene per turn; a turn with no words (photo or click only) keeps the last scene."""
    texts = [str(t.get("text") or "") for c in convs for t in c["turns"]]
    intents = iter(rasa_intents(texts))
    out = []
    for c in convs:
        scenes: list[str] = []
        for _ in c["turns"]:
            intent = next(intents)
            scene = INTENT_SCENES.get(intent or "", None)
            scenes.append(scene or (scenes[-1] if scenes else "chitchat"))
        out.append(scenes)
    return out


def evaluate(detector: SceneDetector, featurizer: Featurizer, convs: list[dict], base: Path | None,
             with_rasa: bool = True) -> list[tuple[str, dict | str]]:
    gold = [[t["scene"] for t in c["turns"]] for c in convs]
    text_vecs, image_vecs, _ = featurizer.conversations(convs, base)
    results: list[tuple[str, dict | str]] = []
    if with_rasa:
        try:
            results.append(("rasa-intent baseline", score(gold, rasa_baseline(convs))))
        except (BaselineUnavailable, subprocess.TimeoutExpired) as exc:
            results.append(("rasa-intent baseline", f"skipped: {exc}"))
    for variant in VARIANTS:
        for use_filter in (False, True):
            started = time.perf_counter()
            m = score(gold, run_conversations(detector, convs, text_vecs, image_vecs, variant, use_filter))
            m["seconds"] = round(time.perf_counter() - started, 2)
            results.append((f"{variant}{' + filter' if use_filter else ''}", m))
    return results


def format_table(results: list[tuple[str, dict | str]]) -> str:
    head = f"{'system':<24} {'acc':>6} {'macroF1':>8} {'service':>8} {'search':>8} {'recomm':>8} {'chitchat':>8} " \
           f"{'shiftP':>7} {'shiftR':>7} {'shiftF1':>7} {'delay':>6}"
    lines = [head, "-" * len(head)]
    for name, m in results:
        if isinstance(m, str):
            lines.append(f"{name:<24} {m}")
            continue
        f = m["f1"]
        delay = "-" if m["mean_delay"] is None else f"{m['mean_delay']:.2f}"
        sp, sr, sf = (("-" if m[k] is None else f"{m[k]:.3f}") for k in ("shift_precision", "shift_recall", "shift_f1"))
        lines.append(f"{name:<24} {m['accuracy']:>6.3f} {m['macro_f1']:>8.3f} {f['service']:>8.3f} {f['search']:>8.3f} "
                     f"{f['recommend']:>8.3f} {f['chitchat']:>8.3f} {sp:>7} {sr:>7} {sf:>7} {delay:>6}")
    return "\n".join(lines)
