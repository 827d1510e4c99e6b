import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi's runtime keeps global state (mocks, config): one file per process.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    server: {
      deps: {
        // Imports its JSON schema without an import attribute, which Node's
        // ESM loader refuses; Vite's transform loads it.
        inline: ["@actions/workflow-parser"],
      },
    },
  },
});
