"""Privacy commands: erase-shopper (delete everything stored about one shopper)."""

from __future__ import annotations

import argparse

from recsys.cli.common import EXIT_OK, EXIT_USAGE, error, json_line
from recsys.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the privacy commands to the `recsys` parser."""
    p = subparsers.add_parser(
        "erase-shopper", help="delete everything about one shopper: context store, Rasa tracker, photos",
        description="Delete everything stored about one shopper (the Rasa sender id): the context store's rows, "
                    "Rasa's tracker store events and the photos the shopper uploaded. Prints a JSON report.")
    p.add_argument("sender", help="the shopper's Rasa sender id, as the bot stores it")
    p.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    p.set_defaults(func=cmd_erase_shopper)


def cmd_erase_shopper(args: argparse.Namespace) -> int:
    """Erase one shopper and print what went; exit 0 also when nothing was stored."""
    from recsys.storage.erasure import erase_shopper

    try:
        report = erase_shopper(get_settings(), args.sender, dry_run=args.dry_run)
    except ValueError as exc:
        error(str(exc))
        return EXIT_USAGE
    print(json_line(report.as_dict()))
    return EXIT_OK
