"""The `recsys` command line: the parser assembled from the command groups, and error -> exit code.

Each group module (catalog, chat, train, evaluate, bench, serve, privacy) registers its own commands;
a command returns its exit code. Errors go to stderr with a non-zero exit code: 2 for usage
and configuration, 3 for bad data (catalog, files, models, index).
"""

from __future__ import annotations

import argparse
import sys

from recsys.catalog import CatalogError
from recsys.cli import bench, catalog, chat, evaluate, privacy, serve, train
from recsys.cli.common import EXIT_DATA, EXIT_USAGE, error, setup_logging
from recsys.settings import SettingsError, get_settings

GROUPS = (catalog, chat, train, evaluate, bench, serve, privacy)


def build_parser() -> argparse.ArgumentParser:
    """The `recsys` parser with every group's commands."""
    parser = argparse.ArgumentParser(prog="recsys", description="Scene-switching shop assistant library")
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING (default from settings)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one `recsys` command; returns its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
        setup_logging(args.log_level or settings.log_level)
        if getattr(args, "k", 1) < 1:
            parser.error("-k must be at least 1")
        return args.func(args)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CatalogError as exc:
        print(f"catalog error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except Exception as exc:  # noqa: BLE001 - the CLI reports, the log keeps the traceback
        if isinstance(exc, _data_errors()):
            error(str(exc))
            return EXIT_DATA
        raise


def _data_errors() -> tuple[type[Exception], ...]:
    """Missing or unreadable models and index: reported in one line, exit 3 (imported only when needed)."""
    from recsys.encoders.image import ImageModelError
    from recsys.encoders.text import ModelNotFoundError
    from recsys.scene.model import SceneModelError
    from recsys.search.index import ProductIndexError

    return ModelNotFoundError, ProductIndexError, SceneModelError, ImageModelError
