/**
 * The eight dimensions Cairn measures. They are a fixed part of the product (results pages,
 * plan rules and reports are built around them); questionnaires refer to them by key.
 */
export const DIMENSIONS = [
  {
    key: "culture",
    name: "Culture & change appetite",
    kind: "maturity",
    summary: "How the organisation meets change, and its willingness to keep to standard implementations.",
  },
  {
    key: "partnership",
    name: "IT–business partnership & trust",
    kind: "maturity",
    summary: "Whether IT asks the business what it needs, and whether IT's view of service matches the business's.",
  },
  {
    key: "skills",
    name: "Skills & learning",
    kind: "maturity",
    summary: "Cloud skills by team, time for training, reliance on partners and the appetite to learn.",
  },
  {
    key: "shadow-it",
    name: "Shadow-IT risk",
    kind: "risk",
    summary: "Systems and spend outside IT's sight: departmental SaaS, unmanaged data, late discovery. Higher is worse.",
  },
  {
    key: "operations",
    name: "Operational health",
    kind: "maturity",
    summary: "Whether IT's own house is in order: outages, backlogs, desktop estate and speed of service.",
  },
  {
    key: "visibility",
    name: "Service & application visibility",
    kind: "maturity",
    summary: "Knowing what runs where: inventories, process-to-infrastructure mapping, normal volumes and peaks.",
  },
  {
    key: "outcomes",
    name: "Outcome focus",
    kind: "maturity",
    summary: "Whether success is judged by agreed, measured business results rather than adoption.",
  },
  {
    key: "governance",
    name: "Governance, security & hybrid platform",
    kind: "maturity",
    summary: "Controls, identity, on-premises-to-cloud connectivity and ownership of cost.",
  },
] as const;

export type DimensionKey = (typeof DIMENSIONS)[number]["key"];
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_KEYS: readonly DimensionKey[] = DIMENSIONS.map((d) => d.key);

export function isDimensionKey(value: unknown): value is DimensionKey {
  return typeof value === "string" && (DIMENSION_KEYS as readonly string[]).includes(value);
}

export function getDimension(key: DimensionKey): Dimension {
  const dimension = DIMENSIONS.find((d) => d.key === key);
  if (!dimension) throw new Error(`Unknown dimension ${key}`);
  return dimension;
}

/** Respondent groups. A questionnaire shows each group its questions through the `{group}` survey variable. */
export const RESPONDENT_GROUPS = [
  { key: "it", name: "IT" },
  { key: "engineering", name: "Engineering" },
  { key: "business", name: "Business" },
  { key: "executive", name: "Executive" },
  { key: "other", name: "Other" },
] as const;

export type RespondentGroup = (typeof RESPONDENT_GROUPS)[number]["key"];

export const RESPONDENT_GROUP_KEYS: readonly RespondentGroup[] = RESPONDENT_GROUPS.map((g) => g.key);

export function isRespondentGroup(value: unknown): value is RespondentGroup {
  return typeof value === "string" && (RESPONDENT_GROUP_KEYS as readonly string[]).includes(value);
}

export function groupName(key: RespondentGroup): string {
  return RESPONDENT_GROUPS.find((g) => g.key === key)?.name ?? key;
}
