import type { ResolvedSettings } from "../../settings/validate";

/** An OIDC client of an example identity provider (settings shape of auth.grafanaOidc / auth.jaegerProxy). */
export function exampleOidc(clientId: string, clientSecretSecret: string) {
  const realm = "https://login.example.com/realms/ops";
  return {
    issuerUrl: realm,
    authUrl: `${realm}/protocol/openid-connect/auth`,
    tokenUrl: `${realm}/protocol/openid-connect/token`,
    apiUrl: `${realm}/protocol/openid-connect/userinfo`,
    clientId,
    clientSecretSecret,
  };
}

/** `auth.jaegerProxy` settings letting in two email domains. */
export const exampleJaegerProxy = {
  ...exampleOidc("jaeger", "jaegerProxyClientSecret"),
  emailDomains: ["example.com", "ops.example.com"],
};

/** The settings switched to external-Grafana mode, with a Jaeger URL when given. */
export function withExternalGrafana(settings: ResolvedSettings, jaegerUrl?: string): ResolvedSettings {
  return {
    ...settings,
    grafana: {
      ...settings.grafana,
      mode: "external",
      external: {
        url: "https://grafana.example.com",
        authSecret: "grafanaToken",
        folder: "Observability",
        datasourceUrls: {
          prometheus: "https://prometheus.obs.example.com",
          alertmanager: "https://alertmanager.obs.example.com",
          ...(jaegerUrl !== undefined ? { jaeger: jaegerUrl } : {}),
        },
      },
    },
  };
}
