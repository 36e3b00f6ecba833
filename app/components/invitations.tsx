import { useFetcher } from "@remix-run/react";
import { When } from "./issued-links-panel";

/*
 * The assessment page's mail parts: how new links reach people, each respondent's delivery state,
 * and the invitation's wording. Without SMTP they say so, and links are shared by hand as before.
 */

export interface DeliveryView {
  status: "queued" | "sent" | "failed";
  lastReply: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  kind: string;
}

const KIND_TEXT: Record<string, string> = { "respondent-invitation": "Invitation", "respondent-reminder": "Reminder" };

export function DeliveryCell({ delivery }: { delivery: DeliveryView | null }) {
  if (!delivery) return <span className="muted">not sent by Cairn</span>;
  const what = KIND_TEXT[delivery.kind] ?? "Message";
  if (delivery.status === "sent") {
    return (
      <span data-delivery="sent">
        {what} sent {delivery.sentAt ? <When iso={delivery.sentAt} withTime /> : null}
      </span>
    );
  }
  if (delivery.status === "queued") return <span data-delivery="queued" className="badge">{what.toLowerCase()} queued</span>;
  return (
    <span data-delivery="failed">
      <span className="badge archived">{what.toLowerCase()} failed</span>
      {delivery.lastReply ? <span className="field-error"> The mail server said: {delivery.lastReply}</span> : null}
      {delivery.nextAttemptAt ? (
        <span className="muted">
          {" "}
          Trying again <When iso={delivery.nextAttemptAt} withTime />.
        </span>
      ) : (
        <span className="muted"> Cairn has stopped trying: re-issue the link to send a new invitation, or share it yourself.</span>
      )}
    </span>
  );
}

/** "send invitations now" or "I will share the links myself" in an add form; a notice without SMTP. */
export function DeliveryChoice({ mailConfigured, idPrefix, defaultValue }: { mailConfigured: boolean; idPrefix: string; defaultValue?: string }) {
  if (!mailConfigured) {
    return (
      <p className="muted" data-mail-not-configured>
        Mail is not configured on this Cairn, so you share the links yourself: copy them, or download them as a CSV file, once they are issued.
      </p>
    );
  }
  const chosen = defaultValue === "share" ? "share" : "send";
  return (
    <fieldset className="stacked" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend>How the links reach people</legend>
      <label htmlFor={`${idPrefix}-send`}>
        <input type="radio" id={`${idPrefix}-send`} name="delivery" value="send" defaultChecked={chosen === "send"} /> Send invitations now (to everyone with an email address)
      </label>
      <label htmlFor={`${idPrefix}-share`}>
        <input type="radio" id={`${idPrefix}-share`} name="delivery" value="share" defaultChecked={chosen === "share"} /> I will share the links myself
      </label>
    </fieldset>
  );
}

export function InvitationTextForm({ text, custom, mailConfigured }: { text: string; custom: boolean; mailConfigured: boolean }) {
  const fetcher = useFetcher<{ ok: boolean; message?: string; formError?: string; fieldErrors?: Record<string, string> }>();
  const result = fetcher.data;
  return (
    <section className="card" aria-labelledby="invitation-text-heading">
      <h3 id="invitation-text-heading" style={{ marginTop: 0 }}>
        Invitation text
      </h3>
      <p className="muted">
        {mailConfigured ? "What Cairn's invitations say. " : "Mail is not configured: this is the wording Cairn would send. "}
        Cairn adds a greeting with the person's name, the personal link, the date it stops working and that answers save as they go.
        {custom ? " This assessment uses your own wording." : " This is Cairn's wording, naming you."}
      </p>
      <fetcher.Form method="post" className="stacked">
        <input type="hidden" name="intent" value="invitation-text" />
        <label htmlFor="invitation-text">Text (paragraphs separated by an empty line)</label>
        <textarea id="invitation-text" name="invitationText" rows={8} defaultValue={text} key={text} maxLength={5000} />
        {result?.fieldErrors?.invitationText ? <span className="field-error">{result.fieldErrors.invitationText}</span> : null}
        {result?.message ? (
          <p className="notice" role="status">
            {result.message}
          </p>
        ) : null}
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <button type="submit" disabled={fetcher.state !== "idle"}>
            Save invitation text
          </button>
          {custom ? (
            <button type="submit" name="reset" value="1" className="secondary" disabled={fetcher.state !== "idle"}>
              Use Cairn's wording
            </button>
          ) : null}
        </div>
      </fetcher.Form>
    </section>
  );
}
