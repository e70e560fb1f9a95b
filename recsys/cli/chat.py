"""What the assistant does on a chat turn, from the command line: search, scene.

Output contracts (DESIGN.md) are stable: `scene` prints one JSON line per conversation and
`search --json` one JSON array.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from recsys.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    error,
    featurizer,
    json_line,
    read_conversations,
    scene_detector,
)
from recsys.settings import get_settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the search and scene commands to the `recsys` parser."""
    p = subparsers.add_parser("search", help="search products")
    p.add_argument("query", nargs="?", default="", help="words (may be empty with --image)")
    p.add_argument("--image", default=None, help="a photo to search by (JPEG/PNG/WebP/GIF)")
    p.add_argument("-k", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.add_argument("--sender", default="default", help="context-store shopper id (preferences carry over)")
    p.set_defaults(func=cmd_search)

    p = subparsers.add_parser("scene", help="label conversations in a JSONL file turn by turn")
    p.add_argument("file")
    p.add_argument("--explain", action="store_true", help="add raw scenes and per-turn explanations")
    p.add_argument("--raw", action="store_true", help="the model alone, without the switching filter")
    p.set_defaults(func=cmd_scene)


def cmd_search(args: argparse.Namespace) -> int:
    """Ranked products for words, a photo or both; one JSON array with ``--json``."""
    from recsys.assistant import get_assistant
    from recsys.images import ImageError, check_image_file

    photo = None
    if args.image:
        try:
            photo = check_image_file(args.image, get_settings().max_upload_bytes)
        except ImageError as exc:
            error(f"{args.image}: {exc}")
            return EXIT_DATA
    if not args.query.strip() and photo is None:
        error("empty query (give words, --image PATH, or both)")
        return EXIT_USAGE
    assistant = get_assistant()
    answer = assistant.search(f"cli-{args.sender}", args.query, k=args.k, photo=photo)
    if args.json:
        print(json_line([v.payload() for v in answer.products]))
    else:
        print(answer.text)
    return EXIT_OK


def cmd_scene(args: argparse.Namespace) -> int:
    """Each conversation is run turn by turn, each turn seeing only earlier turns."""
    settings = get_settings()
    detector = scene_detector(settings)
    turn_features = featurizer(settings)
    path = Path(args.file)
    if not path.exists():
        error(f"{path} not found")
        return EXIT_USAGE
    convs, problems = read_conversations(path)
    for problem in problems:
        error(problem)
    for conv in convs:
        text_vecs, image_vecs, errors = turn_features.conversations([conv], path.parent)
        turns = [dict(t, image_error=e) if e else t for t, e in zip(conv["turns"], errors[0], strict=True)]
        decisions = detector.run(turns, explain=args.explain, use_filter=not args.raw,
                                 text_vecs=text_vecs[0], image_vecs=image_vecs[0])
        out = {"id": conv["id"], "scenes": [d.scene for d in decisions], "probs": [d.probs for d in decisions]}
        if args.explain:
            out["raw_scenes"] = [d.raw_scene for d in decisions]
            out["explanations"] = [d.explanation for d in decisions]
        print(json_line(out), flush=True)
    return EXIT_DATA if problems else EXIT_OK

