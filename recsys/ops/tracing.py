"""OpenTelemetry traces from the action server: one trace per request, the parts of a turn as spans.

With ``otlp_endpoint`` set (``RECSYS_OTLP_ENDPOINT``, e.g. ``http://collector:4317``), spans go to
an OTLP/gRPC receiver (an OpenTelemetry Collector, Jaeger, Tempo...):
- ``create_app.webhook`` and ``ActionExecutor.run`` / ``<Action>.run`` from rasa-sdk's own
  tracing (its instrumentation, given our provider), one per action call; a ``traceparent``
  header from Rasa makes them children of Rasa's trace;
- ``recsys.understand`` for the NLU step's call (``POST /understand``);
- below them ``recsys.scene`` (the turn model), ``recsys.retrieval`` (FAISS + BM25) and
  ``recsys.db`` (one per SQL statement, with its operation only, never its values): the same
  parts ``/metrics`` times (``recsys.ops.telemetry.span``).
Without an endpoint nothing is set up and the span calls are OpenTelemetry's no-ops.
"""

from __future__ import annotations

import logging

from opentelemetry import trace

log = logging.getLogger(__name__)
SERVICE = "recsys-actions"
tracer = trace.get_tracer("recsys")


def configure(endpoint: str, service_name: str = SERVICE):
    """Send spans to the OTLP/gRPC receiver at ``endpoint``; the provider, or None when ``endpoint`` is empty."""
    if not endpoint:
        return None
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from rasa_sdk.tracing.config import configure_tracing

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint,
                                                                    insecure=endpoint.startswith("http://"))))
    trace.set_tracer_provider(provider)  # our spans (the global tracer) join rasa-sdk's
    configure_tracing(provider)  # rasa-sdk's instrumentation of the executor and actions
    log.info("tracing to %s as %s", endpoint, service_name)
    return provider
