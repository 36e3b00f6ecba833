import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { lazy, useEffect, useState } from "react";
import { requireUser } from "~/auth/access.server";
import { renderPerceptionGapChartSvg, renderReadinessRadarSvg } from "~/components/charts/chart-svg.server";
import { SERIES_STYLE } from "~/components/charts/palette";
import { ServerChart } from "~/components/charts/server-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DIMENSIONS, groupName, isRespondentGroup, type DimensionKey, type RespondentGroup } from "~/domain/dimensions";
import { DEFAULT_PERCEPTION_GAP_THRESHOLD } from "~/domain/perception-gap";
import { noReadinessLevelWords, readinessLevelOf } from "~/domain/maturity";
import { evidenceWords, readinessEvidence } from "~/domain/score-evidence";
import { gapBars, radarAxes, radarSeriesFor, rankShadowDrivers } from "~/domain/results-view";
import { QuestionSummaries } from "~/components/results/question-summaries";
import { KonveyorRisk } from "~/components/results/konveyor-risk";
import { dimensionScoresFor, loadResultsWithQuestionSummaries } from "~/services/results.server";
import { rememberSummary } from "~/services/summaries.server";
import { DrillDown } from "./drill-down";
import { percent, round } from "./format";
import { PerceptionGaps } from "./perception-gaps";
import { ResultsHeader } from "./results-header";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Results: ${data.customerName} · Cairn` : "Results · Cairn" }];

// The radar is drawn in the browser only once the reader hides a series; until then the page shows
// the server's SVG. Its code (recharts, ~106 KiB gzipped) is therefore loaded on demand, from the
// first hover or focus on the series toggles, rather than with the page.
const loadReadinessRadar = () => import("~/components/charts/readiness-radar");
const ReadinessRadar = lazy(() => loadReadinessRadar().then((module) => ({ default: module.ReadinessRadar })));
// A failed early load is not an error yet: lazy() loads again when the chart is needed, and reports that.
const preloadReadinessRadar = () => void loadReadinessRadar().catch(() => undefined);

function formatAnswer(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.map(formatAnswer).join(", ");
  return String(value);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const { results, scored, questionSummariesFor, konveyorRiskFor, riskNoteFor } = await loadResultsWithQuestionSummaries({ organisationId: user.organisationId, assessmentId: String(params.assessmentId) });
  await rememberSummary(results);
  const { scores, gaps } = results;
  const groupParam = new URL(request.url).searchParams.get("group");
  const availableGroups = scores.groups.map((g) => g.group);
  const group: RespondentGroup | null = isRespondentGroup(groupParam) && availableGroups.includes(groupParam) ? groupParam : null;
  const groupScores = group ? scores.groups.find((g) => g.group === group)! : null;
  const readiness = groupScores ? groupScores.readiness : scores.readiness;
  // Rule 12: a level only when enough dimensions are answered well enough.
  const readinessReading = readinessLevelOf(readiness, (groupScores ?? scores).dimensions);

  const dimensions = dimensionScoresFor(scores, group);
  // The answers behind a score are sent for one dimension at a time, when it is opened (?drill=):
  // all eight made up a third of the page's bytes and of its server time, for sections that start closed.
  const drillParam = new URL(request.url).searchParams.get("drill");
  const openDimension = DIMENSIONS.find((d) => d.key === drillParam)?.key ?? null;
  const drillDown = DIMENSIONS.map((d) => ({
    key: d.key,
    loaded: d.key === openDimension,
    items: (d.key === openDimension ? scores.dimensions[d.key].explanation.items : []).map((item) => ({
      itemKey: item.itemKey,
      questionName: item.questionName,
      title: item.title,
      rowLabel: item.rowLabel,
      weight: item.weight,
      byGroup: item.byGroup
        .filter((g) => !group || g.group === group)
        .map((g) => ({
          group: g.group,
          meanPoints: g.meanPoints,
          respondentsShown: g.respondentsShown,
          distribution: g.distribution.filter((a) => a.count > 0).map((a) => ({ label: a.label || formatAnswer(a.value), count: a.count, konveyor: riskNoteFor(item.questionName, a.value) })),
        })),
    })),
  }));

  const openQuestions = new Set(drillDown.flatMap((d) => d.items.map((item) => item.questionName)));
  const radarSeries = radarSeriesFor(scores, group);
  const axes = radarAxes();

  return json({
    charts: {
      radarAxes: axes,
      radar: renderReadinessRadarSvg({ axes, series: radarSeries }),
      gaps: renderPerceptionGapChartSvg({ threshold: DEFAULT_PERCEPTION_GAP_THRESHOLD, gaps: gapBars(gaps) }),
    },
    assessmentId: results.assessment.id,
    assessmentTitle: results.assessment.title,
    assessmentCreatedAt: results.assessment.created_at,
    customerId: results.customer.id,
    customerName: results.customer.name,
    questionnaire: results.questionnaire,
    participation: results.participation,
    groups: availableGroups.map((g) => ({ key: g, name: groupName(g), respondents: scores.groups.find((x) => x.group === g)!.respondentCount })),
    group,
    readiness,
    readinessLevel: readinessReading.level,
    readinessNoLevel: readiness !== null && readinessReading.level === null ? noReadinessLevelWords(readinessReading) : null,
    // Overall readiness's own evidence (rule 13): the dimensions answered well enough and the people.
    readinessEvidence: readiness === null ? null : readinessEvidence((groupScores ?? scores).dimensions, (groupScores ?? scores).respondentCount).words,
    dimensions,
    radarSeries,
    gaps: gaps.map((g) => ({
      dimension: g.dimension,
      gap: g.gap,
      flagged: g.flagged,
      sharedItems: g.sharedItems,
      highest: g.highest,
      lowest: g.lowest,
      groupScores: g.groupScores,
      disagreements: g.disagreements,
      oneSided: g.oneSided.map((q) => ({ itemKey: q.itemKey, title: q.title, rowLabel: q.rowLabel, group: q.group })),
      ownTeam: g.ownTeam,
    })),
    drillDown,
    shadowDrivers: rankShadowDrivers(scores.dimensions["shadow-it"].explanation.items, 6).map((item) => ({
      itemKey: item.itemKey,
      title: item.title,
      rowLabel: item.rowLabel,
      riskPoints: item.riskPoints,
      byGroup: item.byGroup.filter((g) => !group || g.group === group).map((g) => ({ group: g.group, distribution: g.distribution.filter((a) => a.count > 0).map((a) => ({ label: a.label || formatAnswer(a.value), count: a.count })) })),
    })),
    // Facilitator notes are shown beside their questions, in the drill-down that is open.
    notes: openDimension ? results.notes.filter((n) => openQuestions.has(n.questionName)) : [],
    scored,
    konveyorRisk: konveyorRiskFor(group),
    // Every question summarised by type: always for an unscored questionnaire (it has nothing
    // else), on request (?questions=all) for a scored one, whose page is about its scores.
    questionSummaries: !scored || new URL(request.url).searchParams.get("questions") === "all" ? questionSummariesFor(group) : null,
    freeText: results.freeText.map((q) => ({ ...q, answers: q.answers.filter((a) => !group || a.group === group) })).filter((q) => q.answers.length > 0),
  });
}

const HEADLINE: DimensionKey[] = ["culture", "skills", "shadow-it"];

export default function Results() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const [hiddenSeries, setHiddenSeries] = useState<string[]>([]);

  // A headline card links to its drill-down; open it when the link is followed.
  useEffect(() => {
    const id = location.hash.slice(1);
    const element = id ? document.getElementById(id) : null;
    if (element instanceof HTMLDetailsElement) element.open = true;
  }, [location.hash]);

  const byKey = Object.fromEntries(data.dimensions.map((d) => [d.key, d]));
  const shadowDrivers = data.shadowDrivers;
  const baseUrl = `/assessments/${data.assessmentId}/results`;

  if (data.participation.answered === 0) {
    return (
      <main className="page">
        <ResultsHeader data={data} baseUrl={baseUrl} />
        <p className="card">No answers yet. Results appear here as soon as the first respondent answers.</p>
      </main>
    );
  }

  if (!data.scored) {
    // A questionnaire without Cairn's scoring metadata (an NPS survey, a checklist): no dimensions,
    // radar or plan, only what people answered.
    return (
      <main className="page results">
        <ResultsHeader data={data} baseUrl={baseUrl} />
        {data.konveyorRisk ? <KonveyorRisk risk={data.konveyorRisk} /> : null}
        <section className="card" id="questions" aria-labelledby="questions-title">
          <h2 id="questions-title">Answers, question by question</h2>
          <p className="muted small">This questionnaire is not scored, so it has no readiness dimensions or plan.</p>
          <QuestionSummaries summaries={data.questionSummaries ?? []} />
        </section>
      </main>
    );
  }

  return (
    <main className="page results">
      <ResultsHeader data={data} baseUrl={baseUrl} />
      {data.konveyorRisk ? <KonveyorRisk risk={data.konveyorRisk} /> : null}

      <section aria-labelledby="headline" className="headline-grid">
        <h2 id="headline" className="sr-only">
          Headline scores
        </h2>
        <a className="card headline-card" href="#dimensions" data-testid="headline-overall">
          <div className="muted">Overall readiness</div>
          <div className="stat">{round(data.readiness)}</div>
          <div>{data.readinessLevel ? `Level ${data.readinessLevel.level} · ${data.readinessLevel.name}` : data.readinessNoLevel ? "No level yet" : "Not enough answers"}</div>
          <p className="muted small">{data.readinessLevel?.meaning}</p>
          {data.readinessEvidence && !data.readinessNoLevel ? (
            <p className="small" data-testid="readiness-evidence">
              {data.readinessEvidence}
            </p>
          ) : null}
          {data.readinessNoLevel ? (
            <p className="small" data-testid="readiness-no-level">
              <span className="badge low-confidence">Thin evidence</span> {data.readinessNoLevel}.
            </p>
          ) : null}
        </a>
        {HEADLINE.map((key) => {
          const d = byKey[key];
          return (
            <a key={key} className={`card headline-card ${key === "shadow-it" ? "risk" : ""}`} href={`#drill-${key}`} data-testid={`headline-${key}`}>
              <div className="muted">{key === "shadow-it" ? "Shadow-IT risk" : d.name}</div>
              <div className="stat">{round(d.score)}</div>
              <div>{d.riskBand ? `${d.riskBand.name} risk` : d.maturityLevel ? `Level ${d.maturityLevel.level} · ${d.maturityLevel.name}` : "Not enough answers"}</div>
              <p className="muted small">{d.riskBand?.meaning ?? d.maturityLevel?.meaning}</p>
              <p className="small">
                Coverage {percent(d.coverage)} · {d.respondents === 1 ? "1 person" : `${d.respondents} people`}
              </p>
              {d.evidence ? <p className="small badge low-confidence">{d.evidence}</p> : null}
            </a>
          );
        })}
      </section>

      <section className="card" aria-labelledby="radar-title">
        <h2 id="radar-title">Readiness by dimension{data.group ? "" : " and group"}</h2>
        <p className="muted small">0–100, outward is better. Shadow-IT is shown as control (100 − risk).</p>
        <fieldset className="series-toggles no-print" onPointerEnter={preloadReadinessRadar} onFocus={preloadReadinessRadar}>
          <legend className="sr-only">Show series</legend>
          {data.radarSeries.map((s) => (
            <label key={s.key}>
              <input
                type="checkbox"
                checked={!hiddenSeries.includes(s.key)}
                onChange={(e) => setHiddenSeries((h) => (e.target.checked ? h.filter((k) => k !== s.key) : [...h, s.key]))}
              />{" "}
              <span style={{ color: SERIES_STYLE[s.key]?.colour }}>■</span> {SERIES_STYLE[s.key]?.label ?? s.key}
            </label>
          ))}
        </fieldset>
        <ServerChart
          label="Radar chart of the eight dimensions"
          svg={data.charts.radar}
          live={hiddenSeries.length > 0 ? <ReadinessRadar axes={data.charts.radarAxes} series={data.radarSeries.filter((s) => !hiddenSeries.includes(s.key))} /> : undefined}
        />
      </section>

      <section className="card" id="dimensions" aria-labelledby="dimensions-title">
        <h2 id="dimensions-title">All dimensions</h2>
        <table className="data">
          <thead>
            <tr>
              <th>Dimension</th>
              <th>Score</th>
              <th>Level</th>
              <th>Coverage</th>
              <th className="num">People</th>
            </tr>
          </thead>
          <tbody>
            {data.dimensions.map((d) => (
              <tr key={d.key} data-testid={`dimension-row-${d.key}`}>
                <td>
                  <a href={`#drill-${d.key}`}>{d.name}</a>
                </td>
                <td className="num">{round(d.score)}</td>
                <td>{d.riskBand ? `${d.riskBand.name} risk` : d.maturityLevel ? `${d.maturityLevel.level} · ${d.maturityLevel.name}` : "—"}</td>
                <td>
                  {percent(d.coverage)} {d.evidence ? <span className="badge low-confidence" title={d.evidence}>thin evidence</span> : null}
                </td>
                <td className="num">{d.respondents}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>


      {!data.group ? <PerceptionGaps data={data} /> : null}

      <section className="card" aria-labelledby="shadow-title">
        <h2 id="shadow-title">Shadow IT</h2>
        <p>
          Risk <strong>{round(byKey["shadow-it"].score)}</strong>
          {byKey["shadow-it"].riskBand ? ` · ${byKey["shadow-it"].riskBand.name}` : ""}. {byKey["shadow-it"].riskBand?.meaning}
        </p>
        {byKey["shadow-it"].score !== null ? (
          <p className="small" data-testid="shadow-evidence">
            {byKey["shadow-it"].evidence ? <span className="badge low-confidence">thin evidence</span> : null} {evidenceWords(byKey["shadow-it"], byKey["shadow-it"].respondents).replace(/^Thin evidence: /, "")}
          </p>
        ) : null}
        {shadowDrivers.length > 0 ? (
          <>
            <h3>What drives it</h3>
            <table className="data">
              <thead>
                <tr>
                  <th>Question</th>
                  <th>Answers</th>
                  <th className="num">Risk points</th>
                </tr>
              </thead>
              <tbody>
                {shadowDrivers.map((item) => (
                  <tr key={item.itemKey}>
                    <td>
                      {item.title}
                      {item.rowLabel ? <span className="muted"> — {item.rowLabel}</span> : null}
                    </td>
                    <td>
                      {item.byGroup.map((g) => (
                        <div key={g.group}>
                          <strong>{groupName(g.group)}:</strong> {g.distribution.map((a) => `${a.label} (${a.count})`).join("; ") || "—"}
                        </div>
                      ))}
                    </td>
                    <td className="num">{round(item.riskPoints)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </section>

      <section aria-labelledby="drill-title">
        <h2 id="drill-title">The answers behind each score</h2>
        {data.drillDown.map((dimension) => (
          <DrillDown key={`${data.group ?? "all"}-${dimension.key}`} dimension={dimension} score={byKey[dimension.key]} notes={data.notes} baseUrl={baseUrl} group={data.group} />
        ))}
      </section>

      {data.freeText.length > 0 ? (
        <section className="card" aria-labelledby="free-text-title">
          <h2 id="free-text-title">In their own words</h2>
          {data.freeText.map((q) => (
            <div key={q.questionName}>
              <h3>{q.title}</h3>
              <ul className="free-text">
                {q.answers.map((a, i) => (
                  <li key={i} className="pre-wrap">
                    <span className="badge">{isRespondentGroup(a.group) ? groupName(a.group) : a.group}</span> {a.text}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
      ) : null}

      <section className="card" id="questions" aria-labelledby="questions-title">
        <h2 id="questions-title">Answers, question by question</h2>
        {data.questionSummaries ? (
          <QuestionSummaries summaries={data.questionSummaries} />
        ) : (
          <p>
            <Link to={`?${new URLSearchParams({ ...(data.group ? { group: data.group } : {}), questions: "all" }).toString()}#questions`} preventScrollReset>
              Show every question's answers
            </Link>
          </p>
        )}
      </section>
    </main>
  );
}

export type ResultsData = ReturnType<typeof useLoaderData<typeof loader>>;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
