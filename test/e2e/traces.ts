import { randomBytes } from "node:crypto";
import { credentials } from "@grpc/grpc-js";
import { context, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as GrpcTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as HttpTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { Resource } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { DevStack } from "../helpers/dockerStack";

/** A trace an application sent, to look up in Jaeger. */
export interface SentTrace {
  readonly protocol: "OTLP gRPC" | "OTLP HTTP";
  readonly service: string;
  readonly traceId: string;
}

/** An OTLP endpoint the stack publishes on loopback. */
function endpoint(port: number, secure: boolean): string {
  return `${secure ? "https" : "http"}://127.0.0.1:${port}`;
}

/**
 * Sends one trace (a parent and a child span) over each OTLP transport the
 * stack publishes, with the OpenTelemetry SDK an application would use,
 * trusting the stack's CA when it serves TLS.
 */
export async function sendTraces(stack: DevStack): Promise<SentTrace[]> {
  const secure = stack.variant.secure;
  const ca = secure ? String(stack.output("caCertificate")) : undefined;
  const base = stack.variant.portBase;
  const run = randomBytes(4).toString("hex");
  const exporters: [SentTrace["protocol"], SpanExporter][] = [
    [
      "OTLP gRPC",
      new GrpcTraceExporter({
        url: endpoint(base + 4, secure),
        credentials: ca !== undefined ? credentials.createSsl(Buffer.from(ca)) : credentials.createInsecure(),
      }),
    ],
    [
      "OTLP HTTP",
      new HttpTraceExporter({
        url: `${endpoint(base + 5, secure)}/v1/traces`,
        ...(ca !== undefined ? { httpAgentOptions: { ca } } : {}),
      }),
    ],
  ];
  const sent: SentTrace[] = [];
  for (const [protocol, exporter] of exporters) {
    const service = `e2e-${protocol.replace(" ", "-").toLowerCase()}-${run}`;
    const provider = new BasicTracerProvider({ resource: new Resource({ "service.name": service }) });
    provider.addSpanProcessor(new SimpleSpanProcessor(exporter));
    const tracer = provider.getTracer("observability-stack-e2e");
    const parent = tracer.startSpan("checkout");
    const traceId = parent.spanContext().traceId;
    tracer.startSpan("charge-card", {}, trace.setSpan(context.active(), parent)).end();
    parent.end();
    await provider.forceFlush();
    await provider.shutdown();
    sent.push({ protocol, service, traceId });
  }
  return sent;
}
