"""The Rasa NLU component that makes the turn model's act the intent, run in the Rasa environment it lives in.

One Python 3.10 subprocess (the Rasa venv) runs the checks and reports each by name. The real
action server behind ``/understand`` is exercised over HTTP in tests/integration/test_rest.py.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"

SCRIPT = r"""
import json, socket, traceback
from types import SimpleNamespace

CHECKS = {}


def check(fn):
    CHECKS[fn.__name__] = fn
    return fn


@check
def acts_become_the_bots_intents():
    from bot.nlu.understanding import ACT_INTENTS, intent_for
    from recsys_acts import ACTS
    assert set(ACT_INTENTS) == set(ACTS), set(ACT_INTENTS) ^ set(ACTS)
    assert intent_for({"act": "refund", "act_confidence": 0.9}, None) == {"name": "refund_request", "confidence": 0.9}
    sure_diet = {"name": "search_product", "confidence": 0.99}
    assert intent_for({"act": "recommend", "act_confidence": 0.7}, sure_diet)["name"] == "recommend_product"
    # a correction with an order number feeds the order form; one about a colour is a search
    fix = {"act": "correction", "act_confidence": 0.8, "scene": "service", "slots": [{"slot": "order_number"}]}
    assert intent_for(fix, None)["name"] == "provide_order_info"
    assert intent_for({"act": "correction", "act_confidence": 0.8, "scene": "search",
                       "slots": [{"slot": "color"}]}, None)["name"] == "search_product"
    # after an exchange question (scene service), "sorry, I meant green, under $55" is still a search
    assert intent_for({"act": "correction", "act_confidence": 0.8, "scene": "service",
                       "slots": [{"slot": "color"}, {"slot": "price_max"}]}, None)["name"] == "search_product"
    assert intent_for({"act": "correction", "act_confidence": 0.8, "scene": "service", "slots": []},
                      None)["name"] == "out_of_scope"
    # answers to the bot's own question have intents of their own (the order form resumes or stops)
    unsure_greet = {"name": "greet", "confidence": 0.5}
    assert intent_for({"act": "affirm", "act_confidence": 0.9}, unsure_greet)["name"] == "affirm"
    assert intent_for({"act": "cancel_task", "act_confidence": 0.9}, None)["name"] == "cancel_task"
    # a return asked about a numbered order starts the order look-up
    numbered = {"act": "return_request", "act_confidence": 0.9, "slots": [{"slot": "order_number"}]}
    assert intent_for(numbered, None)["name"] == "order_status"


@check
def exact_order_numbers_and_emails_stay_when_the_model_misses_them():
    from bot.nlu.understanding import entities_for
    regex = {"entity": "order_number", "value": "1002", "start": 17, "end": 21, "extractor": "RegexEntityExtractor"}
    diet = {"entity": "color", "value": "black", "start": 0, "end": 5, "extractor": "DIETClassifier"}
    out = entities_for({"act": "affirm", "slots": []}, [regex, diet])
    assert out == [regex], out  # DIET's guesses go, the exact order number stays
    model = {"act": "provide_order_info", "slots": [{"slot": "order_number", "value": "1003", "start": 0, "end": 4}]}
    assert [e["value"] for e in entities_for(model, [regex])] == ["1003"]  # the model's own reading wins


@check
def garbage_from_the_action_server_is_not_read():
    from bot.nlu.understanding import well_formed
    assert well_formed({"act": "refund", "act_confidence": 0.7, "slots": [{"slot": "order_number"}]})
    for bad in ([1], "refund", {"act": 3}, {"act": "refund", "act_confidence": "high"},
                {"act": "refund", "slots": "none"}, {"act": "refund", "slots": ["x"]}):
        assert not well_formed(bad), bad


@check
def diets_finer_intent_stays_inside_the_act_when_sure():
    from bot.nlu.understanding import intent_for
    small = {"act": "smalltalk", "act_confidence": 0.8}
    assert intent_for(small, {"name": "bot_challenge", "confidence": 0.95})["name"] == "bot_challenge"
    assert intent_for(small, {"name": "bot_challenge", "confidence": 0.5})["name"] == "out_of_scope"
    assert intent_for({"act": "search_product", "act_confidence": 0.9},
                      {"name": "show_preferences", "confidence": 0.99})["name"] == "search_product"


@check
def slots_become_the_domains_entities():
    from bot.nlu.understanding import entities_for
    ents = entities_for({"slots": [{"slot": "product_type", "value": "hoodies", "start": 5, "end": 12},
                                   {"slot": "price_max", "value": "$40", "start": 19, "end": 22},
                                   {"slot": "negation", "value": "black", "start": 27, "end": 32}]})
    assert [(e["entity"], e["value"]) for e in ents] == [("category", "hoodies"), ("price", "$40")]
    assert all(e["extractor"] == "TurnUnderstanding" for e in ents)


@check
def where_to_ask():
    from bot.nlu.understanding import understand_url
    assert understand_url({}) == "http://127.0.0.1:5055/understand"
    assert understand_url({"ACTION_SERVER_URL": "http://actions:5055/webhook"}) == "http://actions:5055/understand"
    assert understand_url({"ACTION_SERVER_URL": "http://a/webhook", "RECSYS_UNDERSTAND_URL": "http://b/u"}) == "http://b/u"


@check
def unreachable_action_server_leaves_diets_reading():
    import os
    from rasa.shared.nlu.training_data.message import Message
    from bot.nlu.understanding import TurnUnderstanding
    sock = socket.socket(); sock.bind(("127.0.0.1", 0)); port = sock.getsockname()[1]; sock.close()
    os.environ["RECSYS_UNDERSTAND_URL"] = f"http://127.0.0.1:{port}/understand"
    diet = {"name": "greet", "confidence": 0.9}
    msg = Message(data={"text": "hi", "message_id": "m1", "metadata": {"recsys_sender": "s1"}, "intent": diet})
    component = TurnUnderstanding({"timeout": 2, "pause": 30})
    out = component.process([msg])
    assert out[0].get("intent") == diet
    # after a failure it stops asking for a while instead of making every message wait
    import time
    assert component._down_until > time.monotonic() + 25
    os.environ["RECSYS_UNDERSTAND_URL"] = "off"
    assert TurnUnderstanding({}).process([msg])[0].get("intent") == diet


@check
def diet_reads_only_what_the_model_left_to_it():
    # DIET's own inference is replaced by a recorder: what is checked is which messages reach it
    # and what is kept afterwards (DIET itself runs in the integration and conversation suites).
    import os
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.shared.nlu.training_data.message import Message
    from bot.nlu.fallback_diet import FallbackDIET, diet_mode
    seen = []
    def recording(self, messages):
        for m in messages:
            seen.append(m.get("text"))
            m.set("intent", {"name": "bot_challenge", "confidence": 0.97})
            m.set("entities", [{"entity": "color", "value": "red", "extractor": "DIETClassifier"}])
        return messages
    DIETClassifier.process = recording
    diet = object.__new__(FallbackDIET)
    model_ents = [{"entity": "category", "value": "hoodie", "extractor": "TurnUnderstanding"}]
    def answered(text, act):
        return Message(data={"text": text, "turn_understanding": {"act": act, "act_confidence": 0.9},
                             "intent": {"name": "x", "confidence": 0.9}, "entities": list(model_ents)})
    search, small, plain = answered("hoodies", "search_product"), answered("are you a bot", "smalltalk"), \
        Message(data={"text": "hi"})
    os.environ.pop("RECSYS_RASA_DIET", None)
    diet.process([search, small, plain])
    assert sorted(seen) == ["are you a bot", "hi"], seen
    assert search.get("intent") == {"name": "x", "confidence": 0.9}  # untouched, DIET never ran on it
    assert small.get("intent")["name"] == "bot_challenge" and small.get("entities") == model_ents
    assert plain.get("intent")["name"] == "bot_challenge"  # no answer: DIET's reading stands
    seen.clear()
    os.environ["RECSYS_RASA_DIET"] = "always"
    diet.process([answered("hoodies", "search_product")])
    assert seen == ["hoodies"]
    assert diet_mode({}) == "fallback"
    try:
        diet_mode({"RECSYS_RASA_DIET": "sometimes"})
    except ValueError as exc:
        assert "RECSYS_RASA_DIET" in str(exc)
    else:
        raise AssertionError("an unknown RECSYS_RASA_DIET was accepted")


@check
def channels_say_who_is_talking():
    from bot.channels.shop import GuardedRestInput, ShopInput
    for cls in (GuardedRestInput, ShopInput):
        channel = cls.from_credentials(None)
        request = SimpleNamespace(json={"sender": "abc", "message": "hi", "metadata": {"recsys_sender": "forged",
                                                                                        "image_id": "x"}})
        assert channel.get_metadata(request) == {"recsys_sender": "abc", "image_id": "x"}
        plain = SimpleNamespace(json={"sender": "abc", "message": "hi"})
        assert channel.get_metadata(plain) == {"recsys_sender": "abc"}


results = {}
for name, fn in CHECKS.items():
    try:
        fn()
        results[name] = "ok"
    except Exception:
        results[name] = traceback.format_exc()
print("RESULTS " + json.dumps(results))
"""


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, str]:
    if not RASA_PY.exists():
        pytest.skip("Rasa venv missing (scripts/setup.sh builds it)")
    from recsys.scene.model import ACTS

    shim = tmp_path_factory.mktemp("acts")
    (shim / "recsys_acts.py").write_text(f"ACTS = {list(ACTS)!r}\n")  # the act list, without importing recsys
    env = {"PYTHONPATH": f"{ROOT}:{shim}", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "RASA_TELEMETRY_ENABLED": "false",
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([str(RASA_PY), "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULTS ")]
    assert lines, proc.stderr[-2000:]
    return json.loads(lines[-1][len("RESULTS "):])


CHECK_NAMES = ["acts_become_the_bots_intents", "garbage_from_the_action_server_is_not_read",
               "diets_finer_intent_stays_inside_the_act_when_sure",
               "slots_become_the_domains_entities", "where_to_ask", "unreachable_action_server_leaves_diets_reading",
               "channels_say_who_is_talking", "exact_order_numbers_and_emails_stay_when_the_model_misses_them",
               "diet_reads_only_what_the_model_left_to_it"]


def test_every_check_ran(results):
    assert sorted(results) == sorted(CHECK_NAMES)


@pytest.mark.parametrize("name", CHECK_NAMES)
def test_component_check_in_the_rasa_env(results, name):
    assert results[name] == "ok", results[name]
