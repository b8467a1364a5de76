// Lint enforces the layers: the pure core and the dialogue engine never touch
// transports, storage, queues or the file system (ARCHITECTURE.md).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const infrastructure = [
  { name: "grammy", message: "src/core and src/engine are pure: transports belong in src/adapters." },
  { name: "@whiskeysockets/baileys", message: "src/core and src/engine are pure: transports belong in src/adapters." },
  { name: "mongoose", message: "src/core and src/engine are pure: storage belongs in src/store." },
  { name: "mongodb", message: "src/core and src/engine are pure: storage belongs in src/store." },
  { name: "bullmq", message: "src/core and src/engine are pure: queues belong in src/queue." },
  { name: "ioredis", message: "src/core and src/engine are pure: queues belong in src/queue." },
  { name: "node:fs", message: "src/core and src/engine do no I/O: load files in the composition root." },
  { name: "fs", message: "src/core and src/engine do no I/O: load files in the composition root." },
  { name: "node:fs/promises", message: "src/core and src/engine do no I/O: load files in the composition root." },
  { name: "fs/promises", message: "src/core and src/engine do no I/O: load files in the composition root." },
];

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "dist.next/**", "dist.old/**", ".data/**", "coverage/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["src/core/**/*.ts", "src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: infrastructure,
          patterns: [
            { group: ["grammy/*", "@grammyjs/*", "@whiskeysockets/*", "mongoose/*", "mongodb/*", "bullmq/*", "ioredis/*"], message: "src/core and src/engine are pure." },
            { group: ["**/store/**", "**/queue/**", "**/adapters/**", "**/admin/**", "**/cli/**"], message: "The core and the engine must not depend on outer layers." },
          ],
        },
      ],
    },
  },
);
