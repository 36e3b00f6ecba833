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
}

/** Stores an uploaded questionnaire as the next version of its key; published versions never change. */
export async function createQuestionnaireVersion(
  db: Kysely<Database>,
  input: { organisationId: string; key: string; title: string; modelJson: string; createdBy: string | null },
): Promise<StoredQuestionnaire> {
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom("questionnaires")
      .select((eb) => eb.fn.max("version").as("version"))
      .where("organisation_id", "=", input.organisationId)
      .where("questionnaire_key", "=", input.key)
      .executeTakeFirst();
    const version = Number(latest?.version ?? 0) + 1;
    const row = {
      id: newId(),
      organisation_id: input.organisationId,
      questionnaire_key: input.key,
      version,
      title: input.title,
      model_json: input.modelJson,
      created_by: input.createdBy,
      created_at: nowIso(),
    };
    await trx.insertInto("questionnaires").values(row).execute();
    return { id: row.id, key: row.questionnaire_key, version, title: row.title, createdAt: row.created_at, createdBy: row.created_by };
  });
}

export async function listQuestionnaireVersions(db: Kysely<Database>, { organisationId }: { organisationId: string }): Promise<StoredQuestionnaire[]> {
  const rows = await db
    .selectFrom("questionnaires")
    .select(["id", "questionnaire_key", "version", "title", "created_at", "created_by"])
    .where("organisation_id", "=", organisationId)
    .orderBy("questionnaire_key")
    .orderBy("version")
    .execute();
  return rows.map((r) => ({ id: r.id, key: r.questionnaire_key, version: Number(r.version), title: r.title, createdAt: r.created_at, createdBy: r.created_by }));
}

export async function getQuestionnaireModel(
  db: Kysely<Database>,
  { organisationId, key, version }: { organisationId: string; key: string; version: number },
): Promise<{ id: string; title: string; modelJson: string } | undefined> {
  const row = await db
    .selectFrom("questionnaires")
    .select(["id", "title", "model_json"])
    .where("organisation_id", "=", organisationId)
    .where("questionnaire_key", "=", key)
    .where("version", "=", version)
    .executeTakeFirst();
  return row ? { id: row.id, title: row.title, modelJson: row.model_json } : undefined;
}
