import { groupName, isRespondentGroup } from "~/domain/dimensions";
import type { QuestionSummary } from "~/domain/question-summaries";

/** Free text listed per question before "and N more": enough to read, not a wall. */
const LISTED_ANSWERS = 50;

const share = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)} %`);
const oneDecimal = (n: number | null) => (n === null ? "—" : (Math.round(n * 10) / 10).toFixed(1));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const groupLabel = (group: string) => (isRespondentGroup(group) ? groupName(group) : group);

function ShareBar({ value }: { value: number | null }) {
  return (
    <span className="share-bar" aria-hidden="true">
      <span style={{ width: `${Math.round((value ?? 0) * 100)}%` }} />
    </span>
  );
}

function CountTable({ summary }: { summary: Extract<QuestionSummary, { kind: "choice" | "multi" | "rating" }> }) {
  return (
    <table className="data compact">
      <thead>
        <tr>
          <th scope="col">Answer</th>
          <th scope="col" className="num">
            People
          </th>
          <th scope="col" className="num">
            Share
          </th>
          <th scope="col">
            <span className="sr-only">Share as a bar</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.options.map((o) => (
          <tr key={String(o.value)}>
            <td>{o.label}</td>
            <td className="num">{o.count}</td>
            <td className="num">{share(o.share)}</td>
            <td>
              <ShareBar value={o.share} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Listed({ items }: { items: { group: string; text: string }[] }) {
  const shown = items.slice(0, LISTED_ANSWERS);
  return (
    <>
      <ul className="free-text">
        {shown.map((a, i) => (
          <li key={i} className="pre-wrap">
            <span className="badge">{groupLabel(a.group)}</span> {a.text}
          </li>
        ))}
      </ul>
      {items.length > shown.length ? <p className="muted small">and {items.length - shown.length} more (in the answers CSV)</p> : null}
    </>
  );
}

function SummaryBody({ summary }: { summary: QuestionSummary }) {
  switch (summary.kind) {
    case "choice":
      return <CountTable summary={summary} />;
    case "multi":
      return (
        <>
          <p className="muted small">Several answers each: shares add up to more than 100 %.</p>
          <CountTable summary={summary} />
        </>
      );
    case "rating":
      return (
        <>
          <p>
            Mean <strong>{oneDecimal(summary.mean)}</strong>
            {summary.nps ? (
              <>
                {" · "}Net Promoter Score <strong data-testid={`nps-${summary.name}`}>{summary.nps.score}</strong> ({plural(summary.nps.promoters, "promoter", "promoters")}, {plural(summary.nps.passives, "passive", "passives")},{" "}
                {plural(summary.nps.detractors, "detractor", "detractors")})
              </>
            ) : null}
          </p>
          <CountTable summary={summary} />
        </>
      );
    case "ranking":
      return (
        <table className="data compact">
          <thead>
            <tr>
              <th scope="col">Answer</th>
              <th scope="col" className="num">
                Average position (1 = first)
              </th>
              <th scope="col" className="num">
                Ranked by
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.options.map((o) => (
              <tr key={String(o.value)}>
                <td>{o.label}</td>
                <td className="num">{oneDecimal(o.meanRank)}</td>
                <td className="num">{o.ranked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case "matrix":
      return (
        <div className="table-scroll">
          <table className="data compact heat">
            <thead>
              <tr>
                <th scope="col">Statement</th>
                {summary.columns.map((c) => (
                  <th scope="col" key={String(c.value)} className="num">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((row) => (
                <tr key={String(row.value)}>
                  <th scope="row">{row.label}</th>
                  {row.counts.map((count, i) => (
                    <td key={i} className="num" style={{ backgroundColor: `rgba(20, 160, 140, ${row.answered ? (0.6 * count) / row.answered : 0})` }}>
                      {count}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "text":
      return <Listed items={summary.answers} />;
    case "entries":
      return <Listed items={summary.answers.map((a) => ({ group: a.group, text: a.lines.join("\n") }))} />;
  }
}

/** Every question's answers, summarised by type (see app/domain/question-summaries.ts). */
export function QuestionSummaries({ summaries }: { summaries: QuestionSummary[] }) {
  return (
    <>
      {summaries.map((summary) => (
        <article key={summary.name} className="question-summary" data-question={summary.name}>
          <h3>{summary.title}</h3>
          <p className="muted small">
            {summary.answered === 0 ? "No answers" : summary.answered === 1 ? "1 person answered" : `${summary.answered} people answered`}
          </p>
          {summary.answered > 0 ? <SummaryBody summary={summary} /> : null}
          {summary.comments.length > 0 ? (
            <>
              <h4>Comments</h4>
              <Listed items={summary.comments} />
            </>
          ) : null}
        </article>
      ))}
    </>
  );
}
