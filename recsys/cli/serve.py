"""Serving commands: storefront (the demo page) and rasa-endpoints (Rasa's endpoints.yml)."""

from __future__ import annotations

import argparse
from pathlib import Path

from recsys.cli.common import EXIT_OK
from recsys.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the serving commands to the `recsys` parser."""
    p = subparsers.add_parser("storefront", help="serve the demo storefront page with the chat widget")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--chat-server", default="http://localhost:5005", help="Rasa server URL the widget talks to")
    p.set_defaults(func=cmd_storefront)

    p = subparsers.add_parser("rasa-endpoints",
                              help="write Rasa's endpoints.yml (tracker and lock store) from settings")
    p.add_argument("--out", default="var/endpoints.yml")
    p.set_defaults(func=cmd_rasa_endpoints)


def cmd_storefront(args: argparse.Namespace) -> int:
    """Serve the demo storefront until interrupted."""
    from recsys.demo.storefront import serve

    serve(get_settings(), args.host, args.port, args.chat_server)
    return EXIT_OK


def cmd_rasa_endpoints(args: argparse.Namespace) -> int:
    """Write Rasa's endpoints.yml from settings and print its path."""
    from recsys.ops.rasa_endpoints import write_endpoints

    print(write_endpoints(get_settings(), Path(args.out)))
    return EXIT_OK
