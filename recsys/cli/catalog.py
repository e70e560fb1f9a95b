"""Catalog and storage commands: ingest, prepare, migrate, import-luma."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from recsys.cli.common import EXIT_OK
from recsys.settings import get_settings, redact_url


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the catalog commands to the `recsys` parser."""
    p = subparsers.add_parser("ingest", help="load a catalog (JSONL/CSV) and bring the index in line (incremental)")
    p.add_argument("catalog")
    p.add_argument("--skip-bad-rows", action="store_true", help="index the good rows, report the bad ones")
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch instead of updating")
    p.set_defaults(func=cmd_ingest)

    p = subparsers.add_parser("prepare", help="build the index if stale and seed the demo orders")
    p.add_argument("--catalog", default=None)
    p.add_argument("--luma-orders", default=None, help="Luma orders.csv to seed the sample customer's orders")
    p.set_defaults(func=cmd_prepare)

    p = subparsers.add_parser("migrate", help="upgrade the context store's database schema (Alembic)")
    p.add_argument("--revision", default="head")
    p.set_defaults(func=cmd_migrate)

    p = subparsers.add_parser("import-luma", help="convert the Luma sample store into the project's catalog")
    p.add_argument("luma_dir")
    p.add_argument("--out", required=True,
                   help="catalog folder to write (luma.jsonl + images/); the shipped one is recsys/data/catalog")
    p.set_defaults(func=cmd_import_luma)


def cmd_ingest(args: argparse.Namespace) -> int:
    """Validate a catalog, embed it and bring the index in line with it."""
    from recsys.search.ingest import ingest

    report = ingest(get_settings(), Path(args.catalog), skip_bad_rows=args.skip_bad_rows, rebuild=args.rebuild)
    for problem in report.skipped:
        print(f"skipped: {problem}", file=sys.stderr)
    for problem in report.missing_images:
        print(f"no photo: {problem}", file=sys.stderr)
    print(f"indexed {report.products} products ({report.mode}: +{report.added} ~{report.updated} "
          f"-{report.deleted}; encoded {report.encoded_texts} texts, {report.encoded_images} photos)"
          + (f", skipped {len(report.skipped)} bad row(s)" if report.skipped else ""))
    return EXIT_OK


def cmd_prepare(args: argparse.Namespace) -> int:
    """Everything the servers need, done only when stale: index for the catalog, demo orders."""
    from recsys.catalog import load_catalog
    from recsys.search.ingest import index_is_current, ingest
    from recsys.storage.orders import OrderBook
    from recsys.storage.orm import make_session_factory

    settings = get_settings()
    catalog = Path(args.catalog) if args.catalog else settings.catalog_path
    if index_is_current(settings, catalog):
        print(f"index is current for {catalog}")
    else:
        report = ingest(settings, catalog)
        print(f"indexed {report.products} products from {catalog} ({report.mode})")
    orders_csv = Path(args.luma_orders) if args.luma_orders else None
    book = OrderBook(make_session_factory(settings.resolved_database_url))
    n = book.seed(load_catalog(catalog).products, orders_csv, settings.demo_seed)
    print(f"{n} orders in {redact_url(settings.resolved_database_url)}")
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the context store's schema to the newest revision (also done at every start-up)."""
    from recsys.storage.migrations import current_revision, migrate
    from recsys.storage.orm import make_engine

    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    migrate(engine, args.revision)
    print(f"{redact_url(settings.resolved_database_url)} is at revision {current_revision(engine)}")
    return EXIT_OK


def cmd_import_luma(args: argparse.Namespace) -> int:
    """Convert the Luma sample store into a catalog folder (luma.jsonl + images/)."""
    from recsys.datasets.luma import import_luma

    path = import_luma(Path(args.luma_dir), Path(args.out))
    print(f"wrote {path}")
    return EXIT_OK
