"""A terminal chat over the REST channel: what `make shell` runs (stdlib only, either venv).

Unlike `rasa shell` (Rasa's cmdline channel, which tells the NLU step nothing about who is
talking), this goes through the same guarded REST channel as any client, so the turn model reads
each message with the conversation before it. It prints the bot's texts (product lists and order
cards are in the text too) and leaves the JSON payloads for graphical clients.

    python bot/tools/chat.py [--url http://localhost:5005] [--sender ID]
    /photo PATH [words]   send a photo (JPEG/PNG/WebP/GIF) with optional words
    /quit                 leave (Ctrl-D too)
"""

from __future__ import annotations

import argparse
import base64
import json
import mimetypes
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path


def say(url: str, sender: str, text: str, metadata: dict | None = None, timeout: float = 60.0) -> list[dict]:
    """One message to the REST channel; the bot's messages."""
    body = json.dumps({"sender": sender, "message": text, "metadata": metadata or {}}).encode()
    request = urllib.request.Request(f"{url.rstrip('/')}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the URL is the user's
        return json.loads(response.read().decode() or "[]")


def photo_metadata(path: Path) -> dict:
    """A photo as the REST channel takes it: a data URL in ``metadata.image``."""
    kind = mimetypes.guess_type(path.name)[0] or "image/jpeg"
    return {"image": f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode()}


def render(messages: list[dict]) -> str:
    """The bot's texts for a terminal; payloads for graphical clients are left out."""
    return "\n".join(str(m["text"]) for m in messages if m.get("text")) or "(no answer)"


def main(argv: list[str] | None = None) -> int:
    """Chat until /quit or end of input."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://localhost:5005")
    ap.add_argument("--sender", default=f"shell-{uuid.uuid4().hex[:8]}")
    args = ap.parse_args(argv)
    print(f"Chatting as {args.sender} with {args.url} (/photo PATH [words] sends a photo, /quit leaves)")
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            print()
            return 0
        if line in ("/quit", "/exit"):
            return 0
        metadata = None
        if line.startswith("/photo "):
            parts = line.split(maxsplit=2)
            path = Path(parts[1]).expanduser()
            if not path.is_file():
                print(f"bot> (no such file: {path})")
                continue
            metadata, line = photo_metadata(path), parts[2] if len(parts) > 2 else ""
        elif not line:
            continue
        try:
            print("bot> " + render(say(args.url, args.sender, line, metadata)).replace("\n", "\n     "))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            print(f"bot> (could not reach {args.url}: {exc})")


if __name__ == "__main__":
    sys.exit(main())
