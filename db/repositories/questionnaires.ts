import type { Kysely } from "kysely";
import { newId, nowIso } from "../ids";
import type { Database } from "../schema";

export interface StoredQuestionnaire {
  id: string;
  key: string;
  version: number;
  title: string;
  createdAt: string;
  createdBy: string | null;
  /** When it was archived (not offered for new assessments); null while it is offered. */
  archivedAt: string | null;
}

interface NewQuestionnaireVersion {
  organisationId: string;
  key: string;
  title: string;
  modelJson: string;
  createdBy: string | null;
  /** The upload's warnings as JSON text; omitted when there were none to keep. */
  warningsJson?: string | null;
}

const STORED_COLUMNS = ["id", "questionnaire_key", "version", "title", "created_at", "created_by", "archived_at"] as const;

function storedQuestionnaire(row: { id: string; questionnaire_key: string; version: number; title: string; created_at: string; created_by: string | null; archived_at: string | null }): StoredQuestionnaire {
  return { id: row.id, key: row.questionnaire_key, version: Number(row.version), title: row.title, createdAt: row.created_at, createdBy: row.created_by, archivedAt: row.archived_at };
}

/**
 * Stores an uploaded questionnaire as the next version of its key, unless `isSameModel` says an
 * existing version of that key already holds it; then that version is returned and nothing is
 * stored. Checked in the same transaction as the insert, so a double submit stores one version.
 * Published versions never change.
 */
export async function storeQuestionnaireVersion(
  db: Kysely<Database>,
  input: NewQuestionnaireVersion & { isSameModel: (storedModelJson: string) => boolean },
): Promise<{ created: true; stored: StoredQuestionnaire } | { created: false; stored: StoredQuestionnaire }> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("questionnaires")
      .select([...STORED_COLUMNS, "model_json"])
      .where("organisation_id", "=", input.organisationId)
      .where("questionnaire_key", "=", input.key)
      .orderBy("version")
      .execute();
    const same = existing.find((row) => input.isSameModel(row.model_json));
    if (same) return { created: false as const, stored: storedQuestionnaire(same) };
    const version = existing.reduce((highest, row) => Math.max(highest, Number(row.version)), 0) + 1;
    const row = {
      id: newId(),
      organisation_id: input.organisationId,
      questionnaire_key: input.key,
      version,
      title: input.title,
      model_json: input.modelJson,
      created_by: input.createdBy,
      created_at: nowIso(),
      warnings_json: input.warningsJson ?? null,
      archived_at: null,
    };
    await trx.insertInto("questionnaires").values(row).execute();
    return { created: true as const, stored: storedQuestionnaire(row) };
  });
}

/** Stores a questionnaire as the next version of its key, whatever it holds. */
export async function createQuestionnaireVersion(db: Kysely<Database>, input: NewQuestionnaireVersion): Promise<StoredQuestionnaire> {
  return (await storeQuestionnaireVersion(db, { ...input, isSameModel: () => false })).stored;
}

export async function listQuestionnaireVersions(db: Kysely<Database>, { organisationId }: { organisationId: string }): Promise<StoredQuestionnaire[]> {
  const rows = await db
    .selectFrom("questionnaires")
    .select([...STORED_COLUMNS])
    .where("organisation_id", "=", organisationId)
    .orderBy("questionnaire_key")
    .orderBy("version")
    .execute();
  return rows.map(storedQuestionnaire);
}

export async function getQuestionnaireModel(
  db: Kysely<Database>,
  { organisationId, key, version }: { organisationId: string; key: string; version: number },
): Promise<{ id: string; title: string; modelJson: string; warningsJson: string | null; archivedAt: string | null } | undefined> {
  const row = await db
    .selectFrom("questionnaires")
    .select(["id", "title", "model_json", "warnings_json", "archived_at"])
    .where("organisation_id", "=", organisationId)
    .where("questionnaire_key", "=", key)
    .where("version", "=", version)
    .executeTakeFirst();
  return row ? { id: row.id, title: row.title, modelJson: row.model_json, warningsJson: row.warnings_json, archivedAt: row.archived_at } : undefined;
}

/**
 * Archives a version (`archived: true`) or offers it again. Returns the version, or undefined when
 * the provider has no such version. Only this flag changes: the model itself never does.
 */
export async function setQuestionnaireArchived(
  db: Kysely<Database>,
  { organisationId, key, version, archived }: { organisationId: string; key: string; version: number; archived: boolean },
): Promise<StoredQuestionnaire | undefined> {
  await db
    .updateTable("questionnaires")
    .set({ archived_at: archived ? nowIso() : null })
    .where("organisation_id", "=", organisationId)
    .where("questionnaire_key", "=", key)
    .where("version", "=", version)
    // Archiving an archived version keeps the date it was first archived.
    .$if(archived, (query) => query.where("archived_at", "is", null))
    .execute();
  const row = await db
    .selectFrom("questionnaires")
    .select([...STORED_COLUMNS])
    .where("organisation_id", "=", organisationId)
    .where("questionnaire_key", "=", key)
    .where("version", "=", version)
    .executeTakeFirst();
  return row ? storedQuestionnaire(row) : undefined;
}
