"""Benchmarks (index, scene latency); each returns an ``EvaluationResult`` (``recsys.evaluation.result``).

A tool, not part of the assistant: only the CLI (inside its commands) imports it.
"""
