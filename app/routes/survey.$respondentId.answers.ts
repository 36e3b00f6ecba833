import type { ActionFunctionArgs } from "@remix-run/node";
import { handleAnswerSave } from "~/services/answers.server";
import { requireSurveyAccess } from "~/services/survey-access.server";

/** The autosave endpoint: POST JSON `{ answers: [{ question, value, seq }], notes?, page? }`. */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Use POST.", { status: 405, headers: { Allow: "POST" } });
  const access = await requireSurveyAccess(request, String(params.respondentId));
  return handleAnswerSave(request, access);
}

export async function loader() {
  return new Response("Use POST.", { status: 405, headers: { Allow: "POST" } });
}
