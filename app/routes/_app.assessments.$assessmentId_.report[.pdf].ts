import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/access.server";
import { renderAssessmentReportPdf } from "~/reports/report-pdf.server";
import { audit } from "~/services/audit.server";

/** RFC 5987 value: percent-encoded UTF-8, with the few characters encodeURIComponent leaves alone also encoded. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `/assessments/<id>/report.pdf`: the customer report. This thread only checks access; reading the
 * rows, scoring, charts and the PDF happen in a low-priority renderer process, so autosaves are not kept waiting.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "reports:download" });
  const result = await renderAssessmentReportPdf({ organisationId: user.organisationId, assessmentId: String(params.assessmentId) });
  if (result.status === "busy") {
    return new Response("Reports are being generated for other people right now. Please try again in a moment.", {
      status: 503,
      headers: { "Retry-After": String(result.retryAfterSeconds), "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  await audit(user, context, "report.downloaded", {
    type: "assessment",
    id: String(params.assessmentId),
    detail: { format: "pdf", bytes: result.pdf.byteLength },
  });
  const { fileName } = result;
  // A copy backed by a plain ArrayBuffer: what the Response body type accepts.
  return new Response(new Uint8Array(result.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(result.pdf.byteLength),
      "Content-Disposition": `attachment; filename="${fileName.ascii}"; filename*=UTF-8''${encodeRfc5987(fileName.utf8)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
