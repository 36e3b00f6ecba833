import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "~": fileURLToPath(new URL("./app", import.meta.url)) };

// The integration suites run once per database dialect: the same tests, the same migrations.
const integrationFiles = ["test/db/**/*.test.ts", "test/routes/**/*.test.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    globalSetup: ["test/setup/environment.ts"],
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["test/domain/**/*.test.ts", "test/unit/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "sqlite",
          include: integrationFiles,
          env: { CAIRN_TEST_DIALECT: "sqlite" },
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "postgres",
          include: integrationFiles,
          env: { CAIRN_TEST_DIALECT: "postgres" },
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
