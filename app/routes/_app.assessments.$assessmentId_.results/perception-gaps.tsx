import { ServerChart } from "~/components/charts/server-chart";
import { DIMENSIONS, groupName } from "~/domain/dimensions";
import { DEFAULT_MIN_GROUP_SIZE, DEFAULT_MIN_SHARED_ITEMS, DEFAULT_PERCEPTION_GAP_THRESHOLD, peopleInWords } from "~/domain/perception-gap";
import { round } from "./format";
import type { ResultsData } from "./route";

const dimensionName = (key: string) => DIMENSIONS.find((d) => d.key === key)?.name ?? key;

/** The perception gaps of the whole assessment (rule 9): flagged gaps, their shared questions, and the context. */
export function PerceptionGaps({ data }: { data: ResultsData }) {
  const flagged = data.gaps.filter((g) => g.flagged);
  return (
    <section className="card" aria-labelledby="gaps-title">
      <h2 id="gaps-title">Perception gaps</h2>
      <p className="muted small">
        Two groups are compared only on the questions both were asked and answered; a question put to one side only is context, not disagreement. A gap of {DEFAULT_PERCEPTION_GAP_THRESHOLD} points or more is flagged when it
        rests on at least {DEFAULT_MIN_SHARED_ITEMS} shared questions and both groups have at least {DEFAULT_MIN_GROUP_SIZE} people: they see the same thing differently, which is worth a joint conversation. A group of one
        person is shown as one person&apos;s view and never compared.
      </p>
      <ServerChart label="Bar chart of the perception gap per dimension" svg={data.charts.gaps} />
      {flagged.length === 0 ? <p>No dimension has a flagged gap{data.groups.length < 2 ? " (gaps need answers from at least two groups)" : ""}.</p> : null}
      {flagged.map((g) => (
        <div key={g.dimension} className="gap-detail" data-testid={`gap-${g.dimension}`}>
          <h3>
            {dimensionName(g.dimension)}: {round(g.gap)} points apart over {g.sharedItems} shared question{g.sharedItems === 1 ? "" : "s"}
          </h3>
          {g.highest && g.lowest ? (
            <p>
              On the questions both answered, {groupName(g.highest.group)} ({peopleInWords(g.highest.respondents)}) scores it {round(g.highest.score)}, {groupName(g.lowest.group)} (
              {peopleInWords(g.lowest.respondents)}) {round(g.lowest.score)}.
            </p>
          ) : null}
          <p className="muted small">
            Each group&apos;s own score on everything it was asked:{" "}
            {g.groupScores.map((s) => `${groupName(s.group)} ${round(s.score)} (${peopleInWords(s.respondents)}${s.belowMinimumSize ? ", not compared" : ""})`).join(" · ")}.
          </p>
          {g.highest && g.lowest ? (
            <table className="data">
              <thead>
                <tr>
                  <th>Shared questions where they differ most</th>
                  <th className="num">{groupName(g.highest.group)}</th>
                  <th className="num">{groupName(g.lowest.group)}</th>
                </tr>
              </thead>
              <tbody>
                {g.disagreements.map((q) => (
                  <tr key={q.itemKey}>
                    <td>
                      {q.title}
                      {q.rowLabel ? <span className="muted"> — {q.rowLabel}</span> : null}
                    </td>
                    {q.groupMeans.map((m) => (
                      <td key={m.group} className="num">
                        {round(m.meanPoints)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {g.oneSided.length > 0 ? (
            <details className="small">
              <summary>
                {g.oneSided.length} question{g.oneSided.length === 1 ? "" : "s"} asked of only one side (context, not disagreement)
              </summary>
              <ul>
                {g.oneSided.map((q) => (
                  <li key={q.itemKey}>
                    {q.title}
                    {q.rowLabel ? ` — ${q.rowLabel}` : ""} <span className="muted">({groupName(q.group)})</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ))}
      <OwnTeamViews gaps={data.gaps} />
    </section>
  );
}

/**
 * Own-team questions (rule 9): each group describing its own team. Side by side they say where a
 * team sees itself weaker or stronger than the others see themselves; they are never a gap.
 */
function OwnTeamViews({ gaps }: { gaps: ResultsData["gaps"] }) {
  const withViews = gaps.filter((g) => g.ownTeam.some((item) => item.groupMeans.length > 0));
  if (withViews.length === 0) return null;
  return (
    <div className="own-team-views" data-testid="own-team-views">
      <h3>How each group sees itself</h3>
      <p className="muted small">
        These questions ask about the respondent&apos;s own team, so each group describes a different team. They count in each group&apos;s own score but are never read as disagreement. Mean points, 0–100.
      </p>
      {withViews.map((g) => (
        <details key={g.dimension} className="small" data-testid={`own-team-${g.dimension}`}>
          <summary>
            {dimensionName(g.dimension)}: {g.ownTeam.length} own-team question{g.ownTeam.length === 1 ? "" : "s"}
          </summary>
          <table className="data">
            <thead>
              <tr>
                <th>Question</th>
                <th>Each group about its own team</th>
              </tr>
            </thead>
            <tbody>
              {g.ownTeam.map((item) => (
                <tr key={item.itemKey}>
                  <td>
                    {item.title}
                    {item.rowLabel ? <span className="muted"> — {item.rowLabel}</span> : null}
                  </td>
                  <td>{item.groupMeans.map((m) => `${groupName(m.group)} ${round(m.meanPoints)} (${peopleInWords(m.respondents)})`).join(" · ") || "no answer"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </div>
  );
}
