/*
 * The PDF sections that follow the questionnaire (report-survey.ts): a survey report's overview,
 * question-by-question summaries and participation appendix, and a Konveyor questionnaire's risk
 * verdict. Kept apart from render-pdf.ts, which draws the readiness sections and the page furniture.
 *
 * Customer text (answers, comments, choice labels of an uploaded questionnaire) is only ever passed
 * to the layout's text calls, which sanitise it and draw characters, never markup.
 * Relative imports only: the PDF renderer runs this under tsx, outside the Remix build.
 */
import { groupName, isRespondentGroup } from "../domain/dimensions";
import type { QuestionSummary } from "../domain/question-summary-counts";
import type { RiskColour } from "../domain/konveyor-risk";
import { CONTENT_WIDTH, MARGIN, MUTED, type TextStyle } from "./pdf-style";
import type { ReportLayout, SectionRenderer, TableCell, TableColumn } from "./render-pdf";
import type { ReportModel, ReportSection } from "./report-model.server";
import { RISK_COLOUR_NAMES, konveyorCountsWords, konveyorRuleWords } from "./konveyor-words";

/** Free-text answers printed per question before "and N more": the PDF is read, not searched. */
export const PDF_LISTED_ANSWERS = 20;
/** One listed answer is cut here; the answers CSV has it in full. */
const PDF_ANSWER_CHARS = 1500;

const RISK_INK: Record<RiskColour, string> = { red: "#b42318", yellow: "#b54708", green: "#027a48", unknown: MUTED };

const share = (n: number | null) => (n === null ? "—" : `${Math.round(n * 100)} %`);
const oneDecimal = (n: number | null) => (n === null ? "—" : (Math.round(n * 10) / 10).toFixed(1));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const groupLabel = (group: string) => (isRespondentGroup(group) ? groupName(group) : group);

function shortened(text: string): string {
  if (text.length <= PDF_ANSWER_CHARS) return text;
  const code = text.charCodeAt(PDF_ANSWER_CHARS - 1);
  // Never cut a surrogate pair in half.
  return `${text.slice(0, code >= 0xd800 && code <= 0xdbff ? PDF_ANSWER_CHARS - 1 : PDF_ANSWER_CHARS)}… (shortened)`;
}

function opening(layout: ReportLayout, number: number, section: ReportSection) {
  layout.sectionTitle(number, section.title);
  if (section.intro) layout.paragraph(section.intro, { lineGap: 3 }, { after: 10 });
}

export function renderOverview(): SectionRenderer {
  return opening;
}

export function renderKonveyorRisk(model: ReportModel): SectionRenderer {
  return (layout, number, section) => {
    opening(layout, number, section);
    const risk = model.konveyorRisk;
    if (!risk) return;
    const verdict = `Konveyor risk: ${RISK_COLOUR_NAMES[risk.verdict]}`;
    layout.ensureSpace(60);
    const top = layout.y;
    layout.doc.save().rect(MARGIN.left, top, 4, 30).fill(RISK_INK[risk.verdict]).restore();
    layout.textAt(verdict, MARGIN.left + 12, top + 4, CONTENT_WIDTH - 12, { font: "bold", size: 16, colour: RISK_INK[risk.verdict], lineGap: 0 });
    layout.y = top + 36;
    if (risk.message) layout.paragraph(risk.message, { size: 10 }, { after: 6 });
    layout.paragraph(konveyorCountsWords(risk), { size: 9 }, { after: 4 });
    layout.paragraph(konveyorRuleWords(risk.thresholds), { size: 8.5, colour: MUTED }, { after: 8 });

    const rows: TableCell[][] = risk.questions.flatMap((q) =>
      q.choices
        .filter((c) => c.count > 0)
        .map((c, i): TableCell[] => [
          i === 0 ? q.title : "",
          { text: c.label, note: RISK_COLOUR_NAMES[c.risk], noteColour: RISK_INK[c.risk] },
          String(c.count),
          [c.rationale, c.mitigation ? `Mitigation: ${c.mitigation}` : null].filter(Boolean).join("\n") || "—",
        ]),
    );
    if (rows.length > 0) {
      layout.heading("The answers, with their rationale and mitigation", { keepWith: 60 });
      const columns: TableColumn[] = [
        { header: "Question", width: 30 },
        { header: "Answer and risk", width: 24 },
        { header: "Given", width: 8, align: "right" },
        { header: "Rationale · mitigation", width: 38 },
      ];
      layout.table(columns, rows, { fontSize: 8 });
    }
    const unanswered = risk.questions.filter((q) => q.unanswered > 0);
    if (unanswered.length > 0) {
      layout.paragraph(`Unanswered (counted as unknown): ${unanswered.map((q) => `${q.title} × ${q.unanswered}`).join("; ")}`, { size: 8.5, colour: MUTED }, { after: 6 });
    }
  };
}

function countTable(layout: ReportLayout, summary: Extract<QuestionSummary, { kind: "choice" | "multi" | "rating" }>) {
  layout.table(
    [
      { header: "Answer", width: 64 },
      { header: "People", width: 18, align: "right" },
      { header: "Share", width: 18, align: "right" },
    ],
    summary.options.map((o) => [o.label, String(o.count), share(o.share)]),
    { fontSize: 8.5 },
  );
}

/** Answers as written, each with its group, at most PDF_LISTED_ANSWERS, then how many more there are. */
function listAnswers(layout: ReportLayout, items: { group: string; text: string }[]) {
  const labelStyle: TextStyle = { font: "bold", size: 6.8, colour: layout.accentDark, characterSpacing: 0.8 };
  const textStyle: TextStyle = { size: 9, lineGap: 2 };
  const x = MARGIN.left + 12;
  const width = CONTENT_WIDTH - 12;
  for (const item of items.slice(0, PDF_LISTED_ANSWERS)) {
    const text = shortened(item.text);
    layout.ensureSpace(12 + Math.min(layout.measure(text, width, textStyle), 36));
    layout.singleLine(groupLabel(item.group).toUpperCase(), x, layout.y, width, labelStyle);
    layout.space(11);
    layout.paragraph(text, textStyle, { x, width, after: 5 });
  }
  const more = items.length - PDF_LISTED_ANSWERS;
  if (more > 0) layout.paragraph(`and ${more} more (in the answers CSV)`, { size: 8.5, colour: MUTED }, { x, width, after: 6 });
}

function summaryBody(layout: ReportLayout, summary: QuestionSummary) {
  switch (summary.kind) {
    case "choice":
      return countTable(layout, summary);
    case "multi":
      layout.paragraph("Several answers each: shares add up to more than 100 %.", { size: 8.5, colour: MUTED }, { after: 4 });
      return countTable(layout, summary);
    case "rating": {
      const nps = summary.nps
        ? ` · Net Promoter Score ${summary.nps.score} (${plural(summary.nps.promoters, "promoter", "promoters")}, ${plural(summary.nps.passives, "passive", "passives")}, ${plural(summary.nps.detractors, "detractor", "detractors")})`
        : "";
      layout.paragraph(`Mean ${oneDecimal(summary.mean)}${nps}`, { font: "bold", size: 9.5 }, { after: 5 });
      return countTable(layout, summary);
    }
    case "ranking":
      return layout.table(
        [
          { header: "Answer", width: 60 },
          { header: "Average position (1 = first)", width: 24, align: "right" },
          { header: "Ranked by", width: 16, align: "right" },
        ],
        summary.options.map((o) => [o.label, oneDecimal(o.meanRank), String(o.ranked)]),
        { fontSize: 8.5 },
      );
    case "matrix":
      return layout.table(
        [{ header: "Statement", width: 34 }, ...summary.columns.map((c): TableColumn => ({ header: c.label, width: 66 / Math.max(1, summary.columns.length), align: "right" }))],
        summary.rows.map((row) => [row.label, ...row.counts.map((count) => `${count}${row.answered > 0 ? ` (${share(count / row.answered)})` : ""}`)]),
        { fontSize: 8 },
      );
    case "text":
      return listAnswers(layout, summary.answers);
    case "entries":
      return listAnswers(
        layout,
        summary.answers.map((a) => ({ group: a.group, text: a.lines.join("\n") })),
      );
  }
}

export function renderQuestions(model: ReportModel): SectionRenderer {
  return (layout, number, section) => {
    opening(layout, number, section);
    for (const summary of model.questions) {
      layout.heading(summary.title, { keepWith: 50 });
      layout.paragraph(summary.answered === 0 ? "No answers" : summary.answered === 1 ? "1 person answered" : `${summary.answered} people answered`, { size: 8.5, colour: MUTED }, { after: 4 });
      if (summary.answered > 0) summaryBody(layout, summary);
      if (summary.comments.length > 0) {
        // Keep the label with its first comment.
        layout.ensureSpace(48);
        layout.paragraph("Comments", { font: "bold", size: 9 }, { after: 3 });
        listAnswers(layout, summary.comments);
      }
      layout.space(4);
    }
  };
}

/** The appendix's participation tables, the same in the readiness and the survey report. */
export function renderParticipation(layout: ReportLayout, appendix: ReportModel["appendix"]): void {
  layout.heading("Who took part", { keepWith: 80 });
  const totals = appendix.respondentsByGroup.reduce((t, g) => ({ invited: t.invited + g.invited, answered: t.answered + g.answered, completed: t.completed + g.completed }), { invited: 0, answered: 0, completed: 0 });
  layout.table(
    [
      { header: "Group", width: 40 },
      { header: "Invited", width: 20, align: "right" },
      { header: "Answered", width: 20, align: "right" },
      { header: "Completed", width: 20, align: "right" },
    ],
    [
      ...appendix.respondentsByGroup.map((g) => [g.groupName, String(g.invited), String(g.answered), String(g.completed)]),
      [
        { text: "Total", font: "bold" },
        { text: String(totals.invited), font: "bold" },
        { text: String(totals.answered), font: "bold" },
        { text: String(totals.completed), font: "bold" },
      ],
    ],
  );
  if (appendix.respondentNames && appendix.respondentNames.length > 0) {
    layout.heading("Respondents", { keepWith: 60 });
    layout.table(
      [
        { header: "Group", width: 25 },
        { header: "Names", width: 75 },
      ],
      appendix.respondentNames.map((g) => [{ text: g.groupName, font: "bold" }, g.names.join(", ")]),
    );
  }
}

export function renderSurveyAppendix(model: ReportModel): SectionRenderer {
  return (layout, number, section) => {
    const { appendix } = model;
    opening(layout, number, section);
    renderParticipation(layout, appendix);
    layout.heading("Questionnaire", { keepWith: 30 });
    layout.paragraph(
      `${appendix.questionnaire.title}, version ${appendix.questionnaire.version} (${appendix.questionnaire.key}). It has no scored questions, so this report counts and lists the answers as given. Report generated on ${model.generatedDateLabel} with Cairn.`,
      { size: 8.8, colour: "#3e4c59" },
      { after: 6 },
    );
  };
}
