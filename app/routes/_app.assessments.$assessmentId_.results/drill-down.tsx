import { useFetcher } from "@remix-run/react";
import { groupName } from "~/domain/dimensions";
import { percent, round } from "./format";
import type { loader, ResultsData } from "./route";

/**
 * One dimension's answers, fetched from this page's loader (?drill=<dimension>) the first time it is
 * opened. Without JavaScript the link inside asks for the page with that dimension open.
 */
export function DrillDown({ dimension, score, notes, baseUrl, group }: { dimension: ResultsData["drillDown"][number]; score: ResultsData["dimensions"][number]; notes: ResultsData["notes"]; baseUrl: string; group: string | null }) {
  const fetcher = useFetcher<typeof loader>();
  const fetched = fetcher.data?.drillDown.find((d) => d.key === dimension.key && d.loaded);
  const items = dimension.loaded ? dimension.items : fetched?.items ?? null;
  const shownNotes = dimension.loaded ? notes : fetcher.data?.notes ?? [];
  const href = `${baseUrl}?${group ? `group=${group}&` : ""}drill=${dimension.key}`;
  const load = (open: boolean) => {
    if (open && items === null && fetcher.state === "idle") fetcher.load(href);
  };
  return (
    <details id={`drill-${dimension.key}`} className="card drill-down" open={dimension.loaded || undefined} onToggle={(event) => load(event.currentTarget.open)}>
      <summary>
        <strong>{score.name}</strong> — {round(score.score)} {score.riskBand ? `(${score.riskBand.name} risk)` : score.maturityLevel ? `(level ${score.maturityLevel.level})` : ""}, coverage {percent(score.coverage)}, {score.respondents === 1 ? "1 person" : `${score.respondents} people`}
        {score.evidence ? <span className="badge low-confidence"> thin evidence</span> : null}
      </summary>
      <p className="muted small">
        Each answer becomes 0–100 points{dimension.key === "shadow-it" ? " of risk" : ""}; a dimension score is the weighted mean of its answers, and every group weighs the same.
      </p>
      {items === null ? (
        <p aria-live="polite">
          {fetcher.state !== "idle" ? "Loading the answers…" : fetcher.data === undefined ? <a href={`${href}#drill-${dimension.key}`}>Show the answers behind this score</a> : "The answers could not be loaded. Reload the page to try again."}
        </p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Question</th>
              <th className="num">Weight</th>
              <th>Answers by group (mean points)</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.itemKey} data-question={item.questionName}>
                <td>
                  {item.title}
                  {item.rowLabel ? <span className="muted"> — {item.rowLabel}</span> : null}
                  {shownNotes
                    .filter((n) => n.questionName === item.questionName)
                    .map((n, i) => (
                      <blockquote key={i} className="facilitator-note pre-wrap">
                        <span className="muted small">Facilitator note{n.sessionLabel ? ` (${n.sessionLabel})` : ""}: </span>
                        {n.note}
                      </blockquote>
                    ))}
                </td>
                <td className="num">{item.weight}</td>
                <td>
                  {item.byGroup.map((g) => (
                    <div key={g.group}>
                      <strong>{groupName(g.group)}</strong> ({round(g.meanPoints)}): {g.distribution.map((a) => `${a.label} × ${a.count}`).join("; ") || "no answer"}
                      {g.distribution.map(({ label, konveyor }) =>
                        konveyor && (konveyor.rationale || konveyor.mitigation) ? (
                          <p key={label} className="small konveyor-note">
                            <span className={`badge risk-${konveyor.risk}`}>{label}</span> {konveyor.rationale}
                            {konveyor.mitigation ? <span className="muted"> Mitigation: {konveyor.mitigation}</span> : null}
                          </p>
                        ) : null,
                      )}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
