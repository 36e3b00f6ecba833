import type { RiskColour, RiskQuestionBreakdown, RiskThresholds } from "~/domain/konveyor-risk";

export interface KonveyorRiskData {
  verdict: RiskColour;
  message: string | null;
  counts: Record<RiskColour, number>;
  total: number;
  answerSets: number;
  thresholds: RiskThresholds;
  questions: RiskQuestionBreakdown[];
}

const COLOUR_NAMES: Record<RiskColour, string> = { red: "Red", yellow: "Yellow", green: "Green", unknown: "Unknown" };
const share = (count: number, total: number) => (total === 0 ? "—" : `${Math.round((count / total) * 100)} %`);

/**
 * The assessment-level risk of a questionnaire imported from Konveyor, by Konveyor's own rule, and
 * every answer given with its risk, rationale and mitigation (what Konveyor's reports show).
 */
export function KonveyorRisk({ risk }: { risk: KonveyorRiskData }) {
  const { counts, total, thresholds } = risk;
  return (
    <section className="card" id="konveyor-risk" aria-labelledby="konveyor-risk-title" data-testid="konveyor-risk">
      <h2 id="konveyor-risk-title">Konveyor risk</h2>
      <p>
        <span className={`badge risk-${risk.verdict}`} data-testid="konveyor-verdict">
          {COLOUR_NAMES[risk.verdict]}
        </span>{" "}
        {risk.message}
      </p>
      <p className="small">
        {(["red", "yellow", "green", "unknown"] as const).map((c) => `${COLOUR_NAMES[c]} ${counts[c]} (${share(counts[c], total)})`).join(" · ")} of {total} answers from{" "}
        {risk.answerSets === 1 ? "1 respondent" : `${risk.answerSets} respondents`}; a question left unanswered counts as unknown.
      </p>
      <p className="muted small">
        Konveyor's rule, with this questionnaire's thresholds: red when at least {thresholds.red} % of the answers are red, else yellow when at least {thresholds.yellow} % are yellow, else unknown when at least {thresholds.unknown} % are unknown, else green. Each respondent's answers count once.
      </p>
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
                      <span className={`badge risk-${c.risk}`}>{COLOUR_NAMES[c.risk]}</span> {c.label}
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
