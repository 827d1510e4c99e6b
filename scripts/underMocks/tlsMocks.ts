/**
 * What the TLS provider would compute for @pulumi/tls resources, for the
 * `computed` option of `recordResources`: under plain mocks a resource's
 * outputs are only its inputs, so `privateKeyPem` and `certPem` would be
 * undefined and every file that embeds them would fail to fill. The values
 * are PEM-shaped, unique per resource and recognisable, so a test can look
 * for a private key wherever it must not be.
 */

/** Type tokens of the @pulumi/tls resources the stack creates. */
export const tlsTypes = {
  privateKey: "tls:index/privateKey:PrivateKey",
  selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
  certRequest: "tls:index/certRequest:CertRequest",
  locallySignedCert: "tls:index/locallySignedCert:LocallySignedCert",
} as const;

/** The marker inside every mock private key. */
export const mockPrivateKeyMarker = "MOCK-PRIVATE-KEY";

function pem(label: string, body: string): string {
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** A mock private key PEM for the resource `name`. */
export function mockPrivateKeyPem(name: string): string {
  return pem("PRIVATE KEY", `${mockPrivateKeyMarker}-${name}`);
}

/** A mock certificate PEM for the resource `name`. */
export function mockCertificatePem(name: string): string {
  return pem("CERTIFICATE", `MOCK-CERTIFICATE-${name}`);
}

/** Outputs by resource type, for `recordResources({ computed: tlsComputedOutputs })`. */
export const tlsComputedOutputs: Readonly<Record<string, (name: string) => Record<string, unknown>>> = {
  [tlsTypes.privateKey]: (name) => ({
    privateKeyPem: mockPrivateKeyPem(name),
    publicKeyPem: pem("PUBLIC KEY", `MOCK-PUBLIC-KEY-${name}`),
  }),
  [tlsTypes.selfSignedCert]: (name) => ({ certPem: mockCertificatePem(name) }),
  [tlsTypes.certRequest]: (name) => ({ certRequestPem: pem("CERTIFICATE REQUEST", `MOCK-CSR-${name}`) }),
  [tlsTypes.locallySignedCert]: (name) => ({ certPem: mockCertificatePem(name) }),
};
