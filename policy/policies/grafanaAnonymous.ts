import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configFilesOf } from "../shapes/documents";
import { dockerEnv, dockerName, dockerTypes } from "../shapes/docker";
import { containersOf, describeObject, envValue, podSpecOf } from "../shapes/kubernetes";

/**
 * Grafana without anonymous access, everywhere: an anonymous viewer sees
 * every dashboard and can query every datasource through Grafana's proxy.
 * Grafana takes the setting from GF_AUTH_ANONYMOUS_ENABLED or from
 * grafana.ini's [auth.anonymous] section.
 */

export const anonymousVariable = "GF_AUTH_ANONYMOUS_ENABLED";

/** Grafana parses booleans with Go's strconv.ParseBool: these mean true. */
const goTrue = ["1", "t", "T", "TRUE", "true", "True"];

export function isGoTrue(value: string | undefined): boolean {
  return value !== undefined && goTrue.includes(value.trim());
}

/** True when a grafana.ini text enables anonymous access. */
export function iniEnablesAnonymous(ini: string): boolean {
  let section = "";
  for (const rawLine of ini.split(/\r?\n/)) {
    const line = rawLine.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header !== null) {
      section = header[1].trim();
      continue;
    }
    const setting = /^([A-Za-z0-9_.]+)\s*=\s*(.*)$/.exec(line);
    if (section === "auth.anonymous" && setting !== null && setting[1] === "enabled" && isGoTrue(setting[2])) {
      return true;
    }
  }
  return false;
}

export const grafanaNoAnonymous: ResourceValidationPolicy = {
  name: "grafana-no-anonymous",
  description: "Grafana never allows anonymous access (GF_AUTH_ANONYMOUS_ENABLED or [auth.anonymous] enabled).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const fix = `set ${anonymousVariable}=false and sign in (admin, basic auth or OIDC)`;
    const podSpec = podSpecOf(args.type, args.props);
    if (podSpec !== undefined) {
      for (const { container, list, name } of containersOf(podSpec)) {
        if (isGoTrue(envValue(container, anonymousVariable))) {
          reportViolation(
            `${describeObject(args.type, args.props, args.name)}: ${list} '${name}' enables anonymous Grafana; ${fix}`,
          );
        }
      }
      return;
    }
    if (args.type === dockerTypes.container) {
      if (isGoTrue(dockerEnv(args.props).get(anonymousVariable))) {
        reportViolation(`container ${dockerName(args.props, args.name)} enables anonymous Grafana; ${fix}`);
      }
      return;
    }
    for (const [file, content] of configFilesOf(args.type, args.props) ?? []) {
      if (file.endsWith(".ini") && iniEnablesAnonymous(content)) {
        reportViolation(`${describeObject(args.type, args.props, args.name)} ${file} enables [auth.anonymous]; ${fix}`);
      }
    }
  },
};
