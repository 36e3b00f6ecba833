import { json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { CSSProperties } from "react";
import { requireUser } from "~/auth/access.server";
import { ServerChart } from "~/components/charts/server-chart";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReportKonveyorRiskBody, ReportQuestionsBody, ReportSurveyAppendix } from "~/components/report/survey-sections";
import { warmPdfQueue } from "~/reports/pdf-queue.server";
import type { ReportSectionId } from "~/reports/report-model.server";
import { buildReportModel } from "~/reports/report-sources.server";
import reportStyles from "~/styles/report.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Report: ${data.report.cover.customerName} · Cairn` : "Report · Cairn" }];

export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/**
 * The customer report as a web page that prints like the PDF: the same ReportModel, the same chart
 * SVG. Customer text is only ever rendered as React text; the one use of dangerouslySetInnerHTML
 * is the chart markup, which our own chart components rendered on the server (ServerChart).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "reports:download" });
  const model = await buildReportModel({ organisationId: user.organisationId, assessmentId: String(params.assessmentId) });
  warmPdfQueue();
  // The page shows the logo from /branding/logo rather than carrying its bytes in the page data.
  const { logo, ...cover } = model.cover;
  return json({ assessmentId: String(params.assessmentId), report: { ...model, cover: { ...cover, hasLogo: logo !== null } } });
}

type Report = SerializeFrom<typeof loader>["report"];

const round = (n: number | null | undefined) => (n === null || n === undefined ? "—" : String(Math.round(n)));
const percent = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${Math.round(n * 100)} %`);
const signed = (n: number | null) => (n === null ? "—" : `${n > 0 ? "+" : ""}${n}`);
const changeOf = (current: number | null | undefined, previous: number | null | undefined) =>
  current === null || current === undefined || previous === null || previous === undefined ? null : Math.round(current) - Math.round(previous);
const bandClass = (levelLabel: string | null) => (levelLabel ? `band-${levelLabel.split(" ")[0].toLowerCase()}` : "");

export default function ReportPage() {
  const { assessmentId, report } = useLoaderData<typeof loader>();
  return (
    <main className="page report" style={{ "--accent": report.cover.accentColour } as CSSProperties}>
      <div className="report-actions no-print">
        <Link to={`/assessments/${assessmentId}/results`}>← Results</Link>
        <span className="report-actions-buttons">
          <button type="button" className="secondary" onClick={() => window.print()}>
            Print
          </button>
          <a className="button" href={`/assessments/${assessmentId}/report.pdf`} download data-testid="download-pdf">
            Download PDF
          </a>
        </span>
      </div>

      <ReportCover report={report} />

      <nav className="report-contents" aria-labelledby="contents-title">
        <h2 id="contents-title">Contents</h2>
        <ol>
          {report.sections.map((s) => (
            <li key={s.id}>
              <a href={`#section-${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ol>
      </nav>

      {report.sections.map((section, i) => (
        <section key={section.id} id={`section-${section.id}`} className="report-section" aria-labelledby={`title-${section.id}`}>
          <p className="section-label">Section {i + 1}</p>
          <h2 id={`title-${section.id}`}>{section.title}</h2>
          {section.intro ? <p className="section-intro">{section.intro}</p> : null}
          <SectionBody id={section.id} report={report} />
        </section>
      ))}
    </main>
  );
}

function ReportCover({ report }: { report: Report }) {
  const { cover, participation } = report;
  return (
    <header className="report-cover">
      <div className="report-cover-band">
        {cover.hasLogo ? <img className="report-logo" src="/branding/logo" alt="" /> : null}
        <p className="report-provider">{cover.providerName}</p>
        <p className="report-kicker">{cover.questionnaire.title}</p>
        <h1>{report.title}</h1>
      </div>
      <div className="report-cover-body">
        <p className="report-kicker muted">Prepared for</p>
        <p className="report-customer" dir="auto" data-testid="report-customer">
          {cover.customerName}
        </p>
        <p className="report-assessment" dir="auto">
          {cover.assessmentTitle}
        </p>
        <dl className="report-details">
          <dt>Assessment date</dt>
          <dd>
            {cover.assessmentDateLabel}
            {cover.assessmentStatus === "open" ? " (still open)" : ""}
          </dd>
          <dt>Respondents</dt>
          <dd>
            {participation.answered} answered of {participation.invited} invited
          </dd>
          <dt>Questionnaire</dt>
          <dd>
            {cover.questionnaire.title}, version {cover.questionnaire.version}
          </dd>
          <dt>Prepared by</dt>
          <dd>{cover.providerName}</dd>
          <dt>Report date</dt>
          <dd>{report.generatedDateLabel}</dd>
        </dl>
      </div>
    </header>
  );
}

function SectionBody({ id, report }: { id: ReportSectionId; report: Report }) {
  switch (id) {
    case "summary":
      return <Summary report={report} />;
    case "readiness":
      return <Readiness report={report} />;
    case "gaps":
      return <PerceptionGaps report={report} />;
    case "shadow-it":
      return <ShadowIt report={report} />;
    case "trend":
      return <Trend report={report} />;
    case "voices":
      return <Voices report={report} />;
    case "appendix":
      return <Appendix report={report} />;
    case "overview":
      return null;
    case "konveyor-risk":
      return <ReportKonveyorRiskBody risk={report.konveyorRisk} />;
    case "questions":
      return <ReportQuestionsBody questions={report.questions} />;
    case "survey-appendix":
      return <ReportSurveyAppendix {...report.appendix} generatedDateLabel={report.generatedDateLabel} />;
    default:
      return <PlanSection id={id} plan={report.plan} />;
  }
}

function Summary({ report }: { report: Report }) {
  if (report.participation.answered === 0) return null;
  const trend = report.trend;
  const readinessChange = trend ? changeOf(trend.readiness.current, trend.readiness.previous) : null;
  return (
    <>
      <div className="report-tiles">
        {report.summary.headlines.map((h) => (
          <div key={h.key} className={`report-tile ${h.kind === "risk" ? `risk ${bandClass(h.levelLabel)}` : ""} ${h.key === "readiness" ? "overall" : ""}`} data-testid={`report-headline-${h.key}`}>
            <div className="tile-label">{h.label}</div>
            <div className="tile-score">
              {round(h.score)}
              {h.score !== null ? <span className="muted small"> / 100</span> : null}
            </div>
            <div className="tile-level">{h.levelLabel ?? "Not enough answers"}</div>
            <p className="small muted">{h.meaning}</p>
            {h.coverage !== null ? (
              <p className="small">
                Coverage {percent(h.coverage)}
                {h.respondents !== null ? ` · ${h.respondents === 1 ? "1 person" : `${h.respondents} people`}` : ""}
              </p>
            ) : null}
            {h.evidence ? <p className="small badge low-confidence">{h.evidence}</p> : null}
          </div>
        ))}
      </div>
      {trend ? (
        <p className="muted">
          Since “{trend.previousTitle}” ({trend.previousDateLabel}), overall readiness has moved from {round(trend.readiness.previous)} to {round(trend.readiness.current)}
          {readinessChange === null ? "" : ` (${signed(readinessChange)})`}.
        </p>
      ) : null}
      <h3>Key findings</h3>
      {report.summary.findings.length === 0 ? <p>The answers so far do not point to a finding yet.</p> : null}
      <ol className="report-findings">
        {report.summary.findings.map((f) => (
          <li key={f.rule}>
            <span className={`severity severity-${f.severity}`}>{f.severity}</span>
            <strong className="finding-headline">{f.headline}</strong>
            <p>{f.detail}</p>
          </li>
        ))}
      </ol>
    </>
  );
}

function Readiness({ report }: { report: Report }) {
  const trend = report.dimensions.some((d) => d.previousScore !== undefined);
  return (
    <>
      {report.charts.radar ? (
        <figure className="report-chart">
          <figcaption className="muted small">{report.charts.radar.caption}</figcaption>
          <ServerChart label={report.charts.radar.title} svg={report.charts.radar.markup} />
        </figure>
      ) : null}
      <h3>All dimensions</h3>
      <table className="data">
        <thead>
          <tr>
            <th>Dimension</th>
            <th className="num">Score</th>
            <th>Level or band</th>
            <th className="num">Coverage</th>
            {trend ? (
              <>
                <th className="num">Previous</th>
                <th className="num">Change</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {report.dimensions.map((d) => (
            <tr key={d.key} data-testid={`report-dimension-${d.key}`}>
              <td>
                <strong>{d.name}</strong>
                {d.kind === "risk" ? <div className="small muted">Risk: lower is better</div> : null}
              </td>
              <td className={`num ${d.kind === "risk" ? bandClass(d.levelLabel) : ""}`}>
                <strong>{round(d.score)}</strong>
              </td>
              <td>{d.levelLabel ?? "Not enough answers"}</td>
              <td className="num">
                {percent(d.coverage)} <span className="small muted">({d.respondents === 1 ? "1 person" : `${d.respondents} people`})</span>{" "}
                {d.score !== null && d.lowConfidence ? <span className="badge low-confidence">thin evidence</span> : null}
              </td>
              {trend ? (
                <>
                  <td className="num">{round(d.previousScore)}</td>
                  <td className="num">{signed(changeOf(d.score, d.previousScore))}</td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function PerceptionGaps({ report }: { report: Report }) {
  const { perceptionGaps } = report;
  const flagged = perceptionGaps.gaps.filter((g) => g.flagged);
  return (
    <>
      {report.charts.gaps ? (
        <figure className="report-chart">
          <figcaption className="muted small">{report.charts.gaps.caption}</figcaption>
          <ServerChart label={report.charts.gaps.title} svg={report.charts.gaps.markup} />
        </figure>
      ) : null}
      {flagged.length === 0 ? <p>No dimension has a flagged gap: the groups broadly agree.</p> : null}
      {flagged.map((gap) => (
        <div key={gap.dimension} className="report-block">
          <h3>
            {gap.name}: {round(gap.gap)} points apart over {gap.sharedItems} shared question{gap.sharedItems === 1 ? "" : "s"}
          </h3>
          <p>
            {gap.highest && gap.lowest
              ? `On the questions both groups answered, ${gap.highest.groupName} (${gap.highest.people}) scores it ${round(gap.highest.score)}, ${gap.lowest.groupName} (${gap.lowest.people}) ${round(gap.lowest.score)}. `
              : ""}
            Each group&apos;s own score: {gap.groupScores.map((g) => `${g.groupName} ${round(g.score)} (${g.people}${g.belowMinimumSize ? ", not compared" : ""})`).join(" · ")}.
          </p>
          {gap.disagreements.length > 0 && gap.highest && gap.lowest ? (
            <table className="data">
              <thead>
                <tr>
                  <th>Shared question where they differ most (mean points, 0–100)</th>
                  <th className="num">{gap.highest.groupName}</th>
                  <th className="num">{gap.lowest.groupName}</th>
                </tr>
              </thead>
              <tbody>
                {gap.disagreements.map((q, i) => (
                  <tr key={i}>
                    <td>
                      {q.title}
                      {q.rowLabel ? <div className="small muted">{q.rowLabel}</div> : null}
                    </td>
                    {q.means.map((m, j) => (
                      <td key={j} className="num">
                        {round(m)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {gap.oneSided.length > 0 ? (
            <p className="small muted">
              Asked of only one side, so context rather than disagreement: {gap.oneSided.map((q) => `${q.title}${q.rowLabel ? ` — ${q.rowLabel}` : ""} (${q.groupName})`).join("; ")}.
            </p>
          ) : null}
        </div>
      ))}
    </>
  );
}

function ShadowIt({ report }: { report: Report }) {
  const { headline, drivers } = report.shadowIt;
  const byGroup = report.perceptionGaps.gaps.find((g) => g.dimension === "shadow-it");
  return (
    <>
      <div className={`report-band ${bandClass(headline.levelLabel)}`}>
        <span className="band-score">{round(headline.score)}</span>
        <div>
          <strong>{headline.levelLabel ?? "Not enough answers"}</strong>
          <p className="small">
            {headline.meaning}
            {headline.coverage !== null ? ` Coverage ${percent(headline.coverage)}${headline.respondents !== null ? `, from ${headline.respondents === 1 ? "1 person" : `${headline.respondents} people`}` : ""}.` : ""}
            {headline.evidence ? ` ${headline.evidence}.` : ""}
          </p>
        </div>
      </div>
      {byGroup && byGroup.groupScores.length > 1 ? <p>How each group sees it: {byGroup.groupScores.map((g) => `${g.groupName} ${round(g.score)}`).join(" · ")}.</p> : null}
      {drivers.length > 0 ? (
        <>
          <h3>What drives it</h3>
          <p className="small muted">The questions with the highest risk points in any group, and how each group answered (number of respondents in brackets).</p>
          <table className="data">
            <thead>
              <tr>
                <th>Question</th>
                <th>Answers by group</th>
                <th className="num">Risk points</th>
              </tr>
            </thead>
            <tbody>
              {drivers.map((d, i) => (
                <tr key={i}>
                  <td>
                    {d.title}
                    {d.rowLabel ? <div className="small muted">{d.rowLabel}</div> : null}
                  </td>
                  <td>
                    {d.answersByGroup.map((g) => (
                      <div key={g.groupName}>
                        <strong>{g.groupName}:</strong> {g.answers}
                      </div>
                    ))}
                  </td>
                  <td className="num">
                    <strong>{round(d.riskPoints)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

function Trend({ report }: { report: Report }) {
  const trend = report.trend;
  if (!trend) return null;
  const rows = [{ key: "readiness", name: "Overall readiness", kind: "maturity" as const, ...trend.readiness }, ...trend.dimensions];
  return (
    <table className="data">
      <thead>
        <tr>
          <th>Dimension</th>
          <th className="num">Then</th>
          <th className="num">Now</th>
          <th className="num">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => {
          const change = changeOf(d.current, d.previous);
          const better = change !== null && change !== 0 && (d.kind === "risk" ? change < 0 : change > 0);
          return (
            <tr key={d.key}>
              <td>
                {d.name}
                {d.kind === "risk" ? <div className="small muted">Risk: lower is better</div> : null}
              </td>
              <td className="num">
                {round(d.previous)}
                {d.previousEvidence ? <div className="small muted">{d.previousEvidence}</div> : null}
              </td>
              <td className="num">
                {round(d.current)}
                {d.currentEvidence ? <div className="small muted">{d.currentEvidence}</div> : null}
              </td>
              <td className={`num ${change === null || change === 0 ? "" : better ? "change-better" : "change-worse"}`}>{signed(change)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function PlanSection({ id, plan }: { id: ReportSectionId; plan: Report["plan"] }) {
  const table = (headers: string[], rows: (string | undefined)[][]) => (
    <table className="data">
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cell ?? "—"}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  switch (id) {
    case "steppingStones":
      return table(["Step", "What and why", "When"], (plan.steppingStones ?? []).map((s) => [s.title, s.summary, s.horizon]));
    case "teachingPlan":
      return table(["Topic", "For", "Why"], (plan.teachingPlan ?? []).map((t) => [t.topic, t.audience, t.why]));
    case "dispositions":
      return table(["Wave", "Workload", "Disposition", "Why"], (plan.dispositions ?? []).map((d) => [d.wave, d.workload, d.disposition, d.rationale]));
    case "outcomeKpis":
      return table(["Outcome", "KPI", "Baseline", "Target"], (plan.outcomeKpis ?? []).map((k) => [k.outcome, k.kpi, k.baseline, k.target]));
    default:
      return null;
  }
}

function Voices({ report }: { report: Report }) {
  return (
    <>
      {report.voices.freeText.map((question) => (
        <div key={question.title} className="report-block">
          <h3>{question.title}</h3>
          <ul className="report-quotes">
            {question.answers.map((answer, i) => (
              <li key={i}>
                {i === 0 || question.answers[i - 1].groupName !== answer.groupName ? <span className="quote-source">{answer.groupName}</span> : null}
                {/* Customer text: a React text node, never markup. */}
                <blockquote className="pre-wrap" dir="auto" data-testid="report-free-text">
                  {answer.text}
                </blockquote>
                {answer.shortened ? <span className="small muted">(shortened for the report)</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {report.voices.notes.length > 0 ? (
        <div className="report-block">
          <h3>Facilitator notes</h3>
          <ul className="report-quotes">
            {report.voices.notes.map((note, i) => (
              <li key={i}>
                <span className="quote-source">
                  {note.source} · {note.questionTitle}
                </span>
                <blockquote className="pre-wrap" dir="auto">
                  {note.note}
                </blockquote>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function Appendix({ report }: { report: Report }) {
  const { appendix } = report;
  const totals = appendix.respondentsByGroup.reduce((t, g) => ({ invited: t.invited + g.invited, answered: t.answered + g.answered, completed: t.completed + g.completed }), { invited: 0, answered: 0, completed: 0 });
  return (
    <>
      <h3>Who took part</h3>
      <table className="data">
        <thead>
          <tr>
            <th>Group</th>
            <th className="num">Invited</th>
            <th className="num">Answered</th>
            <th className="num">Completed</th>
          </tr>
        </thead>
        <tbody>
          {appendix.respondentsByGroup.map((g) => (
            <tr key={g.group}>
              <td>{g.groupName}</td>
              <td className="num">{g.invited}</td>
              <td className="num">{g.answered}</td>
              <td className="num">{g.completed}</td>
            </tr>
          ))}
          <tr>
            <th>Total</th>
            <th className="num">{totals.invited}</th>
            <th className="num">{totals.answered}</th>
            <th className="num">{totals.completed}</th>
          </tr>
        </tbody>
      </table>
      {appendix.respondentNames && appendix.respondentNames.length > 0 ? (
        <>
          <h3>Respondents</h3>
          <dl>
            {appendix.respondentNames.map((g) => (
              <div key={g.groupName}>
                <dt>{g.groupName}</dt>
                <dd>{g.names.join(", ")}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}

      <h3>How the scores are calculated</h3>
      <dl className="report-method">
        {appendix.method.map((m) => (
          <div key={m.title}>
            <dt>{m.title}</dt>
            <dd>{m.text}</dd>
          </div>
        ))}
      </dl>

      <h3>Maturity levels</h3>
      <table className="data">
        <thead>
          <tr>
            <th>Level</th>
            <th>Score</th>
            <th>Meaning</th>
          </tr>
        </thead>
        <tbody>
          {appendix.maturityLevels.map((l) => (
            <tr key={l.level}>
              <td>
                <strong>
                  {l.level} · {l.name}
                </strong>
              </td>
              <td>{l.range}</td>
              <td>{l.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Shadow-IT risk bands</h3>
      <table className="data">
        <thead>
          <tr>
            <th>Band</th>
            <th>Risk score</th>
            <th>Meaning</th>
          </tr>
        </thead>
        <tbody>
          {appendix.riskBands.map((b) => (
            <tr key={b.name}>
              <td className={`band-${b.name.toLowerCase()}`}>
                <strong>{b.name}</strong>
              </td>
              <td>{b.range}</td>
              <td>{b.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>The eight dimensions</h3>
      <table className="data">
        <thead>
          <tr>
            <th>Dimension</th>
            <th>What it covers</th>
            <th className="num">Weight in readiness</th>
          </tr>
        </thead>
        <tbody>
          {report.dimensions.map((d) => (
            <tr key={d.key}>
              <td>
                <strong>{d.name}</strong>
              </td>
              <td>{d.summary}</td>
              <td className="num">{appendix.readinessWeights.find((w) => w.name === d.name)?.weight ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>How the key findings are chosen</h3>
      <p className="small">
        Each rule below can produce one finding. Findings are ranked by severity (critical, high, medium, for information) and, within a severity, in the order of the rules; the executive summary shows the first three.
      </p>
      <ol className="small">
        {appendix.findingRules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ol>

      <h3>Questionnaire</h3>
      <p className="small">
        {appendix.questionnaire.title}, version {appendix.questionnaire.version} ({appendix.questionnaire.key}). Every assessment is scored with the questionnaire version it was taken with, so its scores can be
        reproduced. Report generated on {report.generatedDateLabel} with Cairn.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
