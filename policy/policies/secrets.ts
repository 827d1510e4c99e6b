import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configFilesOf, documentEntries, parseDocuments } from "../shapes/documents";
import { asObjects, asString } from "../shapes/json";
import { containersOf, describeObject, kubernetesTypes, podSpecOf } from "../shapes/kubernetes";

/**
 * Secrets live in Kubernetes Secrets, never in ConfigMaps (readable by
 * anyone who may read the namespace's configuration, shown in plain text in
 * `pulumi preview --diff`) nor in literal environment values.
 *
 * Which value is a secret cannot be known, so this is a heuristic, tuned to
 * flag real credentials and to stay quiet on the stack's own files:
 * - a key *named* like a credential (its last word is password, secret,
 *   token, … or it ends in api key, private key, routing key, …) holding a
 *   literal value. Keys that point at a credential are not credentials:
 *   `password_file`, `credentials_file`, `bearer_token_file` (last word
 *   `file`), keys that name the Secret holding one (`passwordSecret`), and
 *   values that are references (`$__file{…}`, `$__env{…}`,
 *   `${VAR}`, `$(VAR)`, or an absolute path) pass;
 * - a value *shaped* like a credential, wherever it is: a PEM private key,
 *   a bcrypt hash, a URL with a password in it, a Slack webhook URL, a
 *   Bearer token.
 * Metric names, alert names and dashboard titles that contain "token" or
 * "secret" are values under other keys and do not match.
 */

/** Last words of a key that name a credential. */
const credentialWords = ["password", "passwd", "pwd", "secret", "token", "credential", "credentials"];

/** Last two words of a key that name a credential (`api_key`, `privateKey`, PagerDuty's `routing_key`). */
const credentialPairs = [
  "apikey",
  "privatekey",
  "secretkey",
  "accesskey",
  "routingkey",
  "servicekey",
  "integrationkey",
  "authkey",
];

/** The words of a key: `basicAuthPassword`, `client_secret`, `GF_SECURITY_ADMIN_PASSWORD__FILE`, `admin-password.txt`. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}

function endsWithCredential(words: readonly string[]): boolean {
  return credentialWords.includes(words.at(-1) ?? "") || credentialPairs.includes(words.slice(-2).join(""));
}

/**
 * True when a key names a credential by its last word(s). A key that names
 * the secret holding a credential (`passwordSecret`, `routingKeySecret`: the
 * stack's convention for referencing a `pulumi config set --secret` key) is
 * a reference, not a credential.
 */
export function namesCredential(key: string): boolean {
  const words = keyWords(key);
  if (!endsWithCredential(words)) return false;
  return !(words.at(-1) === "secret" && endsWithCredential(words.slice(0, -1)));
}

/** True for values that point at a credential instead of holding it. */
export function isReference(value: string): boolean {
  const trimmed = value.trim();
  return (
    trimmed === "" ||
    trimmed.startsWith("/") ||
    /^\$__(file|env|vault)\{.*\}$/.test(trimmed) ||
    /^\$\{[^}]+\}$/.test(trimmed) ||
    /^\$\([^)]+\)$/.test(trimmed)
  );
}

/** Values shaped like credentials, with what they look like. */
const credentialShapes: readonly { readonly pattern: RegExp; readonly what: string }[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: "a PEM private key" },
  { pattern: /\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}/, what: "a bcrypt password hash" },
  { pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']+:[^\s/@"']+@/i, what: "a URL with a password in it" },
  { pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/, what: "a Slack webhook URL" },
  { pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}/, what: "a Bearer token" },
];

/** Lines `name = value` / `name: value` of a file that is neither YAML nor JSON (ini, env files). */
function settingLines(content: string): { key: string; value: string; line: number }[] {
  return content.split(/\r?\n/).flatMap((line, index) => {
    const match = /^\s*([A-Za-z0-9_.-]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    return match === null ? [] : [{ key: match[1], value: match[2].replace(/^["']|["']$/g, ""), line: index + 1 }];
  });
}

/** Why the files of a ConfigMap look like they hold credentials, one line per finding. */
export function credentialFindings(files: ReadonlyMap<string, string>): string[] {
  const findings: string[] = [];
  for (const [file, content] of files) {
    const fileStem = file.replace(/\.[A-Za-z0-9]+$/, "");
    if (namesCredential(fileStem) && !isReference(content)) {
      findings.push(`key '${file}' is named like a credential`);
    }
    for (const shape of credentialShapes) {
      if (shape.pattern.test(content)) findings.push(`${file} contains ${shape.what}`);
    }
    const structured = parseDocuments(content).filter((document) => typeof document === "object" && document !== null);
    const settings =
      structured.length > 0
        ? structured.flatMap((document) =>
            documentEntries(document).flatMap((entry) =>
              typeof entry.value === "string" ? [{ key: entry.key, value: entry.value, where: entry.path }] : [],
            ),
          )
        : settingLines(content).map((setting) => ({ ...setting, where: `line ${setting.line} (${setting.key})` }));
    for (const setting of settings) {
      if (namesCredential(setting.key) && !isReference(setting.value)) {
        findings.push(`${file}: ${setting.where} holds a literal credential`);
      }
    }
  }
  return findings;
}

export const noSecretsInConfigMaps: ResourceValidationPolicy = {
  name: "no-secrets-in-configmaps",
  description:
    "ConfigMaps hold no credentials: no key named like one with a literal value, no private key, password hash, password URL, webhook URL or token.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== kubernetesTypes.configMap) return;
    const files = configFilesOf(args.type, args.props) ?? new Map<string, string>();
    for (const finding of credentialFindings(files)) {
      reportViolation(
        `${describeObject(args.type, args.props, args.name)}: ${finding}; move it to a Secret (or reference a file mounted from one)`,
      );
    }
  },
};

export const noSecretLiteralsInEnv: ResourceValidationPolicy = {
  name: "no-secret-literals-in-env",
  description:
    "No Kubernetes container gets a credential as a literal environment value: use valueFrom.secretKeyRef or a file (`*__FILE`).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const podSpec = podSpecOf(args.type, args.props);
    if (podSpec === undefined) return;
    for (const { container, list, name } of containersOf(podSpec)) {
      for (const variable of asObjects(container["env"])) {
        const variableName = asString(variable["name"]) ?? "";
        const value = asString(variable["value"]);
        if (value === undefined || !namesCredential(variableName) || isReference(value)) continue;
        reportViolation(
          `${describeObject(args.type, args.props, args.name)}: ${list} '${name}' sets ${variableName} to a literal value; use valueFrom.secretKeyRef or ${variableName}__FILE with a mounted Secret`,
        );
      }
    }
  },
};
