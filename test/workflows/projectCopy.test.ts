import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { copyProjectFile, stackFileForCopy } from "../../scripts/engineProject";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";

const repositoryRoot = path.resolve(__dirname, "..", "..");
const committedDev = fs.readFileSync(path.join(repositoryRoot, "Pulumi.dev.yaml"), "utf8");

/** Pulumi.dev.yaml as `npm run dev` leaves it: the passphrase provider's salt added at the top. */
const afterDevUp = `encryptionsalt: v1:Zm9vYmFyYmF6:v1:cXV4cXV4cXV4cXV4:c2FsdHNhbHRzYWx0\n${committedDev}`;

describe("a project copy for the engine tests", () => {
  const dir = makeTempDir("project-copy");
  afterAll(() => removeTempDir(dir));

  it("drops the secrets provider binding a developer's `npm run dev` wrote, and nothing else", () => {
    const copied = stackFileForCopy(afterDevUp);
    expect(copied).not.toContain("encryptionsalt");
    expect(parse(copied)).toEqual(parse(committedDev));
    // Comments are how people read the stack file: they stay.
    const comments = (text: string): string[] => text.split("\n").filter((line) => line.trim().startsWith("#"));
    expect(comments(copied)).toEqual(comments(committedDev));
  });

  it("leaves a stack file without one byte for byte", () => {
    expect(stackFileForCopy(committedDev)).toBe(committedDev);
  });

  it("applies to stack files only when copying", () => {
    const source = path.join(dir, "source");
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, "Pulumi.dev.yaml"), afterDevUp);
    fs.writeFileSync(path.join(source, "notes.yaml"), afterDevUp);
    const target = path.join(dir, "target");
    copyProjectFile(path.join(source, "Pulumi.dev.yaml"), path.join(target, "Pulumi.dev.yaml"));
    copyProjectFile(path.join(source, "notes.yaml"), path.join(target, "notes.yaml"));
    expect(fs.readFileSync(path.join(target, "Pulumi.dev.yaml"), "utf8")).not.toContain("encryptionsalt");
    expect(fs.readFileSync(path.join(target, "notes.yaml"), "utf8")).toBe(afterDevUp);
  });
});
