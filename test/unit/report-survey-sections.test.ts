import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReportKonveyorRiskBody, ReportQuestionsBody } from "~/components/report/survey-sections";

const HOSTILE = `<script>alert("x")</script> & <img src=x onerror=alert(1)>`;

describe("the HTML survey report renders customer text as text", () => {
  it("escapes free-text answers, comments and choice labels", () => {
    const html = renderToStaticMarkup(
      createElement(ReportQuestionsBody, {
        questions: [
          { name: "wish", title: "One wish", type: "comment", kind: "text", answered: 1, comments: [], answers: [{ group: "it", text: HOSTILE }] },
          { name: "pick", title: HOSTILE, type: "radiogroup", kind: "choice", answered: 1, comments: [{ group: "business", text: HOSTILE }], options: [{ value: "a", label: HOSTILE, count: 1, share: 1 }] },
        ],
      }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;");
  });

  it("escapes a Konveyor questionnaire's own texts: its message, questions, answers, rationale and mitigation", () => {
    const html = renderToStaticMarkup(
      createElement(ReportKonveyorRiskBody, {
        risk: {
          verdict: "red",
          message: HOSTILE,
          counts: { red: 1, yellow: 0, green: 0, unknown: 0 },
          total: 1,
          answerSets: 1,
          thresholds: { red: 1, yellow: 30, unknown: 15 },
          questions: [{ name: "q", title: HOSTILE, unanswered: 0, choices: [{ value: "a1", label: HOSTILE, risk: "red", rationale: HOSTILE, mitigation: HOSTILE, count: 1 }] }],
        },
      }),
    );
    expect(html).toContain("Konveyor risk: Red");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
  });
});
