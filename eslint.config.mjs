import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** One no-restricted-imports rule per layer: the folders its files may not import. */
function layerRules(layers) {
  return layers.map(([files, forbidden]) => ({
    files: [files],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: forbidden.map((folder) => ({
            group: [`**/${folder}`, `**/${folder}/**`],
            message: `${files.split("/")[0]}/ may not import ${folder}/: it is a later layer (see docs/architecture.md).`,
          })),
        },
      ],
    },
  }));
}

const nullishDefaults = {
  selector: "LogicalExpression[operator='||'][right.type=/Literal|ArrayExpression|ObjectExpression/]",
  message: "Use ?? for defaults: || also replaces 0 and empty strings.",
};

/** The model asks which target a stack is on in one module only (docs/architecture.md). */
const targetComparisons = {
  selector: "BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^(docker|kubernetes)$/]",
  message:
    "Read a trait of model/targetTraits.ts instead of comparing the target: it is the one model file that knows the targets.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", "bin/**", "out/**", ".render/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A dropped promise in a Pulumi program is a resource that may never register.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": ["error", nullishDefaults],
    },
  },
  // The layers (docs/architecture.md): settings → model → platform →
  // components → program. A layer imports only the layers before it.
  ...layerRules([
    ["settings/**/*.ts", ["model", "platform", "components", "program", "scripts", "test"]],
    ["model/**/*.ts", ["platform", "components", "program", "scripts", "test"]],
    ["platform/**/*.ts", ["components", "program", "scripts", "test"]],
    ["components/**/*.ts", ["program", "scripts", "test"]],
    // Scripts (render, bench, promote) ship with the project; tests do not.
    ["scripts/**/*.ts", ["test"]],
  ]),
  {
    files: ["model/**/*.ts"],
    ignores: ["model/targetTraits.ts"],
    rules: { "no-restricted-syntax": ["error", nullishDefaults, targetComparisons] },
  },
  {
    files: ["**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
