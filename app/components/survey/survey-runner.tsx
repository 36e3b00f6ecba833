import { useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Model, settings, type Question } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/i18n/german";
import "~/domain/questionnaire-model";
import { surveyMessages } from "~/domain/survey-locale";
import { AutosaveQueue, type SaveState } from "./autosave-queue";

export interface SurveyRunnerProps {
  respondentId: string;
  surveyJson: Record<string, unknown>;
  group: string;
  answers: Record<string, unknown>;
  seqs: Record<string, number>;
  notes?: Record<string, string>;
  noteSeqs?: Record<string, number>;
  currentPage: number;
  completed: boolean;
  /** Workshop mode: the facilitator also records a note per question. */
  withNotes?: boolean;
  /** The SurveyJS locale the questions and Cairn's own words are shown in. */
  locale: string;
}

/**
 * The respondent's answers in survey.data: values of answerable questions and their comments.
 * survey.data also holds what the survey computes itself (expressions, matrix totals, calculated
 * values); those are worked out again on every load and are never sent (the server refuses them).
 */
function snapshot(model: Model): Map<string, string> {
  const answers = new Map<string, string>();
  for (const [name, value] of Object.entries(model.data as Record<string, unknown>)) {
    if (isAnswerName(model, name)) answers.set(name, JSON.stringify(value));
  }
  return answers;
}

interface SurveyProgress {
  page: number;
  pages: number;
  unanswered: number;
  minutesLeft: number;
}

/** Seconds a respondent takes per question, for "about N minutes left": a rough, stated guess. */
const SECONDS_PER_QUESTION = 20;

/** Where the respondent is, and what is left: visible answerable questions without an answer. */
function progressOf(model: Model): SurveyProgress {
  const open = (model.getAllQuestions(true) as Question[]).filter((q) => !["html", "image", "expression"].includes(q.getType()) && q.isEmpty());
  return {
    page: model.currentPageNo + 1,
    pages: model.visiblePageCount,
    unanswered: open.length,
    minutesLeft: Math.max(1, Math.round((open.length * SECONDS_PER_QUESTION) / 60)),
  };
}

function isAnswerName(model: Model, name: string): boolean {
  const question = model.getQuestionByValueName(name);
  if (question) return question.getType() !== "expression";
  const commentSuffix = settings.commentSuffix;
  return name.endsWith(commentSuffix) && !!model.getQuestionByValueName(name.slice(0, -commentSuffix.length));
}

export function SurveyRunner(props: SurveyRunnerProps) {
  const { respondentId, surveyJson, group, answers, seqs, currentPage, completed, locale } = props;
  const text = surveyMessages(locale);
  // The completion handler is registered once; it reads the words of the language in force.
  const textRef = useRef(text);
  textRef.current = text;
  const endpoint = `/survey/${respondentId}/answers`;
  const completion = useFetcher<{ ok: boolean; message?: string }>();
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const [stateMessage, setStateMessage] = useState<string | undefined>();
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>(props.notes ?? {});
  const [pageQuestions, setPageQuestions] = useState<{ name: string; title: string }[]>([]);
  const [progress, setProgress] = useState<SurveyProgress | null>(null);
  const [finishMessage, setFinishMessage] = useState<string | null>(null);
  const queueRef = useRef<AutosaveQueue | null>(null);
  const lastSent = useRef<Map<string, string> | null>(null);
  const finishing = useRef(false);
  // SurveyJS renders in the browser only. Rendered on the server too, its HTML differed from the
  // browser's (React errors #418/#423 on every load), React threw the server's away, and text
  // inputs, matrix cells and dynamic panels' text boxes came back empty after a reload although
  // their answers were saved and restored into the model.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  const model = useMemo(() => {
    const survey = new Model(surveyJson);
    survey.locale = locale;
    survey.setVariable("group", group);
    survey.data = answers;
    survey.textUpdateMode = "onTyping";
    survey.showCompletedPage = false;
    if (currentPage > 0 && currentPage < survey.visiblePageCount) survey.currentPageNo = currentPage;
    if (completed) survey.mode = "display";
    return survey;
    // The model is built once per page load; later changes flow through the queue, not props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A language picked on the page: SurveyJS re-renders its texts; answers are values and stay.
  useEffect(() => {
    if (model.locale !== locale) model.locale = locale;
  }, [model, locale]);

  useEffect(() => {
    const queue = new AutosaveQueue({
      endpoint,
      storageKey: `cairn-autosave:${respondentId}`,
      serverSeqs: seqs,
      serverNoteSeqs: props.noteSeqs,
      storage: window.localStorage,
      onStateChange: (state, message) => {
        setSaveState(state);
        setStateMessage(message);
      },
      onRejected: (question, message) => setProblems((p) => ({ ...p, [question || "_"]: message })),
    });
    queueRef.current = queue;

    if (!completed) {
      const restored = queue.restoreUnsent();
      for (const [name, value] of Object.entries(restored.answers)) model.setValue(name, value);
      lastSent.current = snapshot(model);
      if (Object.keys(restored.notes).length > 0) setNotes((n) => ({ ...n, ...restored.notes }));
    }

    const onValueChanged = () => {
      const next = snapshot(model);
      const last = lastSent.current ?? new Map<string, string>();
      for (const name of new Set([...last.keys(), ...next.keys()])) {
        if (last.get(name) !== next.get(name)) {
          queue.setAnswer(name, next.has(name) ? JSON.parse(next.get(name)!) : null);
          setProblems((p) => {
            if (!(name in p)) return p;
            const { [name]: _, ...rest } = p;
            return rest;
          });
        }
      }
      lastSent.current = next;
    };
    const showProgress = () => setProgress(progressOf(model));
    model.onValueChanged.add(showProgress);
    const showPageQuestions = () =>
      setPageQuestions(((model.currentPage?.questions ?? []) as Question[]).filter((q) => q.isVisible).map((q) => ({ name: q.name, title: q.processedTitle || q.name })));
    const onPageChanged = () => {
      queue.setPage(model.currentPageNo);
      showPageQuestions();
      showProgress();
      window.scrollTo({ top: 0 });
    };
    const onCompleting = (_: Model, options: { allow: boolean }) => {
      if (finishing.current) return;
      options.allow = false;
      finishing.current = true;
      setFinishMessage(textRef.current.sendingLast);
      void queue.flush().then((allSaved) => {
        finishing.current = false;
        if (!allSaved) {
          setFinishMessage(textRef.current.offlineAtFinish);
          return;
        }
        setFinishMessage(null);
        completion.submit({ intent: "complete" }, { method: "post", action: `/survey/${respondentId}` });
      });
    };
    model.onValueChanged.add(onValueChanged);
    model.onCurrentPageChanged.add(onPageChanged);
    model.onCompleting.add(onCompleting);
    model.onDynamicPanelItemValueChanged?.add(onValueChanged);
    showPageQuestions();
    showProgress();

    const onOnline = () => queue.retryNow();
    const onHide = () => {
      const body = queue.beaconBody();
      if (body && navigator.sendBeacon) navigator.sendBeacon(endpoint, new Blob([body], { type: "application/json" }));
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("pagehide", onHide);
    return () => {
      model.onValueChanged.remove(onValueChanged);
      model.onValueChanged.remove(showProgress);
      model.onCurrentPageChanged.remove(onPageChanged);
      model.onCompleting.remove(onCompleting);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("pagehide", onHide);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model]);

  const completionError = completion.data && !completion.data.ok ? completion.data.message : null;
  const problemList = Object.entries(problems);

  return (
    <div className="survey-runner">
      {!completed ? (
        <p className={`save-state save-state-${saveState}`} role="status" aria-live="polite" data-save-state={saveState}>
          {text.saveState[saveState]}
          {stateMessage ? ` ${stateMessage}` : ""}
        </p>
      ) : null}
      {problemList.length > 0 ? (
        <div className="form-error" role="alert">
          {problemList.map(([question, message]) => (
            <p key={question}>
              {question && question !== "_" ? <strong>{model.getQuestionByName(question)?.processedTitle ?? question}: </strong> : null}
              {message}
            </p>
          ))}
        </div>
      ) : null}
      {finishMessage || completionError ? (
        <p className="form-error" role="alert">
          {finishMessage ?? completionError}
        </p>
      ) : null}
      {progress && !completed ? (
        <p className="survey-progress muted" data-testid="survey-progress">
          {text.progress(progress.page, progress.pages, progress.unanswered, progress.minutesLeft)}
        </p>
      ) : null}
      {mounted ? (
        <Survey model={model} />
      ) : (
        <p className="muted survey-loading" aria-live="polite">
          {text.loading}
        </p>
      )}
      {props.withNotes && !completed ? (
        <section className="card facilitator-notes" aria-label={text.facilitatorNotesLabel}>
          <h2>{text.facilitatorNotesTitle}</h2>
          <p className="muted">{text.facilitatorNotesHelp}</p>
          {pageQuestions.map((q) => (
            <div className="field" key={q.name}>
              <label htmlFor={`note-${q.name}`}>{q.title}</label>
              <textarea
                id={`note-${q.name}`}
                value={notes[q.name] ?? ""}
                maxLength={5000}
                onChange={(event) => {
                  const note = event.target.value;
                  setNotes((n) => ({ ...n, [q.name]: note }));
                  queueRef.current?.setNote(q.name, note);
                }}
              />
            </div>
          ))}
        </section>
      ) : null}
    </div>
  );
}
