import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { SurveyErrorBoundary } from "~/components/survey/survey-error-boundary";
import { exchangeSurveyLink, SURVEY_PAGE_HEADERS } from "~/services/survey-access.server";

export const meta: MetaFunction = () => [{ title: "Survey" }, { name: "robots", content: "noindex" }];

// A thrown 429's Retry-After must reach the browser: Remix builds a page's headers only from this function.
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const retryAfter = errorHeaders?.get("Retry-After");
  return retryAfter ? { ...SURVEY_PAGE_HEADERS, "Retry-After": retryAfter } : SURVEY_PAGE_HEADERS;
};

export async function loader({ params, context }: LoaderFunctionArgs) {
  return exchangeSurveyLink(String(params.token ?? ""), context);
}

export default function SurveyLink() {
  return null;
}

export function ErrorBoundary() {
  return <SurveyErrorBoundary />;
}
