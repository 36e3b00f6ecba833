/*
 * Okabe–Ito colours: distinguishable with the common forms of colour blindness. Each series also
 * has its own dash pattern, so charts still read in greyscale print.
 */
export const SERIES_STYLE: Record<string, { colour: string; dash: string; label: string }> = {
  overall: { colour: "#000000", dash: "", label: "Overall" },
  it: { colour: "#0072B2", dash: "6 3", label: "IT" },
  engineering: { colour: "#009E73", dash: "2 2", label: "Engineering" },
  business: { colour: "#E69F00", dash: "10 4", label: "Business" },
  executive: { colour: "#CC79A7", dash: "4 2 1 2", label: "Executive" },
  other: { colour: "#56B4E9", dash: "1 3", label: "Other" },
};

export const FLAGGED_COLOUR = "#D55E00";
export const NEUTRAL_COLOUR = "#8f9bb3";
