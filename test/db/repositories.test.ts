import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent, listAuditLog } from "../../db/repositories/audit-log";
import { getCustomer, listCustomers, setCustomerArchived, updateCustomer } from "../../db/repositories/customers";
import { createAssessment, getAssessment, listAssessments } from "../../db/repositories/assessments";
import { getOrganisation, updateOrganisationBranding } from "../../db/repositories/organisations";
import { createSession, findSessionWithUser } from "../../db/repositories/sessions";
import { createUser, getUser, listUsers, updateUser } from "../../db/repositories/users";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { createProvider } from "../support/fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`repositories on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("runs migrations again without changing anything", async () => {
    expect(await migrateToLatestOrThrow(database.db)).toEqual([]);
  });

  it("finds a customer only through its own provider", async () => {
    const { db } = database;
    expect((await getCustomer(db, { organisationId: north.organisation.id, customerId: north.customer.id }))?.name).toBe("North customer");
    expect(await getCustomer(db, { organisationId: south.organisation.id, customerId: north.customer.id })).toBeUndefined();
  });

  it("cannot update or archive another provider's customer", async () => {
    const { db } = database;
    const changed = await updateCustomer(db, {
      organisationId: south.organisation.id,
      customerId: north.customer.id,
      name: "Hijacked",
      industry: "",
      size: "",
      notes: "",
    });
    expect(changed).toBe(false);
    expect(await setCustomerArchived(db, { organisationId: south.organisation.id, customerId: north.customer.id, archived: true })).toBe(false);
    const customer = await getCustomer(db, { organisationId: north.organisation.id, customerId: north.customer.id });
    expect(customer?.name).toBe("North customer");
    expect(customer?.archived_at).toBeNull();
  });

  it("lists a provider's customers with assessment counts, hiding archived ones unless asked", async () => {
    const { db } = database;
    const extra = await import("../../db/repositories/customers").then((m) =>
      m.createCustomer(db, { organisationId: north.organisation.id, createdBy: null, name: "Zeta Ltd", industry: "", size: "", notes: "" }),
    );
    await createAssessment(db, { organisationId: north.organisation.id, customerId: extra.id, title: "Baseline", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null });
    await createAssessment(db, { organisationId: north.organisation.id, customerId: extra.id, title: "Follow-up", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "workshop", createdBy: null });

    let customers = await listCustomers(db, { organisationId: north.organisation.id });
    expect(customers.map((c) => c.name)).toEqual(["North customer", "Zeta Ltd"]);
    expect(customers.find((c) => c.name === "Zeta Ltd")).toMatchObject({ assessmentCount: 2, openAssessmentCount: 2 });
    expect(customers.find((c) => c.name === "North customer")).toMatchObject({ assessmentCount: 0, openAssessmentCount: 0 });

    await setCustomerArchived(db, { organisationId: north.organisation.id, customerId: extra.id, archived: true });
    customers = await listCustomers(db, { organisationId: north.organisation.id });
    expect(customers.map((c) => c.name)).toEqual(["North customer"]);
    customers = await listCustomers(db, { organisationId: north.organisation.id, includeArchived: true });
    expect(customers.map((c) => c.name)).toEqual(["North customer", "Zeta Ltd"]);
    expect(await listCustomers(db, { organisationId: south.organisation.id })).toHaveLength(1);
  });

  it("keeps assessments inside their provider", async () => {
    const { db } = database;
    const assessment = await createAssessment(db, { organisationId: south.organisation.id, customerId: south.customer.id, title: "South baseline", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null });
    expect(await getAssessment(db, { organisationId: north.organisation.id, assessmentId: assessment.id })).toBeUndefined();
    expect((await listAssessments(db, { organisationId: north.organisation.id })).some((a) => a.id === assessment.id)).toBe(false);
    expect((await listAssessments(db, { organisationId: south.organisation.id }))[0]).toMatchObject({ title: "South baseline", customerName: "South customer", respondentCount: 0, completedCount: 0 });
  });

  it("refuses a second user with the same email, whatever its case", async () => {
    await expect(
      createUser(database.db, { organisationId: south.organisation.id, email: "ADMIN@north.example", name: "Copy", role: "admin", passwordHash: "x" }),
    ).rejects.toThrow();
  });

  it("scopes users to their provider and never returns password hashes in listings", async () => {
    const { db } = database;
    const users = await listUsers(db, { organisationId: north.organisation.id });
    expect(users).toHaveLength(3);
    expect(users.some((u) => "password_hash" in u)).toBe(false);
    expect(await getUser(db, { organisationId: south.organisation.id, userId: north.users.admin.id })).toBeUndefined();
    expect(await updateUser(db, { organisationId: south.organisation.id, userId: north.users.admin.id, role: "sales" })).toBe(false);
  });

  it("does not resolve the session of a disabled user", async () => {
    const { db } = database;
    await createSession(db, { id: "session-hash-1", userId: north.users.sales.id, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await findSessionWithUser(db, "session-hash-1"))?.user).toMatchObject({ role: "sales", organisationId: north.organisation.id });
    await updateUser(db, { organisationId: north.organisation.id, userId: north.users.sales.id, disabled: true });
    expect(await findSessionWithUser(db, "session-hash-1")).toBeUndefined();
  });

  it("keeps branding and the audit log per provider", async () => {
    const { db } = database;
    await updateOrganisationBranding(db, { organisationId: north.organisation.id, name: "North Partners", accentColour: "#123456", logo: { base64: "iVBORw0KGgo=", mimeType: "image/png" } });
    expect(await getOrganisation(db, { organisationId: north.organisation.id })).toMatchObject({ name: "North Partners", accent_colour: "#123456", logo_mime_type: "image/png" });
    expect((await getOrganisation(db, { organisationId: south.organisation.id }))?.name).toBe("South");

    await recordAuditEvent(db, { organisationId: north.organisation.id, userId: north.users.admin.id, action: "user.created", targetType: "user", targetId: "u1", detail: { role: "sales" } });
    const northLog = await listAuditLog(db, { organisationId: north.organisation.id });
    expect(northLog[0]).toMatchObject({ action: "user.created", userName: "North admin" });
    expect(await listAuditLog(db, { organisationId: south.organisation.id })).toHaveLength(0);
  });

  it("lists a pasted list in the order given and does not count cleared answers as answered", async () => {
    const { db } = database;
    const { createRespondents, listRespondentProgress } = await import("../../db/repositories/respondents");
    const { saveAnswers } = await import("../../db/repositories/answers");
    const assessment = await createAssessment(db, { organisationId: north.organisation.id, customerId: north.customer.id, title: "Order", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null });
    const names = ["Zed", "Amy", "Mo", "Bea", "Cy"];
    const created = await createRespondents(db, {
      organisationId: north.organisation.id,
      assessmentId: assessment.id,
      respondents: names.map((name, i) => ({ kind: "person" as const, groupKey: "it", name, tokenHash: `hash-order-${i}`, tokenExpiresAt: null })),
    });
    await saveAnswers(db, { respondentId: created[0].id, answers: [{ questionName: "a", value: "x", seq: 1 }, { questionName: "b", value: "y", seq: 1 }] });
    await saveAnswers(db, { respondentId: created[0].id, answers: [{ questionName: "b", value: null, seq: 2 }] });
    const progress = await listRespondentProgress(db, { organisationId: north.organisation.id, assessmentId: assessment.id });
    expect(progress.map((p) => p.name)).toEqual(names);
    expect(progress[0].answeredCount).toBe(1);
    expect(progress[1].answeredCount).toBe(0);
  });

  it("counts answered respondents of many assessments at once, as the progress list does, within one provider", async () => {
    const { db } = database;
    const { countAnsweredRespondents, createRespondents, listRespondentProgress } = await import("../../db/repositories/respondents");
    const { saveAnswers } = await import("../../db/repositories/answers");
    const newAssessment = (organisation: typeof north, title: string) =>
      createAssessment(db, { organisationId: organisation.organisation.id, customerId: organisation.customer.id, title, questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null });
    const [first, second, empty, theirs] = [await newAssessment(north, "Count 1"), await newAssessment(north, "Count 2"), await newAssessment(north, "Count 3"), await newAssessment(south, "Theirs")];
    const people = async (organisation: typeof north, assessmentId: string, count: number, tag: string) =>
      createRespondents(db, {
        organisationId: organisation.organisation.id,
        assessmentId,
        respondents: Array.from({ length: count }, (_, i) => ({ kind: "person" as const, groupKey: "it", name: `${tag}${i}`, tokenHash: `hash-count-${tag}-${i}`, tokenExpiresAt: null })),
      });
    const [a, b, c] = await people(north, first.id, 3, "f");
    const [d] = await people(north, second.id, 2, "s");
    await people(north, empty.id, 2, "e");
    const [t] = await people(south, theirs.id, 1, "t");
    await saveAnswers(db, { respondentId: a.id, answers: [{ questionName: "q1", value: "x", seq: 1 }, { questionName: "q2", value: 3, seq: 1 }] });
    await saveAnswers(db, { respondentId: b.id, answers: [{ questionName: "q1", value: "y", seq: 1 }] });
    // Cleared again: no longer answered.
    await saveAnswers(db, { respondentId: c.id, answers: [{ questionName: "q1", value: "z", seq: 1 }] });
    await saveAnswers(db, { respondentId: c.id, answers: [{ questionName: "q1", value: null, seq: 2 }] });
    await saveAnswers(db, { respondentId: d.id, answers: [{ questionName: "q1", value: "w", seq: 1 }] });
    await saveAnswers(db, { respondentId: t.id, answers: [{ questionName: "q1", value: "v", seq: 1 }] });

    const counts = await countAnsweredRespondents(db, { organisationId: north.organisation.id, assessmentIds: [first.id, second.id, empty.id, theirs.id] });
    expect(Object.fromEntries(counts)).toEqual({ [first.id]: 2, [second.id]: 1 });
    for (const assessment of [first, second, empty]) {
      const progress = await listRespondentProgress(db, { organisationId: north.organisation.id, assessmentId: assessment.id });
      expect(counts.get(assessment.id) ?? 0).toBe(progress.filter((p) => p.answeredCount > 0).length);
    }
    expect(await countAnsweredRespondents(db, { organisationId: north.organisation.id, assessmentIds: [] })).toEqual(new Map());
  });

  it("enforces foreign keys", async () => {
    await expect(
      sql`insert into customers (id, organisation_id, name, industry, size, notes, created_at, updated_at) values ('c-x', 'no-such-org', 'x', '', '', '', 'now', 'now')`.execute(database.db),
    ).rejects.toThrow();
  });
});
