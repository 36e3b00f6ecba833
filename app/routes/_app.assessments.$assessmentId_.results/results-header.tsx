import { Link } from "@remix-run/react";
import { DEFAULT_MIN_GROUP_SIZE } from "~/domain/perception-gap";
import type { ResultsData } from "./route";

export function ResultsHeader({ data, baseUrl }: { data: ResultsData; baseUrl: string }) {
  return (
    <div className="page-head">
      <div>
        <p className="muted" style={{ margin: 0 }}>
          <Link to={`/customers/${data.customerId}`}>{data.customerName}</Link> · <Link to={`/assessments/${data.assessmentId}`}>{data.assessmentTitle}</Link> ·{" "}
          <Link to={`/customers/${data.customerId}/plan`}>Plan</Link>
        </p>
        <h1>Results</h1>
        <p className="muted small">
          {data.questionnaire.title} v{data.questionnaire.version} · {data.participation.answered} of {data.participation.invited} respondents have answered, {data.participation.completed} completed
        </p>
      </div>
      <nav aria-label="Export" className="group-filter no-print">
        <Link to={`/assessments/${data.assessmentId}/report`}>Report</Link>
        <a href={`/assessments/${data.assessmentId}/report.pdf`} download>
          Download PDF
        </a>
        <a href={`/assessments/${data.assessmentId}/export/answers.csv`} download>
          Answers (CSV)
        </a>
        <a href={`/assessments/${data.assessmentId}/export/scores.csv`} download>
          Scores (CSV)
        </a>
        <a href={`/assessments/${data.assessmentId}/results.json`}>Results (JSON)</a>
      </nav>
      <nav aria-label="Filter by group" className="group-filter no-print">
        <Link to={baseUrl} aria-current={data.group === null ? "page" : undefined}>
          All groups
        </Link>
        {data.groups.map((g) => (
          <Link key={g.key} to={`${baseUrl}?group=${g.key}`} aria-current={data.group === g.key ? "page" : undefined}>
            {g.name} ({g.respondents < DEFAULT_MIN_GROUP_SIZE ? "one person's view" : g.respondents})
          </Link>
        ))}
      </nav>
    </div>
  );
}
