/*
 * A report PDF download, as the Remix route and the HTTP layer's direct endpoint (app/server/http.ts)
 * both serve it: the same access check, the same audit row, the same headers. The direct endpoint
 * exists because a download is otherwise mostly express and Remix overhead on the HTTP thread
 * (routing, request conversion, streaming a buffer through a web stream), and that thread also
 * serves every autosave.
 */
import type { AppLoadContext } from "@remix-run/node";
import { requireUserByCookie, type CurrentUser } from "~/auth/access.server";
import { audit } from "~/services/audit.server";
import { renderAssessmentReportPdf, requireReportAssessment } from "./report-pdf.server";

export interface ReportDownload {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** RFC 5987 value: percent-encoded UTF-8, with the few characters encodeURIComponent leaves alone also encoded. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The PDF of one of the user's provider's assessments, or 503 while the queue is full. Throws a 404 Response for anyone else's. */
export async function downloadAssessmentReport(user: CurrentUser, assessmentId: string, context: Pick<AppLoadContext, "clientAddress">): Promise<ReportDownload> {
  const result = await renderAssessmentReportPdf({ organisationId: user.organisationId, assessmentId });
  if (result.status === "busy") {
    return {
      status: 503,
      headers: { "Retry-After": String(result.retryAfterSeconds), "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" },
      body: "Reports are being generated for other people right now. Please try again in a moment.",
    };
  }
  await audit(user, context, "report.downloaded", { type: "assessment", id: assessmentId, detail: { format: "pdf", bytes: result.pdf.byteLength } });
  const { fileName } = result;
  return {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(result.pdf.byteLength),
      "Content-Disposition": `attachment; filename="${fileName.ascii}"; filename*=UTF-8''${encodeRfc5987(fileName.utf8)}`,
      "Cache-Control": "private, no-store",
    },
    body: result.pdf,
  };
}

/**
 * HEAD: whether the report is there to download, without rendering it or recording a download (link
 * previews and download managers ask before they fetch). Throws a 404 Response for anyone else's.
 */
export async function headAssessmentReport(user: CurrentUser, assessmentId: string): Promise<ReportDownload> {
  await requireReportAssessment({ organisationId: user.organisationId, assessmentId });
  return { status: 200, headers: { "Content-Type": "application/pdf", "Cache-Control": "private, no-store" }, body: "" };
}

export function reportDownloadResponse({ status, headers, body }: ReportDownload): Response {
  // A copy backed by a plain ArrayBuffer: what the Response body type accepts.
  return new Response(typeof body === "string" ? body : new Uint8Array(body), { status, headers });
}

/**
 * `GET /assessments/<id>/report.pdf` as app/server/http.ts calls it directly. `path` is the path and
 * query asked for: where signing in returns to. Refusals (sign in first, 403, 404) come back as
 * downloads with their status, as the route would answer them.
 */
export const reportDownloadEndpoint = {
  async handle({ assessmentId, cookieHeader, path, clientAddress }: { assessmentId: string; cookieHeader: string | null; path: string; clientAddress: string }): Promise<ReportDownload> {
    try {
      const user = await requireUserByCookie(cookieHeader, path, { permission: "reports:download" });
      return await downloadAssessmentReport(user, assessmentId, { clientAddress });
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, headers: Object.fromEntries(thrown.headers), body: await thrown.text() };
      throw thrown;
    }
  },
};

export type ReportDownloadEndpoint = typeof reportDownloadEndpoint;
