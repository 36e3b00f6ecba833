import { openDatabase } from "./client";
import { migrateToLatestOrThrow } from "./migrate";
import { formatDemoLogins, seedDemoIfEmpty } from "./seed";

const command = process.argv[2];
const handle = openDatabase({ url: process.env.DATABASE_URL });

try {
  switch (command) {
    case "migrate": {
      const results = await migrateToLatestOrThrow(handle.db);
      console.log(results.length ? results.map((r) => `applied ${r.migrationName}`).join("\n") : "Database is up to date.");
      break;
    }
    case "seed": {
      await migrateToLatestOrThrow(handle.db);
      const seed = await seedDemoIfEmpty(handle.db);
      console.log(seed ? formatDemoLogins(seed) : "The database already has data; nothing seeded.");
      break;
    }
    default:
      console.error("Usage: tsx db/cli.ts migrate|seed");
      process.exitCode = 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle.close();
}
