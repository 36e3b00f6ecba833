import { RISK_COLOUR_NAMES, konveyorCountsWords, konveyorRuleWords, type ReportKonveyorRisk } from "~/reports/konveyor-words";

/** The results page shows the verdict the report prints: one shape and one set of words for both. */
export type KonveyorRiskData = ReportKonveyorRisk;

/**
 * The assessment-level risk of a questionnaire imported from Konveyor, by Konveyor's own rule, and
 * every answer given with its risk, rationale and mitigation (what Konveyor's reports show).
 */
export function KonveyorRisk({ risk }: { risk: KonveyorRiskData }) {
  return (
    <section className="card" id="konveyor-risk" aria-labelledby="konveyor-risk-title" data-testid="konveyor-risk">
      <h2 id="konveyor-risk-title">Konveyor risk</h2>
      <p>
        <span className={`badge risk-${risk.verdict}`} data-testid="konveyor-verdict">
          {RISK_COLOUR_NAMES[risk.verdict]}
        </span>{" "}
        {risk.message}
      </p>
      <p className="small">{konveyorCountsWords(risk)}</p>
      <p className="muted small">{konveyorRuleWords(risk.thresholds)}</p>
      <details>
        <summary>The answers, with their rationale and mitigation</summary>
        <table className="data">
          <thead>
            <tr>
              <th>Question</th>
              <th>Answer</th>
              <th className="num">Given</th>
              <th>Rationale · mitigation</th>
            </tr>
          </thead>
          <tbody>
            {risk.questions.flatMap((q) =>
              q.choices
                .filter((c) => c.count > 0)
                .map((c, i) => (
                  <tr key={`${q.name}/${c.value}`} data-question={q.name}>
                    <td>{i === 0 ? q.title : ""}</td>
                    <td>
                      <span className={`badge risk-${c.risk}`}>{RISK_COLOUR_NAMES[c.risk]}</span> {c.label}
                    </td>
                    <td className="num">{c.count}</td>
                    <td className="small">
                      {c.rationale ? <div>{c.rationale}</div> : null}
                      {c.mitigation ? <div className="muted">Mitigation: {c.mitigation}</div> : null}
                    </td>
                  </tr>
                )),
            )}
          </tbody>
        </table>
        {risk.questions.some((q) => q.unanswered > 0) ? (
          <p className="muted small">
            Unanswered (counted as unknown): {risk.questions.filter((q) => q.unanswered > 0).map((q) => `${q.title} × ${q.unanswered}`).join("; ")}
          </p>
        ) : null}
      </details>
    </section>
  );
}
