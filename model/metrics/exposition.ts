/**
 * A reader of the Prometheus text exposition format (0.0.4) and of the
 * OpenMetrics text format, as far as the metrics-presence gate needs it:
 * HELP and TYPE lines, and each sample's name and labels. Values are kept
 * as text; the gate asks what is exposed, not how much.
 */

/** One sample line. */
export interface ExposedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: string;
}

/** A family as exposed: what its HELP and TYPE lines say and its samples. */
export interface ExposedFamily {
  readonly name: string;
  readonly help?: string;
  readonly type?: string;
  readonly samples: ExposedSample[];
}

/** A line the reader could not make sense of. */
export interface ExpositionProblem {
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

/** What an endpoint exposes. */
export interface Exposition {
  /** Families by name, as named on their HELP/TYPE lines or, without those, by sample name. */
  readonly families: ReadonlyMap<string, ExposedFamily>;
  readonly problems: readonly ExpositionProblem[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Suffixes a sample may add to its family's name, by family type. */
const sampleSuffixes: Readonly<Record<string, readonly string[]>> = {
  counter: ["_total", "_created"],
  histogram: ["_bucket", "_sum", "_count", "_created"],
  gaugehistogram: ["_bucket", "_gsum", "_gcount"],
  summary: ["_sum", "_count", "_created"],
  info: ["_info"],
};

/** Reads `{a="x",b="y"}` from the start of `text`; returns the labels and what follows. */
function readLabels(text: string): { labels: Record<string, string>; rest: string } | string {
  const labels: Record<string, string> = {};
  let rest = text.slice(1);
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith("}")) return { labels, rest: rest.slice(1) };
    const name = labelName.exec(rest);
    if (name === null) return `expected a label name at "${rest.slice(0, 20)}"`;
    rest = rest.slice(name[0].length).trimStart();
    if (!rest.startsWith('="')) return `expected ="..." after label ${name[0]}`;
    rest = rest.slice(2);
    let value = "";
    let closed = false;
    for (let index = 0; index < rest.length; index += 1) {
      const char = rest[index];
      if (char === "\\") {
        const next = rest[index + 1];
        value += next === "n" ? "\n" : next;
        index += 1;
      } else if (char === '"') {
        rest = rest.slice(index + 1);
        closed = true;
        break;
      } else {
        value += char;
      }
    }
    if (!closed) return `label ${name[0]} has an unterminated value`;
    labels[name[0]] = value;
    rest = rest.trimStart();
    if (rest.startsWith(",")) rest = rest.slice(1);
    else if (!rest.startsWith("}")) return `expected , or } after label ${name[0]}`;
  }
}

/** Parses exposition text. Never throws: lines it cannot read are reported as problems. */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, { name: string; help?: string; type?: string; samples: ExposedSample[] }>();
  const problems: ExpositionProblem[] = [];
  const family = (name: string) => {
    let known = families.get(name);
    if (known === undefined) {
      known = { name, samples: [] };
      families.set(name, known);
    }
    return known;
  };
  /** The declared family a sample belongs to: its own name, or a declared family it extends by a type suffix. */
  const owner = (sample: string) => {
    for (const [name, candidate] of families) {
      if (name === sample) return candidate;
      const suffixes = sampleSuffixes[candidate.type ?? ""] ?? [];
      if (suffixes.some((suffix) => `${name}${suffix}` === sample)) return candidate;
    }
    return family(sample);
  };

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const problem = (message: string) => problems.push({ line: index + 1, text: raw, message });
    if (line === "" || line === "# EOF") return;
    if (line.startsWith("#")) {
      const meta = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (meta === null) return; // a plain comment
      const [, kind, name, rest = ""] = meta;
      if (!metricName.test(name) || metricName.exec(name)?.[0] !== name) {
        problem(`"${name}" is not a metric name`);
        return;
      }
      const target = family(name);
      if (kind === "HELP") target.help = rest.replaceAll("\\n", "\n").replaceAll("\\\\", "\\");
      if (kind === "TYPE") target.type = rest.trim();
      return;
    }
    const name = metricName.exec(line);
    if (name === null) {
      problem("a sample must start with a metric name");
      return;
    }
    let rest = line.slice(name[0].length);
    let labels: Record<string, string> = {};
    if (rest.startsWith("{")) {
      const read = readLabels(rest);
      if (typeof read === "string") {
        problem(read);
        return;
      }
      labels = read.labels;
      rest = read.rest;
    }
    const value = rest.trim().split(/\s+/)[0] ?? "";
    if (value === "" || (value !== "NaN" && Number.isNaN(Number(value.replace(/^([+-]?)Inf$/, "$1Infinity"))))) {
      problem(`sample ${name[0]} has no numeric value`);
      return;
    }
    owner(name[0]).samples.push({ name: name[0], labels, value });
  });
  return { families, problems };
}
