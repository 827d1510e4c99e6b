/**
 * Where a server role finds its web config and the password its own probes
 * send. Both live in a directory of their own, `/etc/<role>/web`: with basic
 * auth on, the web config embeds a bcrypt hash and the password file the
 * password itself, so the directory is a secret one (a directory is either
 * secret or plain, see `Workload.files`) and nothing else belongs there.
 */
export function webConfigPaths(role: string): { dir: string; config: string; password: string } {
  const dir = `/etc/${role}/web`;
  return { dir, config: `${dir}/web.yml`, password: `${dir}/basic-auth-password` };
}
