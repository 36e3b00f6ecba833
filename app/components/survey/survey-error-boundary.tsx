import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useEffect, useState } from "react";
import { acceptedLanguages, chromeLocaleOf, surveyMessages } from "~/domain/survey-locale";

/**
 * What a respondent sees for a bad, expired, revoked or closed link: plain words, nothing about the
 * assessment. A bad link names no respondent, so there is no stored language: the page is sent in
 * English and, in the browser, switches to the first of the reader's languages Cairn has words in.
 */
export function SurveyErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [locale, setLocale] = useState("en");
  useEffect(() => {
    const preferred = acceptedLanguages(navigator.languages.join(",")).find((language) => chromeLocaleOf(language) === language);
    if (preferred) setLocale(preferred);
  }, []);
  const kind = status === 410 ? "closed" : status === 429 ? "wait" : status >= 500 ? "failed" : "unavailable";
  const words = surveyMessages(locale).errors[kind];
  // The server's own English words, when it sent some (e.g. how long to wait), stay for English readers.
  const serverText = locale === "en" && isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 300 ? error.data : null;
  return (
    <main className="survey-page survey-message" role="alert" lang={locale}>
      <h1>{words.title}</h1>
      <p>{serverText ?? words.text}</p>
    </main>
  );
}
