# The two commands: `make run` (the assistant end to end) and `make test` (the whole suite).
.PHONY: run shell test setup model lint scene-model

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
	.venv/bin/ruff check recsys actions tests bot/tools bot/channels

scene-model: setup
	.venv/bin/recsys train-scene
