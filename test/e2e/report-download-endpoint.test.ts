/*
 * `GET /assessments/<id>/report.pdf` on the production server, where app/server/http.ts answers it
 * ahead of express and Remix (app/reports/report-download.server.ts): the PDF and its headers, the
 * audit row, the sign-in redirect, another provider's id, the Remix route that still serves HEAD,
 * and the client address behind a trusted proxy. Read with fetch; no browser needed.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { createAssessment } from "../../db/repositories/assessments";
import { createProvider } from "../support/fixtures";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

/** The policy of the endpoints served ahead of Remix; Remix's pages send one with 'self' and a nonce. */
const DIRECT_CSP = "default-src 'none'; frame-ancestors 'none'";
const SECURITY_HEADER_NAMES = ["x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy"];

function securityHeadersOf(response: Response): Record<string, string | null> {
  return Object.fromEntries(SECURITY_HEADER_NAMES.map((name) => [name, response.headers.get(name)]));
}

async function signIn(cairn: RunningCairn, email: string): Promise<string> {
  const response = await fetch(`${cairn.baseUrl}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email, password: DEMO_PASSWORD }) });
  expect(response.status).toBe(302);
  return response.headers.get("set-cookie")!.split(";")[0];
}

async function demoAssessmentId(handle: DatabaseHandle): Promise<string> {
  return (await handle.db.selectFrom("assessments").select("id").where("title", "=", "Readiness baseline (demo)").executeTakeFirstOrThrow()).id;
}

async function downloadAudits(handle: DatabaseHandle, assessmentId: string) {
  return handle.db.selectFrom("audit_log").selectAll().where("action", "=", "report.downloaded").where("target_id", "=", assessmentId).execute();
}

describe("report PDF download served ahead of Remix", () => {
  let cairn: RunningCairn;
  let handle: DatabaseHandle;
  let cookie: string;
  let assessmentId: string;

  beforeAll(async () => {
    cairn = await startCairn();
    handle = openDatabase({ url: cairn.databasePath });
    cookie = await signIn(cairn, "sales@northwind.example");
    assessmentId = await demoAssessmentId(handle);
  });
  afterAll(async () => {
    await handle?.close();
    await cairn?.stop();
  });

  it("sends the PDF as an attachment with the security headers, and audits the download", async () => {
    const before = (await downloadAudits(handle, assessmentId)).length;
    const response = await fetch(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(Number(response.headers.get("content-length"))).toBe(pdf.length);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="Cairn-Contoso-Manufacturing-\d{4}-\d{2}-\d{2}\.pdf"; filename\*=UTF-8''Cairn-Contoso%20Manufacturing-/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toBe(DIRECT_CSP);
    // The same security headers as every page the express app serves.
    const page = await fetch(`${cairn.baseUrl}/dashboard`, { headers: { Cookie: cookie } });
    await page.text();
    expect(securityHeadersOf(response)).toEqual(securityHeadersOf(page));
    expect(securityHeadersOf(response)["x-frame-options"]).toBe("DENY");

    const audits = await downloadAudits(handle, assessmentId);
    expect(audits).toHaveLength(before + 1);
    const latest = audits.at(-1)!;
    expect(JSON.parse(latest.detail_json!)).toEqual({ format: "pdf", bytes: pdf.length });
    expect(latest.ip).toMatch(/127\.0\.0\.1$/);
  });

  it("ignores X-Forwarded-For when no proxy is trusted: the audit row has the socket's address", async () => {
    const response = await fetch(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf`, { headers: { Cookie: cookie, "X-Forwarded-For": "203.0.113.66" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(DIRECT_CSP);
    await response.arrayBuffer();
    const latest = (await downloadAudits(handle, assessmentId)).at(-1)!;
    expect(latest.ip).toMatch(/127\.0\.0\.1$/);
  });

  it("refuses a GET carrying a body over 1 MiB with 413, as every other route does", async () => {
    const status = await new Promise<number>((resolveStatus, reject) => {
      const url = new URL(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf`);
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "GET", headers: { Cookie: cookie, "Content-Length": String(1024 * 1024 + 1) } }, (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(Buffer.alloc(1024 * 1024 + 1));
    });
    expect(status).toBe(413);
  });

  it("sends a signed-out visitor to sign in, and back to the PDF after", async () => {
    const response = await fetch(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf?from=reports`, { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!, cairn.baseUrl);
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("redirectTo")).toBe(`/assessments/${assessmentId}/report.pdf?from=reports`);
    expect(response.headers.get("content-security-policy")).toBe(DIRECT_CSP);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers 404, and audits nothing, for another provider's assessment or an unknown id", async () => {
    const other = await createProvider(handle.db, "Rival Consulting");
    const theirs = await createAssessment(handle.db, { organisationId: other.organisation.id, customerId: other.customer.id, title: "Rival assessment", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null, previousAssessmentId: null });
    for (const id of [theirs.id, "00000000-0000-0000-0000-000000000000"]) {
      const response = await fetch(`${cairn.baseUrl}/assessments/${id}/report.pdf`, { headers: { Cookie: cookie } });
      expect(response.status, id).toBe(404);
      expect(response.headers.get("content-security-policy")).toBe(DIRECT_CSP);
      expect(response.headers.get("content-type")).not.toBe("application/pdf");
      expect(await response.text()).not.toContain("%PDF");
      expect(await downloadAudits(handle, id)).toEqual([]);
    }
  });

  it("answers HEAD through the Remix route without rendering or recording a download", async () => {
    const before = (await downloadAudits(handle, assessmentId)).length;
    const response = await fetch(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf`, { method: "HEAD", headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await downloadAudits(handle, assessmentId)).toHaveLength(before);

    const missing = await fetch(`${cairn.baseUrl}/assessments/00000000-0000-0000-0000-000000000000/report.pdf`, { method: "HEAD", headers: { Cookie: cookie } });
    expect(missing.status).toBe(404);
  });
});

describe("report PDF download behind a trusted proxy", () => {
  let cairn: RunningCairn;

  beforeAll(async () => {
    cairn = await startCairn({ env: { TRUST_PROXY: "true" } });
  });
  afterAll(async () => {
    await cairn?.stop();
  });

  it("audits the client's address from X-Forwarded-For (left-most, empty entries skipped), as express does", async () => {
    const handle = openDatabase({ url: cairn.databasePath });
    try {
      const cookie = await signIn(cairn, "sales@northwind.example");
      const assessmentId = await demoAssessmentId(handle);
      for (const forwardedFor of ["203.0.113.9, 10.0.0.2", ", 198.51.100.7"]) {
        const response = await fetch(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf`, { headers: { Cookie: cookie, "X-Forwarded-For": forwardedFor } });
        expect(response.status).toBe(200);
        expect(response.headers.get("content-security-policy")).toBe(DIRECT_CSP);
        await response.arrayBuffer();
      }
      expect((await downloadAudits(handle, assessmentId)).map((row) => row.ip)).toEqual(["203.0.113.9", "198.51.100.7"]);
    } finally {
      await handle.close();
    }
  });
});
