import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A file to write: an absolute in-container path and its content. */
export interface FileToWrite {
  readonly path: string;
  readonly content: string;
}

/** A fresh temporary folder; the caller removes it with `removeTempDir`. */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Where an in-container absolute path lands under `root`. */
export function underRoot(root: string, containerPath: string): string {
  return path.join(root, containerPath);
}

/**
 * Writes files at their in-container paths below `root`, so a document that
 * names `/etc/prometheus/rules/x.yml` finds it at `<root>/etc/prometheus/rules/x.yml`
 * once its paths are rewritten with `underRoot`.
 */
export function writeUnderRoot(root: string, files: readonly FileToWrite[]): void {
  for (const file of files) {
    const target = underRoot(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
}
