import { type Kysely, type MigrationResult, Migrator } from "kysely";
import { migrations } from "./migrations";

/**
 * `schema`: on PostgreSQL, the schema the app's tables live in. kysely otherwise looks for its
 * migration tables in every schema, and another schema's (a parallel test run's) would fool it.
 */
export async function migrateToLatestOrThrow(db: Kysely<any>, { schema }: { schema?: string } = {}): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return results ?? [];
}
