"""Scene-switching shop assistant library: scene model, retrieval, recommendations, context store."""

__version__ = "0.1.0"
