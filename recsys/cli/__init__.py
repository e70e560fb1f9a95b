"""The `recsys` command line (see ``main``)."""

from recsys.cli.main import main

__all__ = ["main"]
