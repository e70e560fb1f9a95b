"""One typed settings object for the whole library.

Values come, in increasing priority, from the defaults below, an optional TOML file
(``recsys.toml`` in the working directory, or the path in ``RECSYS_CONFIG``) and
``RECSYS_*`` environment variables. Keeping every knob here means the action server,
the CLI and the tests all agree on paths and behaviour without scattered constants.

Nothing here depends on where the package is installed: runtime state defaults to ``./var`` in
the working directory, and shipped data (catalog, models) is found next to this module, so an
installed ``recsys`` works from any directory (see ``Settings`` for how relative paths resolve).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
# The source checkout around the package. Only development tools that read files outside the
# package use it (training reads bot/data/nlu.yml, the scene evaluation runs .venv-rasa and reads
# models/); run-time code must not, since for an installed package this is site-packages.
PROJECT_DIR = PACKAGE_DIR.parent
SHIPPED_CATALOG = PACKAGE_DIR / "data" / "catalog" / "luma.jsonl"
SHIPPED_SCENE_MODEL = PACKAGE_DIR / "data" / "scene_model" / "scene_model.pt"
SHIPPED_IMAGE_PROJECTION = PACKAGE_DIR / "data" / "image_model" / "image_proj.pt"
TEXT_BACKENDS = ("torch", "onnx", "onnx-int8")


class SettingsError(ValueError):
    """A configuration value is missing or malformed."""


def _cwd_var() -> Path:
    return Path.cwd() / "var"


@dataclass(frozen=True)
class Settings:
    """Every setting of the library, with its default; build it with ``load_settings``.

    Path settings are absolute once loaded. A relative path resolves against the working directory
    when it comes from a ``RECSYS_*`` variable, and against the config file's folder when it comes
    from a TOML file (so a config file means the same wherever it is read from). Nothing resolves
    against the package or the source checkout: an installed ``recsys`` keeps its state in ``./var``
    of the directory it runs in (the servers and ``make run`` run in the checkout: ``var/`` there).
    """

    # Where runtime state (database, index, uploads, caches) lives; default: ./var, taken when the
    # settings are built (a later chdir does not move it).
    var_dir: Path = field(default_factory=_cwd_var)
    catalog_path: Path = SHIPPED_CATALOG
    # SQLAlchemy URL of the context store; empty means a SQLite file in var_dir.
    database_url: str = ""
    # PostgreSQL ends a connection of ours that idles inside an open transaction this long (0: never).
    # Transactions here last milliseconds; one left open means its host died or was cut off
    # mid-turn, and its lock on the shopper's row would stall that shopper on every other host.
    database_idle_transaction_timeout_s: float = 10.0
    # Rasa's SQL tracker store (the conversation events). Empty: the context store's PostgreSQL
    # database when that is PostgreSQL; with SQLite, a second file in var_dir (SQLite has one
    # writer per file, and the two servers should not queue behind each other).
    rasa_tracker_url: str = ""
    # Redis for Rasa's lock store, needed as soon as more than one Rasa server runs
    # (redis://[:password@]host:port/db). Empty: Rasa's in-process lock store.
    redis_url: str = ""
    # Rasa's selective domain: Rasa sends its domain (2.5 KB of JSON per call) only to the actions
    # that need it (the order form's validation); the other calls carry the tracker alone.
    rasa_selective_domain: bool = True
    # Name of a packaged sentence-transformers model or a directory holding one.
    text_model: str = "all-MiniLM-L6-v2"
    # What runs the text model's forward pass: "torch", or ONNX Runtime on the CPU over a file
    # exported from the same weights on first use ("onnx": fp32, "onnx-int8": int8 weights); see
    # docs/scene-model.md for the latency and the evaluations of each.
    text_backend: str = "onnx"
    scene_model_path: Path = SHIPPED_SCENE_MODEL
    # Linear map from photo features into the text space (see image_encoder.py).
    image_projection_path: Path = SHIPPED_IMAGE_PROJECTION
    # Photo search on/off: off skips loading the image model (saves ~60 MB and start-up time).
    image_search: bool = True
    # A photo whose best product-photo cosine reaches this is called a match ("this looks like ...").
    photo_match_similarity: float = 0.8
    # FAISS index: "auto" (exact below 50K products, IVF above), "flat" or "ivf".
    index_kind: str = "auto"
    # Copy the index to the GPU when FAISS sees one (float16 vectors).
    use_gpu: bool = True
    # Largest photo accepted from a shopper (upload or inline), in bytes.
    max_upload_bytes: int = 5 * 1024 * 1024
    # Switching-filter stickiness (identity weight mixed into the learned scene transitions, see
    # scene.py). Negative: use the value tuned on dev conversations, stored with the model.
    scene_stickiness: float = -1.0
    # How strongly the switching filter's transition prior counts. 0 (the default since 2026-11-25):
    # the model's reading alone; the filter, tuned on generated dev conversations, lowered scene
    # macro-F1 on independent sets 2, 6, 7 and 8 and passed fewer replayed conversations (see
    # docs/scene-model.md). Negative: the value tuned with the model.
    scene_prior_strength: float = 0.0
    # Store the top words behind each turn's scene (one extra batched text encode per turn).
    scene_explain_words: bool = True
    # Recommendations: shopper-profile decay a in P_t = a*P_{t-1} + (1-a)*I_t (0 = the latest
    # interaction only). `recsys eval-recommend` tunes it on link walks; see README.
    profile_decay: float = 0.0
    # Product search
    default_k: int = 5
    # Below this cosine similarity, a query with no lexical hit is treated as "not in catalog".
    min_similarity: float = 0.35
    # URL prefix under which the catalog folder (its images/) is served to chat clients.
    image_base_url: str = "http://localhost:8000/"
    device: str = "cpu"
    log_level: str = "INFO"
    # Action server (actions/server.py). It listens on loopback unless told otherwise; a
    # non-loopback host needs action_token. The token is a secret: environment only.
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    action_token: str = ""
    # Threads running actions (model and database work) beside the event loop. 1 by default:
    # torch keeps a thread pool per calling thread, and hopping between threads made each scene
    # step ~1.7x slower here (README, Operating it); more can help when the database is remote.
    action_threads: int = 1
    # OpenTelemetry: the OTLP/gRPC receiver the action server sends its traces to (e.g.
    # http://collector:4317; empty: no tracing). See recsys/ops/tracing.py.
    otlp_endpoint: str = ""
    # One JSON line of timings per action request (empty: off); `make bench-load` reads it.
    timing_log: str = ""
    # Hot reload: the action server checks the index folder and the scene model file this often
    # (seconds) and swaps in a changed catalog or model without a restart; 0 turns it off.
    reload_interval_s: float = 5.0
    # Seed for the demo orders; fixed so tests and demos see the same order numbers.
    demo_seed: int = 42

    @property
    def index_dir(self) -> Path:
        """Folder of the FAISS index and its metadata."""
        return self.var_dir / "index"

    @property
    def upload_dir(self) -> Path:
        """Folder of photos shoppers uploaded."""
        return self.var_dir / "uploads"

    @property
    def text_model_cache_dir(self) -> Path:
        """Folder of the text model files exported for the ONNX backends (made on first use)."""
        return self.var_dir / "cache" / "text_models"

    @property
    def embedding_cache_path(self) -> Path:
        """SQLite file caching text and photo embeddings by content hash."""
        return self.var_dir / "cache" / "embeddings.sqlite"

    @property
    def resolved_database_url(self) -> str:
        """The context store's URL: ``database_url``, or a SQLite file in ``var_dir``."""
        return self.database_url or f"sqlite:///{self.var_dir / 'recsys.db'}"

    @property
    def resolved_rasa_tracker_url(self) -> str:
        """Rasa's tracker store URL: set, the context store's PostgreSQL, or a second SQLite file."""
        if self.rasa_tracker_url:
            return self.rasa_tracker_url
        if self.resolved_database_url.startswith("postgresql"):
            return self.resolved_database_url
        return f"sqlite:///{self.var_dir / 'rasa.db'}"


def redact_url(url: str) -> str:
    """A database/Redis URL fit for logs: the password is masked."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable url>"


# Settings that are secrets, or URLs that may carry one: these come from the environment only, so
# a config file can be committed, copied into images and shown in reviews without leaking them.
SECRET_SETTINGS = {"action_token"}
URL_SETTINGS = {"database_url", "rasa_tracker_url", "redis_url"}


def _refuse_secrets(path: Path, section: dict[str, Any]) -> None:
    for name in sorted(SECRET_SETTINGS & set(section)):
        raise SettingsError(f"{path}: {name} is a secret; set RECSYS_{name.upper()} in the environment instead")
    for name in sorted(URL_SETTINGS & set(section)):
        if urlsplit(str(section[name])).password:
            raise SettingsError(f"{path}: {name} carries a password; set RECSYS_{name.upper()} in the environment "
                                "instead")


def _coerce(name: str, raw: Any, kind: Any, base: Path) -> Any:
    """``raw`` as ``kind``; a relative path is joined to ``base`` (the folder the value is relative to)."""
    try:
        if kind is Path:
            path = Path(str(raw)).expanduser()
            return path if path.is_absolute() else (base / path)
        if kind is bool:
            return str(raw).lower() in {"1", "true", "yes", "on"}
        if kind in (int, float, str):
            return kind(raw)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name!r}: cannot read {raw!r} as {kind.__name__}") from exc
    return raw


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Build settings from file and environment; raises SettingsError on bad values."""
    env = dict(os.environ if env is None else env)
    hints = get_type_hints(Settings)
    fields = {f.name for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    bases: dict[str, Path] = {}  # the folder each value's relative paths are relative to
    cwd = Path.cwd()

    config_file = env.get("RECSYS_CONFIG") or "recsys.toml"
    config_path = Path(config_file).expanduser()
    if not config_path.is_absolute():
        config_path = cwd / config_path
    if config_path.exists():
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{config_path}: {exc}") from exc
        section = data.get("recsys", data)
        unknown = set(section) - fields
        if unknown:
            raise SettingsError(f"{config_path}: unknown settings {sorted(unknown)}")
        _refuse_secrets(config_path, section)
        values.update(section)
        bases.update(dict.fromkeys(section, config_path.parent))
    elif env.get("RECSYS_CONFIG"):
        raise SettingsError(f"RECSYS_CONFIG points to {config_path}, which does not exist")

    for name in fields:
        key = f"RECSYS_{name.upper()}"
        if key in env and env[key] != "":
            values[name] = env[key]
            bases[name] = cwd
    coerced = {name: _coerce(name, raw, hints[name], bases[name]) for name, raw in values.items()}
    settings = Settings(**coerced)
    if settings.scene_stickiness >= 1.0:
        raise SettingsError("scene_stickiness must be below 1 (or negative for the tuned value)")
    if settings.text_backend not in TEXT_BACKENDS:
        raise SettingsError(f"text_backend must be one of {', '.join(TEXT_BACKENDS)}")
    if settings.index_kind not in {"auto", "flat", "ivf"}:
        raise SettingsError("index_kind must be auto, flat or ivf")
    if settings.max_upload_bytes < 1024:
        raise SettingsError("max_upload_bytes must be at least 1024")
    if not 0.0 <= settings.profile_decay < 1.0:
        raise SettingsError("profile_decay must be in [0, 1)")
    if settings.default_k < 1:
        raise SettingsError("default_k must be at least 1")
    if not 1 <= settings.action_threads <= 64:
        raise SettingsError("action_threads must be between 1 and 64")
    if not 0 < settings.action_port < 65536:
        raise SettingsError("action_port must be a TCP port")
    return settings


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, loaded once (``get_settings.cache_clear()`` reloads them)."""
    return load_settings()
