/*
 * The HTML report's sections that follow the questionnaire (app/reports/report-survey.ts): a
 * Konveyor questionnaire's risk verdict, an unscored questionnaire's question-by-question summaries
 * and its participation appendix. Customer text is only ever rendered as React text.
 */
import { QuestionSummaries } from "~/components/results/question-summaries";
import type { QuestionSummary } from "~/domain/question-summary-counts";
import { RISK_COLOUR_NAMES, konveyorCountsWords, konveyorRuleWords, type ReportKonveyorRisk } from "~/reports/konveyor-words";

export function ReportKonveyorRiskBody({ risk }: { risk: ReportKonveyorRisk | null }) {
  if (!risk) return null;
  const given = risk.questions.flatMap((q) => q.choices.filter((c) => c.count > 0).map((c, i) => ({ question: q, choice: c, first: i === 0 })));
  const unanswered = risk.questions.filter((q) => q.unanswered > 0);
  return (
    <>
      <p className="report-band" data-testid="report-konveyor-verdict">
        <span className={`badge risk-${risk.verdict}`}>Konveyor risk: {RISK_COLOUR_NAMES[risk.verdict]}</span> {risk.message}
      </p>
      <p className="small">{konveyorCountsWords(risk)}</p>
      <p className="small muted">{konveyorRuleWords(risk.thresholds)}</p>
      {given.length > 0 ? (
        <>
          <h3>The answers, with their rationale and mitigation</h3>
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
              {given.map(({ question, choice, first }) => (
                <tr key={`${question.name}/${choice.value}`}>
                  <td>{first ? question.title : ""}</td>
                  <td>
                    <span className={`badge risk-${choice.risk}`}>{RISK_COLOUR_NAMES[choice.risk]}</span> {choice.label}
                  </td>
                  <td className="num">{choice.count}</td>
                  <td className="small">
                    {choice.rationale ? <div>{choice.rationale}</div> : null}
                    {choice.mitigation ? <div className="muted">Mitigation: {choice.mitigation}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {unanswered.length > 0 ? <p className="muted small">Unanswered (counted as unknown): {unanswered.map((q) => `${q.title} × ${q.unanswered}`).join("; ")}</p> : null}
    </>
  );
}

export function ReportQuestionsBody({ questions }: { questions: QuestionSummary[] }) {
  return <QuestionSummaries summaries={questions} />;
}

interface SurveyAppendixProps {
  respondentsByGroup: { group: string; groupName: string; invited: number; answered: number; completed: number }[];
  respondentNames: { groupName: string; names: string[] }[] | null;
  questionnaire: { key: string; version: number; title: string };
  generatedDateLabel: string;
}

export function ReportSurveyAppendix({ respondentsByGroup, respondentNames, questionnaire, generatedDateLabel }: SurveyAppendixProps) {
  const totals = respondentsByGroup.reduce((t, g) => ({ invited: t.invited + g.invited, answered: t.answered + g.answered, completed: t.completed + g.completed }), { invited: 0, answered: 0, completed: 0 });
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
          {respondentsByGroup.map((g) => (
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
      {respondentNames && respondentNames.length > 0 ? (
        <>
          <h3>Respondents</h3>
          <dl>
            {respondentNames.map((g) => (
              <div key={g.groupName}>
                <dt>{g.groupName}</dt>
                <dd>{g.names.join(", ")}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <h3>Questionnaire</h3>
      <p className="small">
        {questionnaire.title}, version {questionnaire.version} ({questionnaire.key}). It has no scored questions, so this report counts and lists the answers as given. Report generated on {generatedDateLabel} with Cairn.
      </p>
    </>
  );
}
