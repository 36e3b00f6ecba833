/** A list of problems or warnings about a questionnaire file, each at its JSON path and, when found, its line and column. */
export interface QuestionnaireFinding {
  path: string;
  questionName?: string;
  message: string;
  line?: number;
  column?: number;
}

export function QuestionnaireFindings({ findings }: { findings: QuestionnaireFinding[] }) {
  return (
    <ul className="questionnaire-findings">
      {findings.map((finding, index) => (
        <li key={index}>
          {finding.line !== undefined ? (
            <span className="finding-place">
              line {finding.line}, column {finding.column}
            </span>
          ) : null}{" "}
          <code>{finding.path}</code>
          {finding.questionName ? ` (${finding.questionName})` : ""}: {finding.message}
        </li>
      ))}
    </ul>
  );
}
