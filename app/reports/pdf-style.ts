/*
 * The PDF report's page geometry, colours and text styles, shared by render-pdf.ts and the section
 * files beside it (render-pdf-survey.ts), so every section draws on the same grid.
 *
 * Relative imports only: the PDF renderer runs this under tsx, outside the Remix build.
 */

export type FontKey = "regular" | "bold";

export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN = { top: 70, bottom: 66, left: 56, right: 56 };
export const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;

export const INK = "#1f2933";
export const MUTED = "#52606d";
export const LINE = "#d9e2ec";
export const ZEBRA = "#f7f9fb";
export const PANEL = "#f3f6f9";
export const SEVERITY_COLOURS = { critical: "#b42318", high: "#c4320a", medium: "#b54708", info: "#475467" } as const;
export const RISK_COLOURS: Record<string, string> = { low: "#027a48", moderate: "#b54708", high: "#c4320a", critical: "#b42318" };

export interface TextStyle {
  font?: FontKey;
  size?: number;
  colour?: string;
  lineGap?: number;
  align?: "left" | "right" | "center";
  characterSpacing?: number;
}

export const BODY: Required<Pick<TextStyle, "font" | "size" | "colour" | "lineGap">> = { font: "regular", size: 9.5, colour: INK, lineGap: 2.5 };

export function mix(hex: string, withHex: string, amount: number): string {
  const channel = (h: string, i: number) => parseInt(h.slice(1 + i * 2, 3 + i * 2), 16);
  const parts = [0, 1, 2].map((i) => Math.round(channel(hex, i) * (1 - amount) + channel(withHex, i) * amount));
  return `#${parts.map((p) => p.toString(16).padStart(2, "0")).join("")}`;
}

export const round = (n: number | null | undefined) => (n === null || n === undefined ? "—" : String(Math.round(n)));
export const percent = (n: number | null | undefined) => (n === null || n === undefined ? "—" : `${Math.round(n * 100)} %`);

