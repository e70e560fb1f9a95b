"""OpenTelemetry traces from the action server, received by a real OTLP/gRPC receiver (the
OpenTelemetry protocol's own TraceService, served here with grpc): a shopper's turns over the
real Rasa and action servers produce one trace per request, with the scene model, retrieval and
database as child spans of the action."""

from __future__ import annotations

import time
from concurrent import futures

import pytest
import requests

from tests.stack import free_port, running_stack

pytestmark = pytest.mark.integration


class Receiver:
    """An OTLP/gRPC trace receiver keeping every span it is sent."""

    def __init__(self) -> None:
        import grpc
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

        self.spans: list = []
        receiver = self

        class Service(trace_service_pb2_grpc.TraceServiceServicer):
            def Export(self, request, context):  # noqa: N802 - the protocol's name
                for resource_spans in request.resource_spans:
                    service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                    for scope in resource_spans.scope_spans:
                        receiver.spans += [(service.get("service.name"), s) for s in scope.spans]
                return trace_service_pb2.ExportTraceServiceResponse()

        self.port = free_port()
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Service(), self.server)
        self.server.add_insecure_port(f"127.0.0.1:{self.port}")
        self.server.start()


@pytest.fixture(scope="module")
def traced(tmp_path_factory):
    receiver = Receiver()
    env = {"RECSYS_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver.port}", "OTEL_BSP_SCHEDULE_DELAY": "200"}
    try:
        with running_stack(tmp_path_factory.mktemp("traced"), env, storefront=False) as stack:
            yield stack, receiver
    finally:
        receiver.server.stop(None)


def descendants(spans: list, root) -> list:
    """Every span below ``root`` in its trace."""
    found, frontier = [], [root.span_id]
    while frontier:
        parent = frontier.pop()
        children = [s for s in spans if s.trace_id == root.trace_id and s.parent_span_id == parent]
        found += children
        frontier += [c.span_id for c in children]
    return found


def test_a_turn_is_a_trace_with_model_retrieval_and_database_spans(traced):
    stack, receiver = traced
    resp = requests.post(f"{stack['rasa']}/webhooks/rest/webhook",
                         json={"sender": "traced-1", "message": "show me men's hoodies under $60"}, timeout=120)
    resp.raise_for_status()
    assert any(isinstance(m.get("custom"), dict) for m in resp.json())

    def search_trace():
        spans = [s for _, s in receiver.spans]
        roots = [s for s in spans if s.name == "create_app.webhook"
                 and any(d.name == "recsys.retrieval" for d in descendants(spans, s))]
        return spans, roots

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not search_trace()[1]:
        time.sleep(0.2)
    spans, roots = search_trace()
    assert roots, sorted({s.name for s in spans})
    below = {s.name for s in descendants(spans, roots[0])}
    # rasa-sdk's own instrumentation, which names the span after our executor class
    assert "SelectiveDomainExecutor.run" in below, below
    assert {"recsys.retrieval", "recsys.db"} <= below, below
    db = next(s for s in descendants(spans, roots[0]) if s.name == "recsys.db")
    attributes = {a.key: a.value.string_value for a in db.attributes}
    assert attributes["db.operation"] in {"SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN"} and "db.statement" \
        not in attributes  # no SQL text (and no values) leaves the server
    # the NLU step's call: the turn model as a child span
    understands = [s for s in spans if s.name == "recsys.understand"]
    assert understands and any(d.name == "recsys.scene" for u in understands for d in descendants(spans, u))
    assert {service for service, _ in receiver.spans} == {"recsys-actions"}
