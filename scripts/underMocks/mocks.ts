import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * A recorder of the resources a program registers under Pulumi mocks.
 *
 * Use: `const recorder = await recordResources()` first, then
 * `await import()` the code under test (static imports are hoisted above
 * `setMocks`), and create the resources under a parent built with
 * `{ transformations: [recorder.trace] }` so that their parents and raw
 * inputs (Outputs intact, secrets still marked) are recorded too. Await
 * `recorder.settle(resources)` before asserting.
 */

/** One registered resource. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  /** Inputs as the engine receives them: Outputs resolved, secret markers removed. */
  readonly inputs: Record<string, unknown>;
  /**
   * Paths (`/stringData`) of inputs that arrived as secrets. The mock monitor
   * lifts secrecy to the top-level property that contains a secret, so this
   * is coarse; `unwrapInputs(rawInputs)` gives the exact paths.
   */
  readonly secretPaths: readonly string[];
  /**
   * The state the mock returned: the inputs, plus a `metadata.name` for
   * Kubernetes objects created without one, as the provider's auto-naming
   * would give them.
   */
  readonly state: Record<string, unknown>;
  /** True for a provider's resource, false for a component (or the stack). */
  readonly custom: boolean;
  /** The parent, when the resource was created under a traced parent. */
  readonly parent?: pulumi.Resource;
  /** URN of the parent, filled by `settle`. */
  readonly parentUrn?: string;
  /** Inputs as the program passed them (Outputs intact), for secrecy checks. */
  readonly rawInputs?: Readonly<Record<string, unknown>>;
}

/** A handler for a provider function (`call`), by token. */
export type CallHandler = (inputs: Record<string, unknown>) => Record<string, unknown>;

export interface ResourceRecorder {
  /** Every registered resource, in registration order. */
  readonly resources: readonly RecordedResource[];
  /** A transformation for a parent's options: records children's parents and raw inputs. */
  readonly trace: pulumi.ResourceTransformation;
  /** Waits until the given resources (and their traced children) are registered. */
  settle(resources: readonly pulumi.Resource[]): Promise<void>;
  /** Resources of one type token, e.g. `kubernetes:apps/v1:Deployment`. */
  ofType(type: string): RecordedResource[];
  /** The one resource of a type and name. @throws listing what exists when absent. */
  get(type: string, name: string): RecordedResource;
}

interface Trace {
  readonly parent?: pulumi.Resource;
  readonly rawInputs: Readonly<Record<string, unknown>>;
}

function key(type: string, name: string): string {
  return `${type}::${name}`;
}

/** The value of an Output, once known (under mocks every Output becomes known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

/** The marker the Pulumi RPC layer puts on a secret value: `{ [sigKey]: secretSig, value }`. */
const rpcSignatureKey = "4dabf18193072939515e22adb298388d";
const rpcSecretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** Removes the RPC secret markers from a deserialized value, noting where they were. */
function withoutSecretMarkers(value: unknown, path: string, secretPaths: string[]): unknown {
  if (Array.isArray(value))
    return value.map((item, index) => withoutSecretMarkers(item, `${path}/${index}`, secretPaths));
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  if (record[rpcSignatureKey] === rpcSecretSignature) {
    secretPaths.push(path);
    return withoutSecretMarkers(record["value"], path, secretPaths);
  }
  return Object.fromEntries(
    Object.entries(record).map(([name, inner]) => [
      name,
      withoutSecretMarkers(inner, `${path}/${pointerSegment(name)}`, secretPaths),
    ]),
  );
}

/** Emulates the Kubernetes provider's auto-naming: `<name>-<8 characters>`. */
function withKubernetesAutoName(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const metadata = inputs["metadata"];
  if (!type.startsWith("kubernetes:")) return inputs;
  const current = typeof metadata === "object" && metadata !== null ? (metadata as Record<string, unknown>) : {};
  if (current["name"] !== undefined) return inputs;
  const suffix = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return { ...inputs, metadata: { ...current, name: `${name}-${suffix}` } };
}

/**
 * Sets Pulumi mocks that record every resource and return
 * `{ id: name + "-id", state: inputs }`. Provider functions not listed in
 * `calls` throw, so an unexpected lookup fails the test instead of
 * returning nothing.
 */
export async function recordResources(
  options: {
    calls?: Readonly<Record<string, CallHandler>>;
    project?: string;
    stack?: string;
    /** Outputs a provider would compute (e.g. a generated password), by resource type. */
    computed?: Readonly<Record<string, (name: string) => Record<string, unknown>>>;
  } = {},
): Promise<ResourceRecorder> {
  const resources: RecordedResource[] = [];
  const traces = new Map<string, Trace>();
  const calls = options.calls ?? {};

  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const secretPaths: string[] = [];
        const inputs = withoutSecretMarkers(args.inputs, "", secretPaths) as Record<string, unknown>;
        const state = {
          ...withKubernetesAutoName(args.type, args.name, inputs),
          ...(options.computed?.[args.type]?.(args.name) ?? {}),
        };
        const trace = traces.get(key(args.type, args.name));
        resources.push({
          type: args.type,
          name: args.name,
          custom: args.custom ?? true,
          inputs,
          secretPaths,
          state,
          ...(trace ? { parent: trace.parent, rawInputs: trace.rawInputs } : {}),
        });
        return { id: `${args.name}-id`, state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const handler = calls[args.token];
        if (handler === undefined) throw new Error(`unexpected provider call '${args.token}' under mocks`);
        return handler(args.inputs as Record<string, unknown>);
      },
    },
    options.project ?? "observability-stack",
    options.stack ?? "test",
    false,
  );

  const recorder: ResourceRecorder = {
    resources,
    trace: (args) => {
      const id = key(args.type, args.name);
      if (traces.has(id)) throw new Error(`two resources named ${id}: Pulumi names must be unique`);
      traces.set(id, { parent: args.opts.parent, rawInputs: args.props });
      return undefined;
    },
    async settle(settled) {
      await Promise.all(settled.map((resource) => valueOf(resource.urn)));
      // Registration is asynchronous: wait (boundedly) until every traced resource has arrived.
      const arrived = () => [...traces.keys()].every((id) => resources.some((r) => key(r.type, r.name) === id));
      for (let attempt = 0; attempt < 500 && !arrived(); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (!arrived()) throw new Error("some traced resources were never registered; did a registration fail?");
      for (const [index, resource] of resources.entries()) {
        if (resource.parent !== undefined && resource.parentUrn === undefined) {
          resources[index] = { ...resource, parentUrn: await valueOf(resource.parent.urn) };
        }
      }
    },
    ofType: (type) => resources.filter((resource) => resource.type === type),
    get(type, name) {
      const found = resources.filter((resource) => resource.type === type && resource.name === name);
      if (found.length !== 1) {
        const known = resources.map((resource) => key(resource.type, resource.name)).join("\n  ");
        throw new Error(`expected one ${key(type, name)}, found ${found.length}; registered:\n  ${known}`);
      }
      return found[0];
    },
  };
  return recorder;
}

/** A resolved input value with the paths of the parts that were secret Outputs. */
export interface UnwrappedInputs {
  readonly value: unknown;
  /** JSON-pointer-like paths (`/spec/template/metadata/annotations/checksum~1config`). */
  readonly secretPaths: readonly string[];
}

function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Resolves every Output and Promise in a raw input value and reports where
 * the secrets are: a secret Output marks its path, and everything beneath.
 */
export async function unwrapInputs(raw: unknown): Promise<UnwrappedInputs> {
  const secretPaths: string[] = [];
  async function walk(value: unknown, path: string): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
      if (await pulumi.isSecret(value)) secretPaths.push(path);
      return walk(await valueOf(value), path);
    }
    if (value instanceof Promise) return walk(await value, path);
    if (Array.isArray(value)) {
      return Promise.all(value.map((item, index) => walk(item, `${path}/${index}`)));
    }
    if (typeof value === "object" && value !== null && !pulumi.Resource.isInstance(value)) {
      const entries = await Promise.all(
        Object.entries(value).map(async ([name, inner]) => [
          name,
          await walk(inner, `${path}/${pointerSegment(name)}`),
        ]),
      );
      return Object.fromEntries(entries.filter(([, inner]) => inner !== undefined));
    }
    return value;
  }
  const value = await walk(raw, "");
  return { value, secretPaths };
}

/** True when `path` is a secret path or lies beneath one. */
export function isUnderSecret(path: string, secretPaths: readonly string[]): boolean {
  return secretPaths.some((secret) => path === secret || path.startsWith(`${secret}/`));
}
