import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The folder picture has no cycle: no folder of the program (the layers and
 * the model's and platforms' sub-folders) imports, directly or through
 * others, a folder that imports it back.
 */
const repository = path.resolve(__dirname, "../..");
const layers = ["settings", "model", "platform", "components"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(repository, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith(".ts") ? [relative] : [];
  });
}

/** The folder a file counts in: a layer, or a sub-folder of model/ and platform/. */
function folderOf(file: string): string {
  const parts = file.split(path.sep);
  if ((parts[0] === "model" || parts[0] === "platform") && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? (parts[0] ?? ".") : ".";
}

function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const specifier = /(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;
  for (const file of layers.flatMap(sourceFiles)) {
    const text = fs.readFileSync(path.join(repository, file), "utf8");
    for (const match of text.matchAll(specifier)) {
      const target = path.normalize(path.join(path.dirname(file), match[1] ?? ""));
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      graph.set(from, (graph.get(from) ?? new Set()).add(to));
    }
  }
  return graph;
}

/** Every cycle's folders, found by walking from each folder. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const walk = (start: string, node: string, trail: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) found.push([...trail, next]);
      else if (!trail.includes(next) && next > start) walk(start, next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) walk(start, start, [start]);
  return found;
}

describe("the folder picture", () => {
  it("has no cycle", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(10);
    expect(cycles(graph).map((cycle) => cycle.join(" → "))).toEqual([]);
  });

  it("would show one (the check can fail)", () => {
    const graph = new Map([
      ["model/packs", new Set(["model/grafana"])],
      ["model/grafana", new Set(["model/packs"])],
    ]);
    expect(cycles(graph)).toEqual([["model/grafana", "model/packs", "model/grafana"]]);
  });
});
