import { randomBytes } from "node:crypto";
import { credentials } from "@grpc/grpc-js";
import { context, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as GrpcTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as HttpTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { Resource } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { checkServerIdentity } from "node:tls";
import { expect } from "vitest";
import { eventually } from "../helpers/dockerStack";

/** A trace an application sent, to look up in Jaeger. */
export interface SentTrace {
  readonly protocol: "OTLP gRPC" | "OTLP HTTP";
  readonly service: string;
  readonly traceId: string;
}

/** Where an application sends its traces, and whom it trusts there. */
export interface OtlpTarget {
  /** OTLP over gRPC, e.g. `https://127.0.0.1:4317`. */
  readonly grpcUrl: string;
  /** OTLP over HTTP, without the `/v1/traces` path. */
  readonly httpUrl: string;
  /** The stack's CA certificate when it serves TLS. */
  readonly ca?: string;
  /** The name the server's certificate carries, when the URLs name it by address (e.g. a Service IP). */
  readonly serverName?: string;
}

/**
 * Sends one trace (a parent and a child span) over each OTLP transport the
 * stack publishes, with the OpenTelemetry SDK an application would use,
 * trusting the stack's CA when it serves TLS.
 */
export async function sendTraces(target: OtlpTarget): Promise<SentTrace[]> {
  const { ca, serverName } = target;
  const identity =
    serverName !== undefined
      ? {
          checkServerIdentity: (_host: string, cert: Parameters<typeof checkServerIdentity>[1]) =>
            checkServerIdentity(serverName, cert),
        }
      : undefined;
  const run = randomBytes(4).toString("hex");
  const exporters: [SentTrace["protocol"], SpanExporter][] = [
    [
      "OTLP gRPC",
      new GrpcTraceExporter({
        url: target.grpcUrl,
        credentials:
          ca !== undefined
            ? credentials.createSsl(Buffer.from(ca), null, null, identity)
            : credentials.createInsecure(),
      }),
    ],
    [
      "OTLP HTTP",
      new HttpTraceExporter({
        url: `${target.httpUrl}/v1/traces`,
        ...(ca !== undefined
          ? { httpAgentOptions: { ca, ...(serverName !== undefined ? { servername: serverName } : {}) } }
          : {}),
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

/**
 * Finds each sent trace through Jaeger's query API (`getJson` GETs a path
 * relative to it and returns the answer's `data`): one trace per id, with
 * its service among the trace's processes and among Jaeger's services.
 * Each lookup is retried for up to a minute (Jaeger stores asynchronously).
 */
export async function expectTracesFound(
  sent: readonly SentTrace[],
  getJson: <T>(relative: string) => Promise<T>,
): Promise<void> {
  for (const { protocol, traceId, service } of sent) {
    const found = await eventually(
      async () => {
        const data = await getJson<{ processes: Record<string, { serviceName: string }> }[]>(`api/traces/${traceId}`);
        expect(data.length, `${protocol} trace ${traceId}`).toBe(1);
        return data[0];
      },
      60_000,
      1_000,
    );
    expect(Object.values(found?.processes ?? {}).map((process) => process.serviceName)).toContain(service);
    expect(await getJson<string[]>("api/services")).toContain(service);
  }
}
