import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as customerPage from "../../app/routes/_app.customers.$customerId._index";
import * as editCustomer from "../../app/routes/_app.customers.$customerId.edit";
import * as customerList from "../../app/routes/_app.customers._index";
import * as newCustomer from "../../app/routes/_app.customers.new";
import * as users from "../../app/routes/_app.settings.users";
import { getCustomer } from "../../db/repositories/customers";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`customers and tenancy on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  const cookies = {} as Record<"northConsultant" | "northSales" | "northAdmin" | "southConsultant", string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
    cookies.northConsultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    cookies.northSales = await signInAs("sales@north.example", TEST_PASSWORD);
    cookies.northAdmin = await signInAs("admin@north.example", TEST_PASSWORD);
    cookies.southConsultant = await signInAs("consultant@south.example", TEST_PASSWORD);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: testContext() });

  it("lets a consultant create a customer and then find it in the list", async () => {
    const created = await respond(() => newCustomer.action(args(post("/customers/new", { name: "Fabrikam", industry: "Logistics", size: "100–999 employees", notes: "<script>alert(1)</script>" }, cookies.northConsultant))));
    expect(created.status).toBe(302);
    const id = created.headers.get("Location")!.split("/").pop()!;
    const stored = await getCustomer(database.db, { organisationId: north.organisation.id, customerId: id });
    expect(stored).toMatchObject({ name: "Fabrikam", industry: "Logistics", notes: "<script>alert(1)</script>" });
    const list = await respond(() => customerList.loader(args(get("/customers", cookies.northConsultant))));
    const body = (await list.json()) as { customers: { name: string }[] };
    expect(body.customers.map((c) => c.name)).toContain("Fabrikam");
  });

  it("answers a bad customer form with 400 and a message per field, saving nothing", async () => {
    const before = await database.db.selectFrom("customers").select("id").execute();
    const response = await respond(() => newCustomer.action(args(post("/customers/new", { name: "", size: "enormous", notes: "x".repeat(5001) }, cookies.northConsultant))));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors).toEqual({ name: "Name is required.", size: "Choose a size from the list.", notes: "Notes must be at most 5000 characters." });
    expect(await database.db.selectFrom("customers").select("id").execute()).toHaveLength(before.length);
  });

  it("lets sales read customers but not create or change them", async () => {
    expect((await respond(() => customerList.loader(args(get("/customers", cookies.northSales))))).status).toBe(200);
    expect((await respond(() => newCustomer.loader(args(get("/customers/new", cookies.northSales))))).status).toBe(403);
    expect((await respond(() => newCustomer.action(args(post("/customers/new", { name: "Sneaky" }, cookies.northSales))))).status).toBe(403);
    expect((await respond(() => customerPage.action(args(post(`/customers/${north.customer.id}`, { intent: "archive" }, cookies.northSales), { customerId: north.customer.id })))).status).toBe(403);
  });

  it("answers 404 to another provider's customer, for reading and for writing, and changes nothing", async () => {
    const params = { customerId: north.customer.id };
    expect((await respond(() => customerPage.loader(args(get(`/customers/${north.customer.id}`, cookies.southConsultant), params)))).status).toBe(404);
    expect((await respond(() => editCustomer.loader(args(get(`/customers/${north.customer.id}/edit`, cookies.southConsultant), params)))).status).toBe(404);
    expect((await respond(() => editCustomer.action(args(post(`/customers/${north.customer.id}/edit`, { name: "Taken over" }, cookies.southConsultant), params)))).status).toBe(404);
    expect((await respond(() => customerPage.action(args(post(`/customers/${north.customer.id}`, { intent: "archive" }, cookies.southConsultant), params)))).status).toBe(404);
    expect((await respond(() => customerPage.loader(args(get("/customers/does-not-exist", cookies.southConsultant), { customerId: "does-not-exist" })))).status).toBe(404);
    const stored = await getCustomer(database.db, { organisationId: north.organisation.id, customerId: north.customer.id });
    expect(stored).toMatchObject({ name: "North customer", archived_at: null });
  });

  it("sends anonymous visitors to sign in, remembering where they were going", async () => {
    const response = await respond(() => customerPage.loader(args(get(`/customers/${north.customer.id}`), { customerId: north.customer.id })));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/login?redirectTo=%2Fcustomers%2F${north.customer.id}`);
  });

  it("archives and restores a customer", async () => {
    const params = { customerId: north.customer.id };
    await respond(() => customerPage.action(args(post(`/customers/${north.customer.id}`, { intent: "archive" }, cookies.northConsultant), params)));
    expect((await getCustomer(database.db, { organisationId: north.organisation.id, customerId: north.customer.id }))?.archived_at).not.toBeNull();
    await respond(() => customerPage.action(args(post(`/customers/${north.customer.id}`, { intent: "restore" }, cookies.northConsultant), params)));
    expect((await getCustomer(database.db, { organisationId: north.organisation.id, customerId: north.customer.id }))?.archived_at).toBeNull();
  });

  it("lets an admin add a user with a role, keeps that to admins, and keeps one admin at least", async () => {
    const created = await respond(() => users.action(args(post("/settings/users", { intent: "create", name: "New Seller", email: "seller@north.example", role: "sales", password: "long enough pw" }, cookies.northAdmin))));
    expect(created.status).toBe(200);
    const row = await database.db.selectFrom("users").selectAll().where("email", "=", "seller@north.example").executeTakeFirst();
    expect(row).toMatchObject({ role: "sales", organisation_id: north.organisation.id });
    expect(row?.password_hash).toMatch(/^scrypt\$/);

    expect((await respond(() => users.action(args(post("/settings/users", { intent: "create", name: "X", email: "x@north.example", role: "admin", password: "long enough pw" }, cookies.northConsultant))))).status).toBe(403);

    const demoteLastAdmin = await respond(() => users.action(args(post("/settings/users", { intent: "role", userId: north.users.admin.id, role: "sales" }, cookies.northAdmin))));
    expect(demoteLastAdmin.status).toBe(400);

    const otherProvidersUser = await respond(() => users.action(args(post("/settings/users", { intent: "disable", userId: south.users.consultant.id }, cookies.northAdmin))));
    expect(otherProvidersUser.status).toBe(404);
  });
});
