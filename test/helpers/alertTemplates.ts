/** Fills `{{ $labels.x }}` in an alert annotation as Prometheus does, for the annotations a test expects. */
export function expandLabelTemplates(template: string, labels: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_, name: string) => labels[name] ?? "");
}

/** Every annotation of an alert rule with its label templates filled. */
export function expandedAnnotations(
  annotations: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).map(([key, value]) => [key, expandLabelTemplates(value, labels)]),
  );
}
