/*
 * `npm start`: builds the app when the build is missing or older than its sources, applies
 * migrations, seeds the demo provider on an empty database, and serves on PORT (default 3000).
 */
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { openDatabase } from "../../db/client";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { formatDemoLogins, seedDemoIfEmpty } from "../../db/seed";
import { getEnv } from "../env.server";
import { startMailWorker, stopMailWorker } from "../mail/mail-worker.server";
import { startReminderScan, stopReminderScan } from "../services/reminders.server";
import { BUILD_ENTRY, buildIfStale } from "./build";
import { createRequestListener } from "./http";

async function main() {
  const env = getEnv();
  if (!process.argv.includes("--no-build")) buildIfStale();

  const handle = openDatabase({ url: env.DATABASE_URL });
  await migrateToLatestOrThrow(handle.db);
  const seed = await seedDemoIfEmpty(handle.db);
  if (seed) console.log(formatDemoLogins(seed));
  // The built app finds this handle through app/db.server.ts instead of opening a second one.
  globalThis.__cairnDatabase = handle;
  // Without SMTP (the embedded default) there is no worker and nothing is queued.
  if (startMailWorker(handle)) startReminderScan(handle.db);
  else console.log("Mail: not configured (set SMTP_URL and MAIL_FROM to send invitations); links are shared by hand.");

  const build = (await import(pathToFileURL(BUILD_ENTRY).href)) as ServerBuild;
  const server = createServer(createRequestListener(build, { trustProxy: process.env.TRUST_PROXY === "true" }));
  server.listen(env.PORT, () => {
    // Under `npm run dev`, remix dev waits for this signal before it reloads the browser.
    if (process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build);
    console.log(`Cairn is serving at http://localhost:${env.PORT} (database: ${handle.dialect}, ${handle.description})`);
  });

  const shutdown = () => {
    void import("../reports/pdf-queue.server").then((pdfQueue) => pdfQueue.closePdfQueue());
    // Stop claiming mail first: the message in flight finishes, unstarted claims are released.
    stopReminderScan();
    server.close(() => {
      void stopMailWorker()
        .catch(() => {})
        .then(() => handle.close())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
