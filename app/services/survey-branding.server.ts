import { getAssessment } from "../../db/repositories/assessments";
import { getCustomer } from "../../db/repositories/customers";
import { getOrganisation } from "../../db/repositories/organisations";
import { db } from "~/db.server";

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const LOGO_TYPES = new Set(["image/png", "image/jpeg"]);

export interface SurveyBranding {
  providerName: string;
  customerName: string;
  /** #rrggbb, or null for Cairn's own colour. */
  accentColour: string | null;
  /** The provider's logo inline (the page's CSP allows data: images); a respondent has no staff session to fetch it with. */
  logoDataUri: string | null;
}

/**
 * Who is asking, for the respondent's page: a link from an unknown sender that names nobody reads
 * as phishing. Only the provider's name, colour and logo and the customer's name; read through the
 * respondent's own organisation and assessment, so nothing of another tenant can appear.
 */
export async function getSurveyBranding({ organisationId, assessmentId }: { organisationId: string; assessmentId: string }): Promise<SurveyBranding> {
  const [organisation, assessment] = await Promise.all([getOrganisation(db(), { organisationId }), getAssessment(db(), { organisationId, assessmentId })]);
  const customer = assessment ? await getCustomer(db(), { organisationId, customerId: assessment.customer_id }) : undefined;
  const logo = organisation?.logo_base64 && organisation.logo_mime_type && LOGO_TYPES.has(organisation.logo_mime_type) ? `data:${organisation.logo_mime_type};base64,${organisation.logo_base64}` : null;
  return {
    providerName: organisation?.name ?? "",
    customerName: customer?.name ?? "",
    accentColour: organisation && HEX_COLOUR.test(organisation.accent_colour) ? organisation.accent_colour : null,
    logoDataUri: logo,
  };
}
