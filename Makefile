# The two commands: `make run` (the assistant end to end) and `make test` (the whole suite).
.PHONY: run shell test setup model lint scene-model bench-load

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

# Load benchmark (loopback, bounded): 10/50/200 shoppers, latency split, context check afterwards.
bench-load: setup
	scripts/train_rasa.sh >/dev/null
	.venv/bin/python scripts/bench_load.py --compare-threads 4 --compare-speedups --json var/bench-load.json
