import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

/** What a respondent sees for a bad, expired, revoked or closed link: plain words, nothing about the assessment. */
export function SurveyErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 300
      ? error.data
      : "Something went wrong on our side. Your saved answers are safe; please try the link again in a few minutes.";
  const title = status === 410 ? "This survey has closed" : status === 429 ? "Please wait a moment" : status >= 500 ? "Something went wrong" : "This link does not work";
  return (
    <main className="survey-page survey-message" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
    </main>
  );
}
