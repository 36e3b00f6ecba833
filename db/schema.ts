import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/*
 * One typed schema for both dialects. Portable by design: ids are text, timestamps ISO-8601 text,
 * booleans 0/1 integers, JSON as text. Repositories never use dialect-specific SQL.
 */

export type UserRole = "admin" | "consultant" | "sales";
export type AssessmentMode = "self-serve" | "workshop";
export type AssessmentStatus = "open" | "closed";
export type RespondentStatus = "invited" | "in-progress" | "completed";
export type RespondentKind = "person" | "workshop";

export interface OrganisationTable {
  id: string;
  name: string;
  /** PNG or JPEG bytes as base64; never SVG, which could carry script. */
  logo_base64: string | null;
  logo_mime_type: string | null;
  accent_colour: string;
  created_at: string;
  updated_at: string;
  /** The name mail is sent under; null: the provider's name (migration 008). */
  mail_sender_name: string | null;
  /** Reply-to of mail no consultant caused (password resets); null: none (migration 008). */
  mail_reply_to: string | null;
}

export interface UserTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string;
  role: UserRole;
  password_hash: string;
  disabled: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 of the session secret held in the cookie; a database dump holds no usable session. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface CustomerTable {
  id: string;
  organisation_id: string;
  name: string;
  industry: string;
  size: string;
  notes: string;
  archived_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** The assessment the consultant chose to count for this customer; null: the default rule (migration 006). */
  counted_assessment_id: string | null;
}

export interface QuestionnaireTable {
  id: string;
  /** Null for questionnaires bundled with Cairn is not stored here: those live in questionnaires/. */
  organisation_id: string;
  questionnaire_key: string;
  version: number;
  title: string;
  model_json: string;
  created_by: string | null;
  created_at: string;
  /** JSON list of the warnings found at upload ({ path, line, column, message }); null before migration 005. */
  warnings_json: string | null;
  /** Set when the version is archived: not offered for new assessments, kept for started ones. */
  archived_at: string | null;
}

export interface AssessmentTable {
  id: string;
  organisation_id: string;
  customer_id: string;
  title: string;
  questionnaire_key: string;
  questionnaire_version: number;
  mode: AssessmentMode;
  status: AssessmentStatus;
  previous_assessment_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** The consultant's wording of the invitation mail; null: Cairn's default (migration 009). */
  invitation_text: string | null;
  /** Reminder schedule: every this many days after the invitation… (null: none; migration 010) */
  reminder_after_days: number | null;
  /** …at most this many times. */
  reminder_max: number | null;
  /** The origin scheduled reminders' links point at. */
  reminder_origin: string | null;
}

export interface RespondentTable {
  id: string;
  organisation_id: string;
  assessment_id: string;
  kind: RespondentKind;
  group_key: string;
  /** For workshops: the session's label, e.g. "IT leadership workshop". */
  label: string | null;
  name: string | null;
  email: string | null;
  /** SHA-256 of the link token: the token itself is never stored. Null for workshop sessions. */
  token_hash: string | null;
  token_expires_at: string | null;
  revoked: Generated<number>;
  status: RespondentStatus;
  current_page: Generated<number>;
  created_at: string;
  opened_at: string | null;
  last_activity_at: string | null;
  completed_at: string | null;
  /** The language the respondent answers in (a SurveyJS locale, e.g. "de"); null: the browser's. */
  locale: string | null;
  /** When Cairn queued this person's invitation mail; null when the link was shared by hand (migration 010). */
  mail_invited_at: string | null;
  reminders_sent: Generated<number>;
}

export interface AnswerTable {
  respondent_id: string;
  question_name: string;
  value_json: string;
  /** The client's sequence number for this question; a save with a lower one is ignored. */
  client_seq: number;
  updated_at: string;
}

export interface FacilitatorNoteTable {
  respondent_id: string;
  question_name: string;
  note: string;
  client_seq: number;
  updated_at: string;
}

export interface AuditLogTable {
  id: string;
  organisation_id: string | null;
  user_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail_json: string | null;
  ip: string | null;
  created_at: string;
}

export interface AssessmentSummaryTable {
  assessment_id: string;
  organisation_id: string;
  customer_id: string;
  questionnaire_key: string;
  /** 0–100, or null with no answers. PostgreSQL `real`: a display figure, never re-used in scoring. */
  readiness: number | null;
  /** `{ [dimension]: { score, coverage, lowConfidence } }` */
  dimensions_json: string;
  respondents_answered: number;
  respondents_invited: number;
  respondents_completed: number;
  computed_at: string;
}

export interface ApplicationTable {
  id: string;
  organisation_id: string;
  customer_id: string;
  /** The portfolio's own id for it (Application.id); unique per customer. */
  application_key: string;
  position: number;
  name: string;
  owning_department: string;
  business_processes_json: string;
  criticality: number;
  users: number | null;
  hourly_transactions: number | null;
  peak_hourly_transactions: number | null;
  peak_window: string;
  hosting: string;
  managed_by_it: number;
  data_sensitivity: string;
  /** Application keys, as a JSON array. */
  depends_on_json: string;
  traits_json: string;
  notes: string;
  created_at: string;
  updated_at: string;
}

export interface DispositionOverrideTable {
  id: string;
  organisation_id: string;
  customer_id: string;
  application_key: string;
  disposition: string;
  reason: string;
  decided_by: string | null;
  decided_at: string;
}

export interface PortfolioImportPreviewTable {
  id: string;
  organisation_id: string;
  customer_id: string;
  /** Only this user may confirm it. */
  user_id: string;
  file_name: string;
  file_sha256: string;
  /** The checked Application[] as JSON. */
  applications_json: string;
  application_count: number;
  created_at: string;
  expires_at: string;
}

export interface PlanTable {
  id: string;
  organisation_id: string;
  customer_id: string;
  /** The assessment whose scores and gaps it was generated from. */
  assessment_id: string;
  catalogue_version: number;
  created_by: string | null;
  created_at: string;
}

export interface PlanVersionTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  /** From 1; never updated once written. */
  version: number;
  /** The plan document (stones with their status) as JSON. */
  stones_json: string;
  note: string;
  created_by: string | null;
  created_at: string;
}

export interface KpiActualTable {
  id: string;
  organisation_id: string;
  plan_id: string;
  /** An OutcomeKpiId. */
  kpi_id: string;
  /** YYYY-MM-DD. */
  measured_at: string;
  value: number;
  note: string;
  recorded_by: string | null;
  recorded_at: string;
}

export type OutboxStatus = "queued" | "sent" | "failed";

/** A message waiting to be sent, sent, or failed (migration 008; see db/repositories/outbox.ts). */
export interface OutboxTable {
  id: string;
  organisation_id: string | null;
  /** What caused it: "respondent-invitation", "respondent-reminder", "password-reset", … */
  kind: string;
  /** The record it is about ("respondent", "user"), for delivery state. */
  regarding_type: string | null;
  regarding_id: string | null;
  to_address: string;
  from_name: string;
  reply_to: string | null;
  subject: string;
  /** Bodies with the secret link as a placeholder; see secret_ciphertext. */
  text_body: string;
  html_body: string;
  /** The link the placeholder stands for, encrypted (app/mail/secret-box.server.ts); null once sent. */
  secret_ciphertext: string | null;
  /** Stable across retries, so a receiver can tell a repeat from a new message. */
  message_id: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  /** When it is next due; null when sent or given up. The claim columns: db/repositories/job-claims.ts. */
  next_attempt_at: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  /** The SMTP server's reply to the last attempt (acceptance or refusal). */
  last_reply: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface Database {
  organisations: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  customers: CustomerTable;
  questionnaires: QuestionnaireTable;
  assessments: AssessmentTable;
  respondents: RespondentTable;
  answers: AnswerTable;
  facilitator_notes: FacilitatorNoteTable;
  audit_log: AuditLogTable;
  assessment_summaries: AssessmentSummaryTable;
  applications: ApplicationTable;
  disposition_overrides: DispositionOverrideTable;
  portfolio_import_previews: PortfolioImportPreviewTable;
  plans: PlanTable;
  plan_versions: PlanVersionTable;
  kpi_actuals: KpiActualTable;
  outbox: OutboxTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type Customer = Selectable<CustomerTable>;
export type CustomerUpdate = Updateable<CustomerTable>;
export type Assessment = Selectable<AssessmentTable>;
export type Respondent = Selectable<RespondentTable>;
export type Answer = Selectable<AnswerTable>;
export type AuditLogEntry = Selectable<AuditLogTable>;
export type OutboxMessage = Selectable<OutboxTable>;
