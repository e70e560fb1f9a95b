"""Offline evaluation (scenes, search, recommendations); every entry point returns an ``EvaluationResult``.

A tool, not part of the assistant: only the CLI (inside its commands) and training import it.
"""
