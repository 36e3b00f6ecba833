import { useEffect, useState } from "react";
import { toCsv } from "~/domain/csv";
import type { IssuedLink } from "~/services/assessments.server";

/*
 * New survey links, shown once: Cairn keeps only each token's fingerprint, so a link cannot be
 * shown again later (re-issuing makes a new one).
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const twoDigits = (n: number) => String(n).padStart(2, "0");

/** A date shown in UTC on the server and in the reader's own time zone once the page is live. */
export function When({ iso, withTime = false }: { iso: string; withTime?: boolean }) {
  const [local, setLocal] = useState(false);
  useEffect(() => setLocal(true), []);
  const d = new Date(iso);
  const [year, month, day, hours, minutes] = local
    ? [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]
    : [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const date = `${day} ${MONTHS[month]} ${year}`;
  const text = withTime ? `${date}, ${twoDigits(hours)}:${twoDigits(minutes)}${local ? "" : " UTC"}` : date;
  return <time dateTime={iso}>{text}</time>;
}

export function CopyButton({ text, label, children = "Copy" }: { text: string; label: string; children?: string }) {
  const [state, setState] = useState<"ready" | "copied" | "failed">("ready");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // No clipboard on a page served over plain HTTP, or permission refused: the field is still there to select.
      setState("failed");
    }
  }
  return (
    <>
      <button type="button" className="secondary" onClick={copy} aria-label={label}>
        {state === "copied" ? "Copied" : children}
      </button>
      {state === "failed" ? <span className="field-error"> Select the link and copy it yourself.</span> : null}
    </>
  );
}

/**
 * The issued links as a CSV file (name, email, group, link, expiry), made in the browser from the
 * links on the page: the server never has them again, so this is the one chance, like copying.
 * Cells are escaped against formula injection (app/domain/csv.ts): names are typed by anyone.
 */
export function linksCsv(links: IssuedLink[]): string {
  return toCsv(
    ["name", "email", "group", "link", "expiry"],
    links.map((l) => [l.name ?? "", l.email ?? "", l.groupName, l.url, l.expiresAt]),
  );
}

function DownloadCsvButton({ links }: { links: IssuedLink[] }) {
  function download() {
    const url = URL.createObjectURL(new Blob([linksCsv(links)], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "survey-links.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <button type="button" className="secondary" onClick={download}>
      Download links as CSV
    </button>
  );
}

export function IssuedLinksPanel({ links, onDone }: { links: IssuedLink[]; onDone: () => void }) {
  return (
    <section className="card" aria-labelledby="issued-links-heading" style={{ borderColor: "var(--warning)", borderWidth: 2 }}>
      <h2 id="issued-links-heading" style={{ marginTop: 0 }}>
        New survey links
      </h2>
      <p className="form-error" role="alert">
        Copy these links or download them as CSV now — for security Cairn keeps only a fingerprint and cannot show them again.
      </p>
      <table className="data">
        <thead>
          <tr>
            <th>Respondent</th>
            <th>Group</th>
            <th>Works until</th>
            <th>Link</th>
          </tr>
        </thead>
        <tbody>
          {links.map((link) => (
            <tr key={link.url} data-issued-link={link.respondentId}>
              <td>{link.who}</td>
              <td>{link.groupName}</td>
              <td>
                <When iso={link.expiresAt} />
              </td>
              <td style={{ display: "flex", gap: "0.5rem", alignItems: "center", flexWrap: "wrap" }}>
                <input
                  type="text"
                  readOnly
                  value={link.url}
                  aria-label={`Survey link for ${link.who}`}
                  onFocus={(event) => event.currentTarget.select()}
                  style={{ flex: 1, minWidth: "16rem", font: "inherit", fontFamily: "monospace", padding: "0.3rem" }}
                />
                <CopyButton text={link.url} label={`Copy the link for ${link.who}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div style={{ display: "flex", gap: "0.5rem", marginTop: "0.75rem", flexWrap: "wrap" }}>
        {links.length > 1 ? (
          <CopyButton text={links.map((l) => `${l.who}\t${l.url}`).join("\n")} label="Copy all links, one a line">
            Copy all
          </CopyButton>
        ) : null}
        <DownloadCsvButton links={links} />
        <button type="button" onClick={onDone}>
          I have copied them
        </button>
      </div>
    </section>
  );
}
