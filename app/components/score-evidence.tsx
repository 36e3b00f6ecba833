/**
 * A score's evidence under the score (app/domain/score-evidence.ts): coverage and people, and a
 * "thin evidence" badge when it is low confidence, so no page shows a bare number (rule 13).
 */
export function ScoreEvidence({ evidence, testId }: { evidence: { thin: boolean; words: string } | null; testId?: string }) {
  if (!evidence) return null;
  return (
    <div className="small muted" data-testid={testId}>
      {evidence.thin ? <span className="badge low-confidence">thin evidence</span> : null} {evidence.thin ? evidence.words.replace(/^Thin evidence: /, "") : evidence.words}
    </div>
  );
}
