"""What every command group shares: exit codes, JSON lines, logging, conversation files, scene parts."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from recsys.settings import Settings

EXIT_OK, EXIT_USAGE, EXIT_DATA = 0, 2, 3

# Characters that some line readers (Python's str.splitlines, JavaScript) take for line breaks
# but json.dumps(ensure_ascii=False) leaves raw inside strings.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(obj: object) -> str:
    """One JSON document on exactly one line, readable (non-ASCII kept) by any line reader."""
    text = json.dumps(obj, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text


def error(message: str) -> None:
    """Print ``error: message`` to stderr."""
    print(f"error: {message}", file=sys.stderr)


def setup_logging(level: str) -> None:
    """Log to stderr at ``level``; chatty libraries only from WARNING."""
    logging.basicConfig(level=level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("sentence_transformers", "transformers", "httpx", "faiss"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def read_conversations(path: Path) -> tuple[list[dict], list[str]]:
    """Conversations and one `file:line: reason` per line that is not one."""
    convs, problems = [], []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                conv = json.loads(line)
                turns = conv["turns"]
                if not isinstance(turns, list) or not all(isinstance(t, dict) for t in turns):
                    raise TypeError("'turns' is not a list of objects")
                for i, turn in enumerate(turns, 1):
                    for key in ("text", "image"):
                        if turn.get(key) is not None and not isinstance(turn[key], str):
                            raise TypeError(f"turn {i}: '{key}' is not a string")
                    if len(turn.get("image") or "") > 4096:
                        raise TypeError(f"turn {i}: 'image' is not a usable path")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                problems.append(f"{path}:{lineno}: not a conversation ({exc})")
                continue
            conv.setdefault("id", str(lineno))
            convs.append(conv)
    return convs, problems


def scene_detector(settings: Settings, explain_words: bool = True):
    """The configured scene detector on the configured text encoder."""
    from recsys.encoders.text import text_encoder_for
    from recsys.scene.detector import SceneDetector

    return SceneDetector.from_settings(settings, text_encoder_for(settings), explain_words)


def featurizer(settings: Settings):
    """Turn features (text, photo) for scene detection, through the embedding cache."""
    from recsys.encoders.cache import EmbeddingCache
    from recsys.encoders.image import get_image_encoder
    from recsys.encoders.text import text_encoder_for
    from recsys.scene.featurizer import Featurizer

    return Featurizer(text_encoder_for(settings),
                      lambda: get_image_encoder(settings.image_projection_path, settings.device),
                      EmbeddingCache(settings.embedding_cache_path))
