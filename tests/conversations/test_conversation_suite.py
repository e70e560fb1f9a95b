"""The conversation suite, played against the real servers (Rasa REST channel + action server).

Prints the pass rate overall, per suite file and per behaviour, writes every turn's reply to
``test-artifacts/conversation-suite.json`` and fails below the issue's target (95%).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conversations.runner import SUITES, Servers, load_suite, print_summary, run_suites, summary
from tests.stack import ACTION_TOKEN, ROOT, TOKEN

TARGET = 0.95
ARTIFACT = ROOT / "test-artifacts" / "conversation-suite.json"


def test_suites_parse_and_are_big_enough():
    convs = [c for path in SUITES for c in load_suite(path)]
    helper = [c for c in convs if c["id"].startswith("h-")]
    assert len(convs) >= 80 and len(helper) * 3 >= len(convs) - 3, (len(convs), len(helper))


def test_conversation_suite(chat_stack, capsys):
    servers = Servers(chat_stack["rasa"], f"http://127.0.0.1:{chat_stack['stack'].action_port}", TOKEN, ACTION_TOKEN,
                      Path(chat_stack["work"]) / "catalog")
    outcomes = run_suites(SUITES, servers)
    report = summary(outcomes)
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps({"summary": report, "conversations": [o.__dict__ for o in outcomes]}, indent=1),
                        encoding="utf-8")
    with capsys.disabled():
        print()
        print_summary(report)
    assert report["all"]["rate"] >= TARGET, f"pass rate {report['all']['rate']:.1%} < {TARGET:.0%}"
