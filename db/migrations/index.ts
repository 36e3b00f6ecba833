import type { Migration } from "kysely";
import * as m001 from "./001-initial";
import * as m002 from "./002-assessment-summaries";
import * as m003 from "./003-plans";
import * as m004 from "./004-scale-indexes";
import * as m005 from "./005-questionnaire-import";
import * as m006 from "./006-counted-assessment";
import * as m007 from "./007-respondent-locale";
import * as m008 from "./008-outbox";
import * as m009 from "./009-invitation-text";
import * as m010 from "./010-reminders";

/**
 * A static record rather than a folder scan, so migrations work inside a bundled server build.
 * Keys sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  "001-initial": m001,
  "002-assessment-summaries": m002,
  "003-plans": m003,
  "004-scale-indexes": m004,
  "005-questionnaire-import": m005,
  "006-counted-assessment": m006,
  "007-respondent-locale": m007,
  "008-outbox": m008,
  "009-invitation-text": m009,
  "010-reminders": m010,
};
