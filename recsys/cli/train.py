"""Training commands: train-scene, train-image-proj (reproduce the shipped models)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from recsys.cli.common import EXIT_OK
from recsys.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the training commands to the `recsys` parser."""
    p = subparsers.add_parser("train-scene", help="train the scene model from recsys/data/scene_data/")
    p.add_argument("--rebuild-data", metavar="SHARED_DATA_DIR", default=None,
                   help="first regenerate the training/dev conversations and held-out sets from ../shared/data")
    p.add_argument("--holdout", metavar="SHARED_DATA_DIR", default=None,
                   help="train the evaluation build instead: without the held-out departments and intents "
                        "(data generated into var/scene_data_holdout/, model to var/scene_model_holdout.pt)")
    p.add_argument("--out", default=None)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=int, default=20)
    p.set_defaults(func=cmd_train_scene)

    p = subparsers.add_parser("train-image-proj", help="train the photo->text projection on the catalog's photos")
    p.add_argument("--catalog", default=None)
    p.add_argument("--out", default=None)
    p.add_argument("--seed", type=int, default=13)
    p.set_defaults(func=cmd_train_image_proj)


def cmd_train_scene(args: argparse.Namespace) -> int:
    """Train every scene-model variant and the switching filter; print the model's metadata."""
    from recsys.datasets.scene_data import SCENE_DATA_DIR
    from recsys.encoders.cache import EmbeddingCache
    from recsys.encoders.image import get_image_encoder
    from recsys.encoders.text import get_text_encoder
    from recsys.training import conversations as scene_conversations
    from recsys.training.scene import train_all
    from recsys.training.written import WRITTEN_TRAINING_SETS

    settings = get_settings()
    data_dir = SCENE_DATA_DIR
    out = Path(args.out) if args.out else settings.scene_model_path
    if args.holdout:
        data_dir = settings.var_dir / "scene_data_holdout"
        out = Path(args.out) if args.out else settings.var_dir / "scene_model_holdout.pt"
        scene_conversations.write_all(Path(args.holdout), out_dir=data_dir, holdout=True,
                                      log=lambda m: print(m, file=sys.stderr))
    elif args.rebuild_data:
        scene_conversations.write_all(Path(args.rebuild_data), log=lambda m: print(m, file=sys.stderr))
    meta = train_all(get_text_encoder(settings.text_model, settings.device),
                     lambda: get_image_encoder(settings.image_projection_path, settings.device), out,
                     EmbeddingCache(settings.embedding_cache_path), seed=args.seed, epochs=args.epochs,
                     data_dir=data_dir, written=() if args.holdout else WRITTEN_TRAINING_SETS)
    print(json.dumps({k: v for k, v in meta.items() if k not in ("filter_tuning", "transitions")}, indent=2))
    return EXIT_OK


def cmd_train_image_proj(args: argparse.Namespace) -> int:
    """Train the photo->text projection on the catalog's photos; print its metrics."""
    from recsys.training.image_projection import train_from_catalog

    settings = get_settings()
    out = Path(args.out) if args.out else settings.image_projection_path
    metrics = train_from_catalog(settings, Path(args.catalog) if args.catalog else settings.catalog_path, out,
                                 seed=args.seed)
    print(json.dumps(metrics, indent=2))
    return EXIT_OK
