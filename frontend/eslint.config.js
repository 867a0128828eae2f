// ESLint: typescript-eslint (type-aware), the Rules of Hooks, and the import boundaries between layers
// (bulletproof-react): app/ composes features; a feature uses lib/, components/ and types/, never app/ nor another
// feature; lib/, components/, types/ and testing/ use no feature and not app/. Run by `npm run lint`.
import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const root = import.meta.dirname;
const features = readdirSync(`${root}/src/features`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const boundaries = [
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: "./src/features",
    except: [`./${feature}`],
    message: "A feature imports no other feature: move what both need to src/lib/, or compose them in src/app/.",
  })),
  {
    target: "./src/features",
    from: "./src/app",
    message: "Features do not import the app shell; the app imports them.",
  },
  {
    target: ["./src/lib", "./src/components", "./src/types", "./src/testing"],
    from: ["./src/features", "./src/app"],
    message: "Shared code (lib/, components/, types/, testing/) imports no feature and not the app shell.",
  },
];

export default defineConfig([
  // openapi.ts is written by scripts/api-types.sh.
  globalIgnores([
    "dist/",
    "node_modules/",
    "test-results/",
    "playwright-report/",
    "e2e/artifacts/",
    "src/types/openapi.ts",
  ]),
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
  },
  {
    files: ["**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
    rules: {
      // An import the resolver cannot follow would slip past the boundaries below, so it is an error too.
      "import-x/no-unresolved": "error",
      "import-x/no-restricted-paths": ["error", { basePath: root, zones: boundaries }],
    },
  },
]);
