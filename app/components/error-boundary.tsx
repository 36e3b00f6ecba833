import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; body: string }> = {
  400: { title: "That did not work", body: "The request could not be understood." },
  403: { title: "Not allowed", body: "Your role does not allow this. Ask your organisation's admin if you need it." },
  404: { title: "Not found", body: "There is nothing here, or it is not yours to see." },
  413: { title: "Too large", body: "That was more than Cairn accepts in one go." },
  429: { title: "Slow down", body: "Too many attempts. Please wait a few minutes and try again." },
};

type StatusMessage = { title: string; body: string; back?: { to: string; label: string } };

/**
 * The one error boundary. It shows people words, never a stack trace. A route may word a status
 * for its own page (`statusMessages`), e.g. the upload page saying what the size limit is.
 */
export function GeneralErrorBoundary({ statusMessages = {} }: { statusMessages?: Partial<Record<number, StatusMessage>> } = {}) {
  const error = useRouteError();
  let status = 500;
  let detail: string | null = null;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (typeof error.data === "string" && error.data.length < 300) detail = error.data;
  }
  const own = statusMessages[status];
  const message: StatusMessage = own ?? MESSAGES[status] ?? { title: "Something went wrong", body: "Something went wrong on our side. Please try again." };
  return (
    <main className="error-page" role="alert">
      <p className="error-status">{status}</p>
      <h1>{message.title}</h1>
      <p>{own ? own.body : (detail ?? message.body)}</p>
      {message.back ? (
        <p>
          <Link to={message.back.to} reloadDocument>
            {message.back.label}
          </Link>
        </p>
      ) : null}
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </main>
  );
}
