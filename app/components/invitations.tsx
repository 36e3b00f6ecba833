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

/** The reminder schedule and "remind the ones who have not finished". */
export function RemindersForm({ afterDays, max, mailConfigured }: { afterDays: number | null; max: number | null; mailConfigured: boolean }) {
  const schedule = useFetcher<{ ok: boolean; message?: string; fieldErrors?: Record<string, string> }>();
  const now = useFetcher<{ ok: boolean; message?: string; formError?: string }>();
  return (
    <section className="card" aria-labelledby="reminders-heading">
      <h3 id="reminders-heading" style={{ marginTop: 0 }}>
        Reminders
      </h3>
      <p className="muted">
        A reminder carries a new link: the link sent before stops working, and every answer already given is kept. Nobody who has finished, whose link is revoked, or
        whose assessment is closed is reminded.{mailConfigured ? "" : " Mail is not configured on this Cairn, so no reminder is sent."}
      </p>
      <schedule.Form method="post" className="stacked">
        <input type="hidden" name="intent" value="reminder-schedule" />
        <div style={{ display: "flex", gap: "0.5rem", alignItems: "end", flexWrap: "wrap" }}>
          <label>
            Remind every (days after the invitation)
            <input name="afterDays" type="number" min={1} max={60} defaultValue={afterDays ?? ""} placeholder="no reminders" style={{ width: "7rem", display: "block" }} />
          </label>
          <label>
            at most (times)
            <input name="max" type="number" min={1} max={5} defaultValue={max ?? 2} style={{ width: "5rem", display: "block" }} />
          </label>
          <button type="submit" className="secondary" disabled={schedule.state !== "idle"}>
            Save schedule
          </button>
        </div>
        {schedule.data?.fieldErrors ? <span className="field-error">{Object.values(schedule.data.fieldErrors).join(" ")}</span> : null}
        {schedule.data?.message ? (
          <span className="muted" role="status">
            {schedule.data.message}
          </span>
        ) : null}
      </schedule.Form>
      {mailConfigured ? (
        <now.Form
          method="post"
          style={{ marginTop: "0.75rem" }}
          onSubmit={(event) => {
            if (!window.confirm("Send a reminder with a new link to everyone who has not finished? Their current links stop working; their answers are kept.")) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="remind-now" />
          <button type="submit" disabled={now.state !== "idle"}>
            Remind the ones who have not finished
          </button>
          {now.data?.message ? (
            <span className="muted" role="status">
              {" "}
              {now.data.message}
            </span>
          ) : null}
          {now.data?.formError ? <span className="field-error"> {now.data.formError}</span> : null}
        </now.Form>
      ) : null}
    </section>
  );
}
