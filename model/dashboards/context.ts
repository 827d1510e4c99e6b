/** What a dashboard builder may depend on: facts of the stack, never secrets. */
export interface DashboardContext {
  /**
   * Jaeger runs in this stack; the overview then shows the trace pipeline.
   * Exemplars stay on either way (they only add trace links when a Jaeger
   * datasource exists).
   */
  readonly tracing: boolean;
}
