export const CUSTOMER_SIZES = [
  "Under 100 employees",
  "100–999 employees",
  "1,000–5,000 employees",
  "5,000–20,000 employees",
  "Over 20,000 employees",
] as const;
