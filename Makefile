# The two commands: `make run` (the assistant end to end) and `make test` (the whole suite).
.PHONY: run shell test setup model lint scene-model eval-turns bench-load bench-length

run:
	scripts/run.sh

shell:
	scripts/run.sh shell

test:
	scripts/test.sh

setup:
	scripts/setup.sh

model: setup
	scripts/train_rasa.sh

lint: setup
	.venv/bin/ruff check .

scene-model: setup
	.venv/bin/recsys train-scene

# The turn model and the DIET baseline side by side (final checks: never tune on these sets).
# Tables on the screen, JSON in var/eval/. The independent sets measure the shipped model; the
# held-out sets measure the evaluation build, trained without them (needs ../shared/data).
INDEPENDENT_SETS = tests/data/independent/conversations.jsonl tests/data/independent/utterances.jsonl \
	tests/data/independent/conversations2.jsonl tests/data/independent/utterances2.jsonl \
	tests/data/independent/conversations3.jsonl tests/data/independent/utterances3.jsonl \
	tests/data/independent/conversations4.jsonl tests/data/independent/conversations5.jsonl \
	tests/data/independent/utterances5.jsonl tests/data/independent/conversations6.jsonl \
	tests/data/independent/utterances6.jsonl tests/data/independent/conversations7.jsonl \
	tests/data/independent/utterances7.jsonl
HELDOUT_SETS = recsys/data/scene_eval/heldout_departments.jsonl recsys/data/scene_eval/heldout_clinc_intents.jsonl \
	recsys/data/scene_eval/heldout_bitext_intents.jsonl
SHARED_DATA ?= ../shared/data
eval-turns: model
	mkdir -p var/eval
	for f in $(INDEPENDENT_SETS); do \
		.venv/bin/recsys eval-scene $$f --json-out var/eval/$$(basename $$f .jsonl).json || exit 1; \
	done
	test -f var/scene_model_holdout.pt || .venv/bin/recsys train-scene --holdout $(SHARED_DATA)
	for f in $(HELDOUT_SETS); do \
		RECSYS_SCENE_MODEL_PATH=var/scene_model_holdout.pt \
		.venv/bin/recsys eval-scene $$f --json-out var/eval/$$(basename $$f .jsonl).json || exit 1; \
	done

# Load benchmark (loopback, bounded): 10/50/200 shoppers, latency split, context check afterwards.
bench-load: setup
	scripts/train_rasa.sh >/dev/null
	.venv/bin/python scripts/bench_load.py --compare-threads 4 --compare-speedups --compare-env RECSYS_RASA_NLU_THREADS=0 RECSYS_RASA_DIET=always --json var/bench-load.json

# Latency against conversation length: a 200-turn chat, Rasa's own code beside bot/rasa_speedups.py.
bench-length: setup
	scripts/train_rasa.sh >/dev/null
	.venv/bin/python scripts/bench_length.py --turns 200 --json var/bench-length.json
