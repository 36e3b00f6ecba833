/*
 * The customer report as a PDF, drawn with pdfkit from a ReportModel and nothing else: no database,
 * no request, so it runs in the renderer process (app/reports/pdf-renderer.ts) and in benchmarks alike.
 *
 * Relative imports only: the renderer runs this file under tsx, outside the Remix build and its `~`
 * alias. Customer text is only ever passed to pdfkit's text(), which draws characters and never
 * interprets markup; characters the embedded font cannot show are replaced, never allowed to throw.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { contrastWithWhite } from "../domain/colour";
import type { ReportChart, ReportHeadline, ReportModel, ReportPlan, ReportSection, ReportSectionId } from "./report-model.server";
import { BODY, CONTENT_WIDTH, INK, LINE, MARGIN, MUTED, PAGE_HEIGHT, PAGE_WIDTH, PANEL, RISK_COLOURS, SEVERITY_COLOURS, ZEBRA, mix, percent, round, type FontKey, type TextStyle } from "./pdf-style";
import { renderKonveyorRisk, renderOverview, renderParticipation, renderQuestions, renderSurveyAppendix } from "./render-pdf-survey";

export type { ReportModel } from "./report-model.server";

const require = createRequire(import.meta.url);

interface SvgToPdfOptions {
  width?: number;
  height?: number;
  preserveAspectRatio?: string;
  assumePt?: boolean;
  fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
  warningCallback?: (warning: string) => void;
}
type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgToPdfOptions) => void;
// svg-to-pdfkit is CommonJS without type declarations.
const svgToPdf = require("svg-to-pdfkit") as SvgToPdf;

// ---------------------------------------------------------------------------------------------
// Fonts: DejaVu Sans, embedded (subset), so accents, Greek, Cyrillic, Hebrew and Arabic render.


interface LoadedFont {
  data: Buffer;
  shaper: unknown;
  /** Code points the font has a glyph for, read from its cmap table. */
  coverage: Set<number>;
}

export const REPORT_FONT_FILES: Record<FontKey, string> = {
  regular: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  bold: "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
};

let loadedFonts: Record<FontKey, LoadedFont> | undefined;

/** Reads and indexes the fonts once per process. Call it to warm up before timing renders. */
export function preloadReportFonts(): Record<FontKey, LoadedFont> {
  if (!loadedFonts) {
    const load = (file: string): LoadedFont => {
      const data = readFileSync(require.resolve(file));
      const probe = new PDFDocument({ autoFirstPage: false });
      probe.registerFont("probe", data);
      probe.font("probe");
      const shaper = (probe as unknown as { _font: { font: unknown } })._font.font;
      return { data, shaper, coverage: readCmapCoverage(data) };
    };
    loadedFonts = { regular: load(REPORT_FONT_FILES.regular), bold: load(REPORT_FONT_FILES.bold) };
  }
  return loadedFonts;
}

/** The code points a TrueType font maps to a glyph (cmap formats 4 and 12). */
export function readCmapCoverage(font: Buffer): Set<number> {
  const covered = new Set<number>();
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (font.toString("latin1", record, record + 4) === "cmap") cmap = font.readUInt32BE(record + 8);
  }
  if (cmap < 0) return covered;
  const subtables = font.readUInt16BE(cmap + 2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < subtables; i++) {
    const record = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const offset = cmap + font.readUInt32BE(record + 4);
    const format = font.readUInt16BE(offset);
    if (format === 12 && (platform === 3 || platform === 0)) format12 = offset;
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) format4 = offset;
  }
  if (format12 >= 0) {
    const groups = font.readUInt32BE(format12 + 12);
    for (let i = 0; i < groups; i++) {
      const group = format12 + 16 + i * 12;
      const start = font.readUInt32BE(group);
      const end = font.readUInt32BE(group + 4);
      const glyph = font.readUInt32BE(group + 8);
      for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) covered.add(c);
    }
  }
  if (format4 >= 0) {
    const segCount = font.readUInt16BE(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = font.readUInt16BE(ends + s * 2);
      const start = font.readUInt16BE(starts + s * 2);
      const delta = font.readInt16BE(deltas + s * 2);
      const rangeOffset = font.readUInt16BE(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const address = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
          glyph = address + 1 < font.length ? font.readUInt16BE(address) : 0;
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) covered.add(c);
      }
    }
  }
  return covered;
}

// ---------------------------------------------------------------------------------------------
// Text that is safe to draw

const REPLACEMENT = "\uFFFD";
// C0/C1 controls except newline, and bidi embedding/override/isolate controls: the renderer lays
// out direction itself, and a stray override could make text read differently from what was typed.
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Default-ignorable code points: drop them where the font lacks them rather than show a box. */
const IGNORABLE = /^[\u00AD\u034F\u180B-\u180F\u200B-\u200D\u2060-\u2064\uFE00-\uFE0F]$|^\uDB40[\uDD00-\uDDEF]$/;

let graphemes: Intl.Segmenter | undefined;

/**
 * Text the font can draw: line ends normalised, control characters removed, lone surrogates and
 * characters without a glyph (a whole emoji sequence at a time) replaced by U+FFFD.
 */
export function sanitiseText(input: string, coverage: Set<number>): string {
  const text = String(input)
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(CONTROL_CHARACTERS, "")
    .replace(LONE_SURROGATE, REPLACEMENT);
  let allCovered = true;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code !== 10 && !coverage.has(code)) {
      allCovered = false;
      break;
    }
  }
  if (allCovered) return text;
  graphemes ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    let missing = false;
    let kept = "";
    for (const char of segment) {
      const code = char.codePointAt(0)!;
      if (code === 10 || coverage.has(code)) kept += char;
      else if (!IGNORABLE.test(char)) missing = true;
    }
    out += missing ? REPLACEMENT : kept;
  }
  return out;
}

/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const RTL_CHARACTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;
const STRONG_LTR = /[\p{L}\p{N}]/u;

type Direction = "L" | "R" | "N";

function directionOf(word: string): Direction {
  for (const char of word) {
    if (RTL_CHARACTER.test(char)) return "R";
    if (STRONG_LTR.test(char)) return "L";
  }
  return "N";
}

/**
 * Visual order of one line's words (a small part of the Unicode bidi algorithm, at word level):
 * runs of words against the paragraph's direction keep their own reading order. Letters inside an
 * RTL word are put right-to-left (and Arabic joined) by the font's shaping.
 */
function visualOrder(words: string[], base: "L" | "R"): string[] {
  const directions = words.map(directionOf);
  // A neutral word takes the direction of its neighbours when they agree, else the paragraph's.
  const resolved = directions.map((d, i) => {
    if (d !== "N") return d;
    const before = directions.slice(0, i).reverse().find((x) => x !== "N") ?? base;
    const after = directions.slice(i + 1).find((x) => x !== "N") ?? base;
    return before === after ? before : base;
  });
  const indices = words.map((_, i) => i);
  const ordered = base === "R" ? indices.reverse() : indices;
  const out: number[] = [];
  const against = base === "R" ? "L" : "R";
  for (let i = 0; i < ordered.length; ) {
    if (resolved[ordered[i]] !== against) {
      out.push(ordered[i++]);
      continue;
    }
    let j = i;
    while (j < ordered.length && resolved[ordered[j]] === against) j++;
    out.push(...ordered.slice(i, j).reverse());
    i = j;
  }
  return out.map((i) => words[i]);
}

// ---------------------------------------------------------------------------------------------
// A thin layout layer over pdfkit: measured text, page breaks, tables

export interface TableColumn {
  header: string;
  /** A share of the table width; the shares are normalised. */
  width: number;
  align?: "left" | "right";
}
interface TableCellObject {
  text: string;
  font?: FontKey;
  colour?: string;
  /** A second, muted line under the text. */
  note?: string;
  noteColour?: string;
  /** Label–text lines (label in bold on the left) drawn instead of `text`. */
  pairs?: { label: string; text: string }[];
}
export type TableCell = string | TableCellObject;

/** Longest text a table cell may hold, so one row always fits on a page. */
const MAX_CELL_CHARS = 1200;

export class ReportLayout {
  readonly accent: string;
  readonly onAccent: string;
  readonly accentTint: string;
  readonly accentDark: string;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: Record<FontKey, LoadedFont>,
    accent: string,
  ) {
    this.accent = accent;
    this.onAccent = contrastWithWhite(accent) >= 3 ? "#ffffff" : INK;
    this.accentTint = mix(accent, "#ffffff", 0.9);
    // Accent colour for text on white: darkened when the brand colour is too light to read.
    this.accentDark = contrastWithWhite(accent) >= 4.5 ? accent : mix(accent, "#000000", 0.45);
  }

  get y() {
    return this.doc.y;
  }
  set y(value: number) {
    this.doc.y = value;
  }
  get bottom() {
    return PAGE_HEIGHT - MARGIN.bottom;
  }

  clean(text: string, font: FontKey = "regular"): string {
    return sanitiseText(text, this.fonts[font].coverage);
  }

  private apply(style: TextStyle) {
    this.doc
      .font(style.font ?? BODY.font)
      .fontSize(style.size ?? BODY.size)
      .fillColor(style.colour ?? BODY.colour);
  }

  newPage() {
    this.doc.addPage();
    this.y = MARGIN.top;
  }

  /** Starts a new page unless `height` fits below the current position. */
  ensureSpace(height: number) {
    if (this.y + height > this.bottom) this.newPage();
  }

  space(height: number) {
    this.y += height;
  }

  /** Lines of a paragraph with right-to-left words, in visual order, wrapped to width. */
  private rtlLines(text: string, width: number, style: TextStyle): { words: string[]; widths: number[]; base: "L" | "R" }[] {
    this.apply(style);
    const doc = this.doc;
    const spaceWidth = doc.widthOfString(" ");
    const lines: { words: string[]; widths: number[]; base: "L" | "R" }[] = [];
    for (const paragraph of text.split("\n")) {
      const base = directionOf(paragraph.replace(/[^\p{L}]/gu, "")) === "R" ? "R" : "L";
      const words: string[] = [];
      for (const word of paragraph.split(/ +/).filter((w) => w !== "")) {
        if (doc.widthOfString(word) <= width) {
          words.push(word);
          continue;
        }
        // A word wider than the line is cut where it has to be.
        let chunk = "";
        for (const char of word) {
          if (chunk && doc.widthOfString(chunk + char) > width) {
            words.push(chunk);
            chunk = "";
          }
          chunk += char;
        }
        if (chunk) words.push(chunk);
      }
      let line: string[] = [];
      let lineWidth = 0;
      const flush = () => {
        const visual = visualOrder(line, base);
        lines.push({ words: visual, widths: visual.map((w) => doc.widthOfString(w)), base });
        line = [];
        lineWidth = 0;
      };
      for (const word of words) {
        const w = doc.widthOfString(word);
        if (line.length > 0 && lineWidth + spaceWidth + w > width) flush();
        lineWidth += (line.length > 0 ? spaceWidth : 0) + w;
        line.push(word);
      }
      flush();
    }
    return lines;
  }

  private lineHeight(style: TextStyle) {
    this.apply(style);
    return this.doc.currentLineHeight(true) + (style.lineGap ?? BODY.lineGap);
  }

  /** Measured heights: tables and tiles measure the same strings at the same widths again and again. */
  private readonly heights = new Map<string, number>();

  /** Height of a paragraph at this width. */
  measure(text: string, width: number, style: TextStyle = {}): number {
    const key = `${style.font ?? BODY.font}|${style.size ?? BODY.size}|${style.lineGap ?? BODY.lineGap}|${style.characterSpacing ?? 0}|${width}|${text}`;
    let height = this.heights.get(key);
    if (height === undefined) {
      height = this.measureUncached(text, width, style);
      this.heights.set(key, height);
    }
    return height;
  }

  private measureUncached(text: string, width: number, style: TextStyle): number {
    const font = style.font ?? BODY.font;
    const clean = this.clean(text, font);
    if (clean === "") return 0;
    if (RTL_CHARACTER.test(clean)) return this.rtlLines(clean, width, style).length * this.lineHeight(style);
    this.apply(style);
    return this.doc.heightOfString(clean, { width, lineGap: style.lineGap ?? BODY.lineGap, characterSpacing: style.characterSpacing });
  }

  /**
   * Draws a paragraph at a fixed place and returns its height. Never starts a page: callers
   * measure first. (pdfkit adds a page when text crosses the bottom margin, so that margin is
   * lifted while drawing.)
   */
  textAt(text: string, x: number, y: number, width: number, style: TextStyle = {}): number {
    const font = style.font ?? BODY.font;
    const clean = this.clean(text, font);
    if (clean === "") return 0;
    const margins = this.doc.page.margins;
    const savedBottom = margins.bottom;
    margins.bottom = 0;
    try {
      if (RTL_CHARACTER.test(clean)) return this.drawRtl(clean, x, y, width, style, false);
      this.apply(style);
      this.doc.text(clean, x, y, {
        width,
        lineGap: style.lineGap ?? BODY.lineGap,
        align: style.align ?? "left",
        characterSpacing: style.characterSpacing,
      });
      return this.doc.y - y;
    } finally {
      margins.bottom = savedBottom;
    }
  }

  /** A paragraph at the current position, flowing onto new pages as needed. */
  paragraph(text: string, style: TextStyle = {}, options: { x?: number; width?: number; after?: number } = {}) {
    const x = options.x ?? MARGIN.left;
    const width = options.width ?? CONTENT_WIDTH - (x - MARGIN.left);
    const font = style.font ?? BODY.font;
    const clean = this.clean(text, font);
    if (clean !== "") {
      if (RTL_CHARACTER.test(clean)) {
        this.drawRtl(clean, x, this.y, width, style, true);
      } else {
        this.ensureSpace(this.lineHeight(style));
        this.apply(style);
        this.doc.text(clean, x, this.y, { width, lineGap: style.lineGap ?? BODY.lineGap, align: style.align ?? "left", characterSpacing: style.characterSpacing });
      }
    }
    this.y += options.after ?? 0;
    this.doc.x = MARGIN.left;
  }

  /** Right-to-left aware drawing, word by word; `flow` breaks pages between lines. */
  private drawRtl(clean: string, x: number, y: number, width: number, style: TextStyle, flow: boolean): number {
    const lines = this.rtlLines(clean, width, style);
    const lineHeight = this.lineHeight(style);
    this.apply(style);
    const spaceWidth = this.doc.widthOfString(" ");
    const start = y;
    let top = y;
    for (const line of lines) {
      if (flow && top + lineHeight > this.bottom) {
        this.newPage();
        this.apply(style);
        top = this.y;
      }
      const total = line.widths.reduce((sum, w) => sum + w, 0) + spaceWidth * Math.max(0, line.words.length - 1);
      const align = style.align ?? (line.base === "R" ? "right" : "left");
      let cursor = align === "right" ? x + width - total : align === "center" ? x + (width - total) / 2 : x;
      line.words.forEach((word, i) => {
        this.doc.text(word, cursor, top, { lineBreak: false });
        cursor += line.widths[i] + spaceWidth;
      });
      top += lineHeight;
    }
    this.y = top;
    return top - start;
  }

  /** One line, shortened with an ellipsis to fit; for page furniture. */
  singleLine(text: string, x: number, y: number, width: number, style: TextStyle = {}) {
    const font = style.font ?? BODY.font;
    let clean = this.clean(text, font).replace(/\n+/g, " ");
    this.apply(style);
    if (this.doc.widthOfString(clean) > width) {
      const chars = Array.from(clean);
      while (chars.length > 1 && this.doc.widthOfString(`${chars.join("")}…`) > width) chars.pop();
      clean = `${chars.join("")}…`;
    }
    if (RTL_CHARACTER.test(clean)) {
      this.drawRtl(clean, x, y, width, { ...style, lineGap: 0 }, false);
      return;
    }
    const w = this.doc.widthOfString(clean);
    const left = style.align === "right" ? x + width - w : style.align === "center" ? x + (width - w) / 2 : x;
    this.doc.text(clean, left, y, { lineBreak: false, characterSpacing: style.characterSpacing });
  }

  rule(y: number, colour = LINE, width = 0.6, x = MARGIN.left, length = CONTENT_WIDTH) {
    this.doc.save().moveTo(x, y).lineTo(x + length, y).lineWidth(width).strokeColor(colour).stroke().restore();
  }

  /** A section's opening: label, title and an accent bar. Returns nothing; advances y. */
  sectionTitle(number: number | null, title: string) {
    const top = this.y;
    if (number !== null) {
      this.singleLine(`SECTION ${number}`, MARGIN.left, top, CONTENT_WIDTH, { font: "bold", size: 7.5, colour: this.accentDark, characterSpacing: 1.2 });
    }
    const titleTop = top + (number !== null ? 14 : 0);
    const height = this.textAt(title, MARGIN.left, titleTop, CONTENT_WIDTH, { font: "bold", size: 20, colour: INK, lineGap: 1 });
    const barY = titleTop + height + 6;
    this.doc.save().rect(MARGIN.left, barY, 36, 3).fill(this.accent).restore();
    this.y = barY + 18;
  }

  heading(title: string, options: { keepWith?: number } = {}) {
    const style: TextStyle = { font: "bold", size: 12, colour: INK, lineGap: 1 };
    const height = this.measure(title, CONTENT_WIDTH, style);
    this.ensureSpace(height + 8 + (options.keepWith ?? 40));
    this.space(6);
    this.y += this.textAt(title, MARGIN.left, this.y, CONTENT_WIDTH, style);
    this.space(5);
  }

  /** A small pill of text, e.g. a severity. Returns its width. */
  pill(text: string, x: number, y: number, colour: string): number {
    const style: TextStyle = { font: "bold", size: 6.5, colour: "#ffffff", characterSpacing: 0.6 };
    this.apply(style);
    const label = this.clean(text.toUpperCase(), "bold");
    const width = this.doc.widthOfString(label, { characterSpacing: 0.6 }) + 10;
    this.doc.save().roundedRect(x, y, width, 11, 5.5).fill(colour).restore();
    this.apply(style);
    this.doc.text(label, x + 5, y + 2.4, { lineBreak: false, characterSpacing: 0.6 });
    return width;
  }

  /** A table that breaks across pages between rows, repeating its header row. */
  table(columns: TableColumn[], rows: TableCell[][], options: { fontSize?: number; width?: number; x?: number } = {}) {
    const fontSize = options.fontSize ?? 8.5;
    const tableWidth = options.width ?? CONTENT_WIDTH;
    const x0 = options.x ?? MARGIN.left;
    const share = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width / share) * tableWidth);
    const padX = 6;
    const padY = 4.5;
    const headerStyle: TextStyle = { font: "bold", size: 7.5, colour: this.onAccent, lineGap: 1 };
    // A header word is never split: a narrow column grows, taking the room from the widest one.
    this.apply(headerStyle);
    columns.forEach((c, i) => {
      const longestWord = Math.max(...this.clean(c.header, "bold").split(/\s+/).map((w) => this.doc.widthOfString(w))) + padX * 2 + 1;
      if (widths[i] < longestWord) {
        const widest = widths.indexOf(Math.max(...widths));
        if (widest !== i) {
          widths[widest] -= longestWord - widths[i];
          widths[i] = longestWord;
        }
      }
    });
    const cellStyle = (cell: TableCellObject): TextStyle => ({ font: cell.font ?? "regular", size: fontSize, colour: cell.colour ?? INK, lineGap: 1.5 });
    const noteStyle = (cell: TableCellObject): TextStyle => ({ font: "regular", size: fontSize - 1, colour: cell.noteColour ?? MUTED, lineGap: 1 });
    const asObject = (cell: TableCell): TableCellObject => {
      const object = typeof cell === "string" ? { text: cell } : cell;
      return object.text.length > MAX_CELL_CHARS ? { ...object, text: `${object.text.slice(0, MAX_CELL_CHARS)}…` } : object;
    };

    const headerHeight = Math.max(...columns.map((c, i) => this.measure(c.header, widths[i] - padX * 2, headerStyle))) + padY * 2;
    const drawHeader = () => {
      const top = this.y;
      this.doc.save().rect(x0, top, tableWidth, headerHeight).fill(this.accent).restore();
      let x = x0;
      columns.forEach((c, i) => {
        this.textAt(c.header, x + padX, top + padY, widths[i] - padX * 2, { ...headerStyle, align: c.align ?? "left" });
        x += widths[i];
      });
      this.y = top + headerHeight;
    };

    const pairLabelWidth = (inner: number) => Math.min(68, inner * 0.3);
    /** Draws (or only measures) a cell of label–text lines; returns its height. */
    const pairs = (cell: TableCellObject, x: number, y: number, inner: number, draw: boolean) => {
      const labelWidth = pairLabelWidth(inner);
      let height = 0;
      for (const pair of cell.pairs ?? []) {
        const labelStyle = { ...cellStyle(cell), font: "bold" as const };
        const textWidth = inner - labelWidth - 4;
        const lineHeight = Math.max(this.measure(pair.label, labelWidth, labelStyle), this.measure(pair.text, textWidth, cellStyle(cell)));
        if (draw) {
          this.textAt(pair.label, x, y + height, labelWidth, labelStyle);
          this.textAt(pair.text, x + labelWidth + 4, y + height, textWidth, cellStyle(cell));
        }
        height += lineHeight + 3;
      }
      return Math.max(0, height - 3);
    };
    const measured = rows.map((row) => {
      const cells = row.map(asObject);
      const height =
        Math.max(
          ...cells.map((cell, i) => {
            const inner = widths[i] - padX * 2;
            if (cell.pairs) return pairs(cell, 0, 0, inner, false);
            return this.measure(cell.text, inner, cellStyle(cell)) + (cell.note ? 2 + this.measure(cell.note, inner, noteStyle(cell)) : 0);
          }),
        ) +
        padY * 2;
      return { cells, height };
    });

    // Keep the header with at least the first row.
    this.ensureSpace(headerHeight + (measured[0]?.height ?? 0));
    drawHeader();
    measured.forEach(({ cells, height }, rowIndex) => {
      if (this.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const top = this.y;
      if (rowIndex % 2 === 1) this.doc.save().rect(x0, top, tableWidth, height).fill(ZEBRA).restore();
      let x = x0;
      cells.forEach((cell, i) => {
        const inner = widths[i] - padX * 2;
        const align = columns[i].align ?? "left";
        if (cell.pairs) {
          pairs(cell, x + padX, top + padY, inner, true);
          x += widths[i];
          return;
        }
        const textHeight = this.textAt(cell.text, x + padX, top + padY, inner, { ...cellStyle(cell), align });
        if (cell.note) this.textAt(cell.note, x + padX, top + padY + textHeight + 2, inner, { ...noteStyle(cell), align });
        x += widths[i];
      });
      this.rule(top + height, LINE, 0.5, x0, tableWidth);
      this.y = top + height;
    });
    this.y += 10;
  }
}

// ---------------------------------------------------------------------------------------------
// Sections

export type SectionRenderer = (layout: ReportLayout, number: number, section: ReportSection) => void;

function headlineColour(headline: ReportHeadline): string {
  if (headline.kind === "risk" && headline.levelLabel) {
    const band = headline.levelLabel.split(" ")[0].toLowerCase();
    return RISK_COLOURS[band] ?? INK;
  }
  return INK;
}

function drawHeadlineTiles(layout: ReportLayout, headlines: ReportHeadline[]) {
  const gap = 9;
  const tileWidth = (CONTENT_WIDTH - gap * (headlines.length - 1)) / headlines.length;
  const inner = tileWidth - 18;
  const meaningStyle: TextStyle = { size: 7.3, colour: MUTED, lineGap: 1.2 };
  const levelStyle: TextStyle = { font: "bold", size: 8.3, colour: layout.accentDark, lineGap: 1 };
  const labelStyle: TextStyle = { font: "bold", size: 6.8, colour: MUTED, characterSpacing: 0.7, lineGap: 1 };
  // Every tile's score sits on the same line, below the tallest label.
  const labelHeight = Math.max(...headlines.map((h) => layout.measure(h.label.toUpperCase(), inner, labelStyle)));
  const levelHeight = Math.max(...headlines.map((h) => layout.measure(h.levelLabel ?? "Not enough answers", inner, levelStyle)));
  const meaningHeight = Math.max(...headlines.map((h) => layout.measure(h.meaning ?? "", inner, meaningStyle)));
  // The footer wraps rather than truncating: "thin evidence" must be read in full (rule 13).
  const footerStyle = { size: 7, lineGap: 1 };
  const footerOf = (h: ReportHeadline) =>
    h.evidence ?? (h.coverage !== null ? `Coverage ${percent(h.coverage)}${h.respondents !== null ? ` · ${h.respondents === 1 ? "1 person" : `${h.respondents} people`}` : ""}` : "");
  const footerHeight = Math.max(0, ...headlines.map((h) => (footerOf(h) === "" ? 0 : layout.measure(footerOf(h), inner, footerStyle))));
  const height = 12 + labelHeight + 2 + 32 + levelHeight + 4 + meaningHeight + (footerHeight > 0 ? footerHeight + 12 : 8);
  layout.ensureSpace(height + 10);
  const top = layout.y;
  const doc = layout.doc;
  headlines.forEach((h, i) => {
    const x = MARGIN.left + i * (tileWidth + gap);
    doc.save().roundedRect(x, top, tileWidth, height, 4).fill(h.key === "readiness" ? layout.accentTint : PANEL).restore();
    doc.save().rect(x, top, tileWidth, 3).fill(h.kind === "risk" ? headlineColour(h) : layout.accent).restore();
    layout.textAt(h.label.toUpperCase(), x + 9, top + 12, inner, labelStyle);
    let y = top + 12 + labelHeight + 2;
    layout.singleLine(round(h.score), x + 9, y, inner, { font: "bold", size: 24, colour: headlineColour(h) });
    doc.font("bold").fontSize(24);
    const scoreWidth = doc.widthOfString(round(h.score));
    if (h.score !== null) layout.singleLine("/ 100", x + 9 + scoreWidth + 3, y + 13, inner, { size: 7.5, colour: MUTED });
    y += 32;
    layout.textAt(h.levelLabel ?? "Not enough answers", x + 9, y, inner, levelStyle);
    y += levelHeight + 4;
    layout.textAt(h.meaning ?? "", x + 9, y, inner, meaningStyle);
    const footer = footerOf(h);
    if (footer !== "") layout.textAt(footer, x + 9, top + height - footerHeight - 7, inner, { ...footerStyle, colour: h.lowConfidence ? SEVERITY_COLOURS.medium : MUTED });
  });
  layout.y = top + height + 14;
}

function renderSummary(model: ReportModel) {
  return (layout: ReportLayout, number: number, section: ReportSection) => {
    layout.sectionTitle(number, section.title);
    const { participation } = model;
    layout.paragraph(section.intro, { lineGap: 3 }, { after: 12 });
    if (participation.answered === 0) return;

    drawHeadlineTiles(layout, model.summary.headlines);

    if (model.trend) {
      const t = model.trend;
      const change = t.readiness.current !== null && t.readiness.previous !== null ? Math.round(t.readiness.current) - Math.round(t.readiness.previous) : null;
      layout.paragraph(
        `Since “${t.previousTitle}” (${t.previousDateLabel}), overall readiness has moved from ${round(t.readiness.previous)} to ${round(t.readiness.current)}${change === null ? "" : ` (${change > 0 ? "+" : ""}${change})`}.`,
        { size: 9, colour: MUTED },
        { after: 8 },
      );
    }

    layout.heading("Key findings", { keepWith: 60 });
    const findings = model.summary.findings;
    if (findings.length === 0) layout.paragraph("The answers so far do not point to a finding yet.", {}, { after: 6 });
    findings.forEach((finding, i) => {
      const x = MARGIN.left + 26;
      const width = CONTENT_WIDTH - 26;
      const headlineStyle: TextStyle = { font: "bold", size: 10.5, lineGap: 1.5 };
      const detailStyle: TextStyle = { size: 9, colour: "#3e4c59", lineGap: 2.2 };
      const height = 15 + layout.measure(finding.headline, width, headlineStyle) + 3 + layout.measure(finding.detail, width, detailStyle) + 12;
      layout.ensureSpace(height);
      const top = layout.y;
      const doc = layout.doc;
      doc.save().circle(MARGIN.left + 9, top + 9, 9).fill(layout.accent).restore();
      layout.singleLine(String(i + 1), MARGIN.left, top + 4.5, 18, { font: "bold", size: 9, colour: layout.onAccent, align: "center" });
      layout.pill(finding.severity, x, top, SEVERITY_COLOURS[finding.severity]);
      let y = top + 15;
      y += layout.textAt(finding.headline, x, y, width, headlineStyle) + 3;
      y += layout.textAt(finding.detail, x, y, width, detailStyle);
      layout.y = y + 12;
    });
  };
}

/** The top-level <svg> of a chart's markup (recharts wraps it in a div with an HTML legend). */
export function extractSvg(markup: string): string | null {
  const start = markup.indexOf("<svg");
  const end = markup.indexOf("</svg>", start);
  if (start < 0 || end < 0) return null;
  return markup.slice(start, end + "</svg>".length);
}

/**
 * Room around a chart's own viewBox: recharts sizes its axis labels for browser fonts, and the
 * wider DejaVu Sans would otherwise be clipped at the SVG's edge.
 */
const CHART_PADDING = { left: 44, right: 8, top: 12, bottom: 2 };

function padViewBox(svg: string, width: number, height: number): string {
  const box = `${-CHART_PADDING.left} ${-CHART_PADDING.top} ${width + CHART_PADDING.left + CHART_PADDING.right} ${height + CHART_PADDING.top + CHART_PADDING.bottom}`;
  return svg.replace(/viewBox="[^"]*"/, `viewBox="${box}"`);
}

function drawChart(layout: ReportLayout, chart: ReportChart, width: number) {
  const svg = extractSvg(chart.markup);
  if (!svg) return;
  const boxWidth = chart.width + CHART_PADDING.left + CHART_PADDING.right;
  const boxHeight = chart.height + CHART_PADDING.top + CHART_PADDING.bottom;
  const height = (width * boxHeight) / boxWidth;
  const legendHeight = chart.legend.length > 0 ? 18 : 0;
  layout.ensureSpace(height + legendHeight + 20);
  const x = MARGIN.left + (CONTENT_WIDTH - width) / 2;
  const top = layout.y;
  svgToPdf(layout.doc, padViewBox(svg, chart.width, chart.height), x, top, {
    width,
    height,
    preserveAspectRatio: "xMidYMid meet",
    fontCallback: (_family, bold) => (bold ? "bold" : "regular"),
    warningCallback: () => {},
  });
  let y = top + height + 4;
  if (chart.legend.length > 0) {
    const doc = layout.doc;
    doc.font("regular").fontSize(8);
    const itemWidths = chart.legend.map((item) => 26 + doc.widthOfString(item.label) + 14);
    let lx = MARGIN.left + (CONTENT_WIDTH - itemWidths.reduce((a, b) => a + b, 0)) / 2;
    chart.legend.forEach((item, i) => {
      const [dash, space] = item.dash.split(" ").map(Number);
      doc.save().moveTo(lx, y + 5).lineTo(lx + 20, y + 5).lineWidth(item.key === "overall" ? 2.5 : 1.8).strokeColor(item.colour);
      if (dash) doc.dash(dash, { space: space || 2 });
      doc.stroke().undash().restore();
      layout.singleLine(item.label, lx + 25, y + 0.5, itemWidths[i], { size: 8, colour: INK });
      lx += itemWidths[i];
    });
    y += legendHeight;
  }
  layout.y = y + 8;
}

function renderReadiness(model: ReportModel) {
  return (layout: ReportLayout, number: number, section: ReportSection) => {
    layout.sectionTitle(number, section.title);
    layout.paragraph(section.intro, {}, { after: 6 });
    if (model.charts.radar) {
      layout.paragraph(model.charts.radar.caption, { size: 8, colour: MUTED }, { after: 2 });
      drawChart(layout, model.charts.radar, 420);
    }
    const trend = model.dimensions.some((d) => d.previousScore !== undefined);
    const columns: TableColumn[] = [
      { header: "Dimension", width: 34 },
      { header: "Score", width: 9, align: "right" },
      { header: "Level or band", width: 20 },
      { header: "Coverage", width: 15, align: "right" },
      ...(trend ? [{ header: "Previous", width: 10, align: "right" as const }, { header: "Change", width: 10, align: "right" as const }] : []),
    ];
    const rows: TableCell[][] = model.dimensions.map((d) => {
      const change = d.previousScore !== undefined && d.previousScore !== null && d.score !== null ? Math.round(d.score) - Math.round(d.previousScore) : null;
      return [
        { text: d.name, font: "bold", note: d.kind === "risk" ? "Risk: lower is better" : undefined },
        { text: round(d.score), font: "bold", colour: d.kind === "risk" && d.levelLabel ? RISK_COLOURS[d.levelLabel.split(" ")[0].toLowerCase()] : INK },
        d.levelLabel ?? "Not enough answers",
        { text: percent(d.coverage), note: d.score !== null && d.lowConfidence ? `thin evidence, ${d.respondents === 1 ? "1 person" : `${d.respondents} people`}` : `${d.respondents === 1 ? "1 person" : `${d.respondents} people`}`, noteColour: d.lowConfidence ? SEVERITY_COLOURS.medium : MUTED },
        ...(trend ? [round(d.previousScore), change === null ? "—" : `${change > 0 ? "+" : ""}${change}`] : []),
      ];
    });
    layout.heading("All dimensions", { keepWith: 80 });
    layout.table(columns, rows);
  };
}

function renderPerceptionGaps(model: ReportModel) {
  return (layout: ReportLayout, number: number, section: ReportSection) => {
    const { perceptionGaps } = model;
    layout.sectionTitle(number, section.title);
    layout.paragraph(section.intro, {}, { after: 6 });
    if (model.charts.gaps) {
      layout.paragraph(model.charts.gaps.caption, { size: 8, colour: MUTED }, { after: 2 });
      drawChart(layout, model.charts.gaps, 440);
    }
    const flagged = perceptionGaps.gaps.filter((g) => g.flagged);
    if (flagged.length === 0) {
      layout.paragraph("No dimension has a flagged gap: the groups broadly agree.", {}, { after: 6 });
      return;
    }
    for (const gap of flagged) {
      const shared = `${gap.sharedItems} shared question${gap.sharedItems === 1 ? "" : "s"}`;
      layout.heading(`${gap.name}: ${round(gap.gap)} points apart over ${shared}`, { keepWith: 90 });
      const pair = gap.highest && gap.lowest ? `On the ${shared} both groups answered, ${gap.highest.groupName} (${gap.highest.people}) scores it ${round(gap.highest.score)}, ${gap.lowest.groupName} (${gap.lowest.people}) ${round(gap.lowest.score)}. ` : "";
      const everyGroup = `Each group's own score on everything it was asked: ${gap.groupScores
        .map((g) => `${g.groupName} ${round(g.score)} (${g.people}${g.belowMinimumSize ? ", not compared" : ""})`)
        .join(" · ")}.`;
      layout.paragraph(`${pair}${everyGroup}`, { size: 9 }, { after: 6 });
      if (gap.disagreements.length > 0 && gap.highest && gap.lowest) {
        layout.paragraph("The shared questions where the two groups' answers differ most (mean points per group, 0–100):", { size: 9 }, { after: 4 });
        layout.table(
          [
            { header: "Question", width: 76 },
            { header: gap.highest.groupName, width: 12, align: "right" as const },
            { header: gap.lowest.groupName, width: 12, align: "right" as const },
          ],
          gap.disagreements.map((q) => [{ text: q.title, note: q.rowLabel ?? undefined }, ...q.means.map((m) => ({ text: round(m), font: "bold" as const }))]),
        );
      }
      if (gap.oneSided.length > 0) {
        const shown = gap.oneSided.slice(0, 6).map((q) => `${q.title}${q.rowLabel ? ` — ${q.rowLabel}` : ""} (${q.groupName})`);
        const more = gap.oneSided.length > shown.length ? `, and ${gap.oneSided.length - shown.length} more` : "";
        layout.paragraph(`Asked of only one side, so context rather than disagreement: ${shown.join("; ")}${more}.`, { size: 8.5, colour: MUTED }, { after: 8 });
      }
    }
  };
}

function renderShadowIt(model: ReportModel) {
  return (layout: ReportLayout, number: number, section: ReportSection) => {
    const { headline, drivers } = model.shadowIt;
    layout.sectionTitle(number, section.title);
    layout.paragraph(section.intro, {}, { after: 10 });
    // The band, large, with its meaning.
    const colour = headlineColour(headline);
    const top = layout.y;
    const boxHeight = 58;
    layout.ensureSpace(boxHeight + 10);
    const doc = layout.doc;
    doc.save().roundedRect(MARGIN.left, layout.y, CONTENT_WIDTH, boxHeight, 4).fill(PANEL).restore();
    doc.save().rect(MARGIN.left, layout.y, 4, boxHeight).fill(colour).restore();
    const y = layout.y;
    layout.singleLine(round(headline.score), MARGIN.left + 18, y + 12, 70, { font: "bold", size: 28, colour });
    layout.singleLine(headline.levelLabel ?? "Not enough answers", MARGIN.left + 92, y + 12, CONTENT_WIDTH - 110, { font: "bold", size: 11, colour });
    layout.textAt(
      `${headline.meaning ?? ""}${headline.coverage !== null ? ` Coverage ${percent(headline.coverage)}${headline.respondents !== null ? `, from ${headline.respondents === 1 ? "1 person" : `${headline.respondents} people`}` : ""}.` : ""}${headline.evidence ? ` ${headline.evidence}.` : ""}`,
      MARGIN.left + 92,
      y + 28,
      CONTENT_WIDTH - 110,
      { size: 8.5, colour: "#3e4c59", lineGap: 1.5 },
    );
    layout.y = Math.max(top, y) + boxHeight + 12;

    const byGroup = model.perceptionGaps.gaps.find((g) => g.dimension === "shadow-it");
    if (byGroup && byGroup.groupScores.length > 1) {
      layout.paragraph(`How each group sees it: ${byGroup.groupScores.map((g) => `${g.groupName} ${round(g.score)}`).join(" · ")}.`, { size: 9 }, { after: 8 });
    }
    if (drivers.length > 0) {
      layout.heading("What drives it", { keepWith: 80 });
      layout.paragraph("The questions with the highest risk points in any group, and how each group answered (number of respondents in brackets).", { size: 8.5, colour: MUTED }, { after: 6 });
      layout.table(
        [
          { header: "Question", width: 33 },
          { header: "Answers by group", width: 55 },
          { header: "Risk points", width: 12, align: "right" },
        ],
        drivers.map((d) => [
          { text: d.title, note: d.rowLabel ?? undefined },
          { text: "", pairs: d.answersByGroup.map((g) => ({ label: g.groupName, text: g.answers })) },
          { text: round(d.riskPoints), font: "bold" },
        ]),
        { fontSize: 8 },
      );
    }
  };
}

function renderTrend(model: ReportModel) {
  return (layout: ReportLayout, number: number, section: ReportSection) => {
    const trend = model.trend!;
    layout.sectionTitle(number, section.title);
    layout.paragraph(section.intro, {}, { after: 8 });
    const change = (current: number | null, previous: number | null) => (current === null || previous === null ? null : Math.round(current) - Math.round(previous));
    const describe = (delta: number | null, kind: "maturity" | "risk") => {
      if (delta === null) return { text: "—" };
      const better = kind === "risk" ? delta < 0 : delta > 0;
      return { text: `${delta > 0 ? "+" : ""}${delta}`, font: "bold" as const, colour: delta === 0 ? MUTED : better ? "#027a48" : SEVERITY_COLOURS.critical };
    };
    // Each score with its coverage and people under it (rule 13).
    const scoreCell = (score: number | null, evidence: string | null) => ({ text: round(score), note: evidence ?? undefined, noteColour: evidence?.startsWith("thin") ? SEVERITY_COLOURS.medium : MUTED });
    layout.table(
      [
        { header: "Dimension", width: 40 },
        { header: "Then", width: 20, align: "right" },
        { header: "Now", width: 20, align: "right" },
        { header: "Change", width: 14, align: "right" },
      ],
      [
        [
          { text: "Overall readiness", font: "bold" },
          scoreCell(trend.readiness.previous, trend.readiness.previousEvidence),
          scoreCell(trend.readiness.current, trend.readiness.currentEvidence),
          describe(change(trend.readiness.current, trend.readiness.previous), "maturity"),
        ],
        ...trend.dimensions.map((d) => [
          { text: d.name, note: d.kind === "risk" ? "Risk: lower is better" : undefined },
          scoreCell(d.previous, d.previousEvidence),
          scoreCell(d.current, d.currentEvidence),
          describe(change(d.current, d.previous), d.kind),
        ]),
      ],
    );
  };
}

type PlanSectionKey = keyof ReportPlan;

const PLAN_SECTIONS: { key: PlanSectionKey; columns: TableColumn[]; row: (entry: never) => TableCell[] }[] = [
  {
    key: "steppingStones",
    columns: [
      { header: "Step", width: 30 },
      { header: "What and why", width: 52 },
      { header: "When", width: 18 },
    ],
    row: (s: NonNullable<ReportPlan["steppingStones"]>[number]) => [{ text: s.title, font: "bold" }, s.summary, s.horizon ?? "—"],
  },
  {
    key: "teachingPlan",
    columns: [
      { header: "Topic", width: 32 },
      { header: "For", width: 22 },
      { header: "Why", width: 46 },
    ],
    row: (t: NonNullable<ReportPlan["teachingPlan"]>[number]) => [{ text: t.topic, font: "bold" }, t.audience, t.why],
  },
  {
    key: "dispositions",
    columns: [
      { header: "Wave", width: 16 },
      { header: "Workload", width: 28 },
      { header: "Disposition", width: 18 },
      { header: "Why", width: 38 },
    ],
    row: (d: NonNullable<ReportPlan["dispositions"]>[number]) => [d.wave, { text: d.workload, font: "bold" }, d.disposition, d.rationale ?? "—"],
  },
  {
    key: "outcomeKpis",
    columns: [
      { header: "Outcome", width: 30 },
      { header: "KPI", width: 34 },
      { header: "Baseline", width: 18 },
      { header: "Target", width: 18 },
    ],
    row: (k: NonNullable<ReportPlan["outcomeKpis"]>[number]) => [{ text: k.outcome, font: "bold" }, k.kpi, k.baseline ?? "—", k.target ?? "—"],
  },
];

function renderPlanSection(model: ReportModel, section: (typeof PLAN_SECTIONS)[number]) {
  return (layout: ReportLayout, number: number, reportSection: ReportSection) => {
    layout.sectionTitle(number, reportSection.title);
    layout.paragraph(reportSection.intro, {}, { after: 8 });
    const entries = (model.plan[section.key] ?? []) as never[];
    layout.table(section.columns, entries.map((entry) => section.row(entry)));
  };
}

function renderVoices(model: ReportModel) {
  return (layout: ReportLayout, number: number, section: ReportSection) => {
    layout.sectionTitle(number, section.title);
    layout.paragraph(section.intro, {}, { after: 6 });
    const doc = layout.doc;
    const x = MARGIN.left + 12;
    const width = CONTENT_WIDTH - 12;
    const textStyle: TextStyle = { size: 9, lineGap: 2 };
    const labelStyle: TextStyle = { font: "bold", size: 6.8, colour: layout.accentDark, characterSpacing: 0.8 };
    const barColour = mix(layout.accent, "#ffffff", 0.55);
    const currentPage = () => doc.bufferedPageRange().count - 1;

    /** A quote bar beside text that may have run onto following pages. */
    const bar = (fromPage: number, fromY: number, toPage: number, toY: number) => {
      for (let page = fromPage; page <= toPage; page++) {
        doc.switchToPage(page);
        const top = page === fromPage ? fromY : MARGIN.top;
        const bottom = page === toPage ? toY : layout.bottom;
        if (bottom > top) doc.save().rect(MARGIN.left, top, 2.5, bottom - top).fill(barColour).restore();
      }
      doc.switchToPage(toPage);
    };

    const quote = (text: string, shortened: boolean, label: string | null) => {
      const labelHeight = label ? 12 : 0;
      // Keep a group's label with the first lines of its first answer.
      layout.ensureSpace(labelHeight + Math.min(layout.measure(text, width, textStyle), 36));
      if (label) {
        layout.singleLine(label.toUpperCase(), MARGIN.left, layout.y, CONTENT_WIDTH, labelStyle);
        layout.space(labelHeight);
      }
      const startPage = currentPage();
      const startY = layout.y;
      layout.paragraph(text, textStyle, { x, width });
      if (shortened) layout.paragraph("(shortened for the report)", { size: 7.5, colour: MUTED }, { x, width });
      const endY = layout.y;
      bar(startPage, startY + 1, currentPage(), endY - 2);
      layout.y = endY;
      layout.space(6);
    };

    for (const question of model.voices.freeText) {
      layout.heading(question.title, { keepWith: 50 });
      let previousGroup: string | null = null;
      for (const answer of question.answers) {
        const label = answer.groupName !== previousGroup ? answer.groupName : null;
        if (label && previousGroup !== null) layout.space(4);
        quote(answer.text, answer.shortened, label);
        previousGroup = answer.groupName;
      }
      layout.space(4);
    }
    if (model.voices.notes.length > 0) {
      layout.heading("Facilitator notes", { keepWith: 50 });
      for (const note of model.voices.notes) quote(note.note, note.shortened, `${note.source} · ${note.questionTitle}`);
    }
  };
}

function renderAppendix(model: ReportModel) {
  return (layout: ReportLayout, number: number, section: ReportSection) => {
    const { appendix } = model;
    layout.sectionTitle(number, section.title);

    renderParticipation(layout, appendix);

    layout.heading("How the scores are calculated", { keepWith: 60 });
    for (const item of appendix.method) {
      const titleStyle: TextStyle = { font: "bold", size: 9, lineGap: 1 };
      const textStyle: TextStyle = { size: 8.8, colour: "#3e4c59", lineGap: 2 };
      layout.ensureSpace(layout.measure(item.title, CONTENT_WIDTH, titleStyle) + layout.measure(item.text, CONTENT_WIDTH, textStyle) + 8);
      layout.paragraph(item.title, titleStyle, { after: 1 });
      layout.paragraph(item.text, textStyle, { after: 7 });
    }

    layout.heading("Maturity levels", { keepWith: 80 });
    layout.table(
      [
        { header: "Level", width: 18 },
        { header: "Score", width: 18 },
        { header: "Meaning", width: 64 },
      ],
      appendix.maturityLevels.map((l) => [{ text: `${l.level} · ${l.name}`, font: "bold" }, l.range, l.meaning]),
    );
    layout.heading("Shadow-IT risk bands", { keepWith: 80 });
    layout.table(
      [
        { header: "Band", width: 18 },
        { header: "Risk score", width: 18 },
        { header: "Meaning", width: 64 },
      ],
      appendix.riskBands.map((b) => [{ text: b.name, font: "bold", colour: RISK_COLOURS[b.name.toLowerCase()] ?? INK }, b.range, b.meaning]),
    );

    layout.heading("The eight dimensions", { keepWith: 80 });
    layout.table(
      [
        { header: "Dimension", width: 30 },
        { header: "What it covers", width: 56 },
        { header: "Weight in readiness", width: 14, align: "right" },
      ],
      model.dimensions.map((d) => [{ text: d.name, font: "bold" }, d.summary, String(appendix.readinessWeights.find((w) => w.name === d.name)?.weight ?? "—")]),
    );

    layout.heading("How the key findings are chosen", { keepWith: 60 });
    layout.paragraph("Each rule below can produce one finding. Findings are ranked by severity (critical, high, medium, for information) and, within a severity, in the order of the rules; the executive summary shows the first three.", { size: 8.8, colour: "#3e4c59" }, { after: 4 });
    appendix.findingRules.forEach((rule, i) => {
      const textStyle: TextStyle = { size: 8.8, colour: "#3e4c59", lineGap: 2 };
      layout.ensureSpace(layout.measure(rule, CONTENT_WIDTH - 16, textStyle) + 4);
      const top = layout.y;
      layout.singleLine(`${i + 1}.`, MARGIN.left, top, 14, { font: "bold", size: 8.8 });
      layout.y = top;
      layout.paragraph(rule, textStyle, { x: MARGIN.left + 16, width: CONTENT_WIDTH - 16, after: 3 });
    });

    layout.heading("Questionnaire", { keepWith: 30 });
    layout.paragraph(
      `${appendix.questionnaire.title}, version ${appendix.questionnaire.version} (${appendix.questionnaire.key}). Every assessment is scored with the questionnaire version it was taken with, so its scores can be reproduced. Report generated on ${model.generatedDateLabel} with Cairn.`,
      { size: 8.8, colour: "#3e4c59" },
      { after: 6 },
    );
  };
}

function rendererFor(model: ReportModel, id: ReportSectionId): SectionRenderer {
  switch (id) {
    case "summary":
      return renderSummary(model);
    case "readiness":
      return renderReadiness(model);
    case "gaps":
      return renderPerceptionGaps(model);
    case "shadow-it":
      return renderShadowIt(model);
    case "trend":
      return renderTrend(model);
    case "voices":
      return renderVoices(model);
    case "appendix":
      return renderAppendix(model);
    case "overview":
      return renderOverview();
    case "konveyor-risk":
      return renderKonveyorRisk(model);
    case "questions":
      return renderQuestions(model);
    case "survey-appendix":
      return renderSurveyAppendix(model);
    default:
      return renderPlanSection(model, PLAN_SECTIONS.find((p) => p.key === id)!);
  }
}

// ---------------------------------------------------------------------------------------------
// Cover, contents and page furniture

function drawCover(layout: ReportLayout, model: ReportModel) {
  const doc = layout.doc;
  const { cover } = model;
  const bandHeight = 292;
  doc.save().rect(0, 0, PAGE_WIDTH, bandHeight).fill(cover.accentColour).restore();
  // A cairn of stones, faintly, in the band: the product's mark, not the provider's.
  doc.save().fillColor(layout.onAccent).fillOpacity(0.09);
  doc.ellipse(470, 250, 78, 22).fill();
  doc.ellipse(476, 200, 60, 19).fill();
  doc.ellipse(466, 158, 44, 16).fill();
  doc.ellipse(472, 124, 29, 12).fill();
  doc.restore();

  let y = 52;
  if (cover.logo) {
    const image = Buffer.from(cover.logo.base64, "base64");
    const size = imageSize(image);
    if (size) {
      // The logo at most 160 × 56 pt, on a white card that hugs it.
      const scale = Math.min(160 / size.width, 56 / size.height);
      const width = size.width * scale;
      const height = size.height * scale;
      try {
        doc.save().roundedRect(MARGIN.left - 10, y - 10, width + 20, height + 20, 6).fill("#ffffff").restore();
        doc.image(image, MARGIN.left, y, { width, height });
        y += height + 26;
      } catch {
        // A logo pdfkit cannot read is left out rather than failing the report.
      }
    }
  }
  layout.textAt(cover.providerName, MARGIN.left, y, 330, { font: "bold", size: 13, colour: layout.onAccent, lineGap: 1 });

  layout.singleLine(cover.questionnaire.title.toUpperCase(), MARGIN.left, 198, 380, { font: "bold", size: 8.5, colour: layout.onAccent, characterSpacing: 1.4 });
  layout.textAt(model.title, MARGIN.left, 214, 380, { font: "bold", size: 30, colour: layout.onAccent, lineGap: 0 });

  y = bandHeight + 44;
  layout.singleLine("PREPARED FOR", MARGIN.left, y, CONTENT_WIDTH, { font: "bold", size: 8, colour: MUTED, characterSpacing: 1.2 });
  y += 16;
  const nameStyle: TextStyle = { font: "bold", size: 26, colour: INK, lineGap: 0 };
  let name = cover.customerName;
  // At most three lines of name on the cover.
  while (layout.measure(name, CONTENT_WIDTH, nameStyle) > 100 && name.length > 10) name = `${Array.from(name).slice(0, -Math.max(2, Math.floor(name.length / 10))).join("").trimEnd()}…`;
  y += layout.textAt(name, MARGIN.left, y, CONTENT_WIDTH, nameStyle) + 6;
  y += layout.textAt(cover.assessmentTitle, MARGIN.left, y, CONTENT_WIDTH, { size: 13, colour: MUTED, lineGap: 1 }) + 28;

  const details: [string, string][] = [
    ["Assessment date", `${cover.assessmentDateLabel}${cover.assessmentStatus === "open" ? " (still open)" : ""}`],
    ["Respondents", `${model.participation.answered} answered of ${model.participation.invited} invited`],
    ["Questionnaire", `${cover.questionnaire.title}, version ${cover.questionnaire.version}`],
    ["Prepared by", cover.providerName],
    ["Report date", model.generatedDateLabel],
  ];
  layout.rule(y, LINE, 0.6);
  for (const [label, value] of details) {
    const valueHeight = layout.measure(value, CONTENT_WIDTH - 130, { size: 9.5, lineGap: 1 });
    layout.singleLine(label, MARGIN.left, y + 7, 120, { font: "bold", size: 8.5, colour: MUTED });
    layout.textAt(value, MARGIN.left + 130, y + 6.5, CONTENT_WIDTH - 130, { size: 9.5, lineGap: 1 });
    y += Math.max(22, valueHeight + 12);
    layout.rule(y, LINE, 0.6);
  }

  layout.textAt(
    `Confidential. Prepared by ${cover.providerName} for ${cover.customerName}. ${model.kind === "survey" ? "The figures summarise the answers of the people who took part." : "The scores come from the answers of the people who took part, computed by the method in the appendix."}`,
    MARGIN.left,
    PAGE_HEIGHT - 78,
    CONTENT_WIDTH,
    { size: 7.5, colour: MUTED, lineGap: 1.5 },
  );
  doc.save().rect(0, PAGE_HEIGHT - 14, PAGE_WIDTH, 14).fill(cover.accentColour).restore();
}

/** Pixel size of a PNG or JPEG, read from its header; null for anything else. */
export function imageSize(image: Buffer): { width: number; height: number } | null {
  if (image.length > 24 && image.readUInt32BE(0) === 0x89504e47) {
    const width = image.readUInt32BE(16);
    const height = image.readUInt32BE(20);
    return width > 0 && height > 0 ? { width, height } : null;
  }
  if (image.length > 4 && image[0] === 0xff && image[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < image.length) {
      if (image[offset] !== 0xff) return null;
      const marker = image[offset + 1];
      const length = image.readUInt16BE(offset + 2);
      // Start-of-frame markers (baseline, progressive, …) carry the size; 0xC4, 0xC8 and 0xCC do not.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        const height = image.readUInt16BE(offset + 5);
        const width = image.readUInt16BE(offset + 7);
        return width > 0 && height > 0 ? { width, height } : null;
      }
      offset += 2 + length;
    }
  }
  return null;
}

function drawContents(layout: ReportLayout, model: ReportModel, entries: { id: string; title: string; page: number }[]) {
  const doc = layout.doc;
  layout.y = MARGIN.top;
  layout.sectionTitle(null, "Contents");
  entries.forEach((entry, i) => {
    const top = layout.y;
    const label = `${i + 1}`;
    layout.singleLine(label, MARGIN.left, top, 20, { font: "bold", size: 11, colour: layout.accentDark });
    const title = layout.clean(entry.title, "regular");
    doc.font("regular").fontSize(11);
    const titleWidth = doc.widthOfString(title);
    const pageLabel = String(entry.page);
    const pageWidth = doc.widthOfString(pageLabel);
    layout.singleLine(title, MARGIN.left + 24, top, CONTENT_WIDTH - 70, { size: 11 });
    // Dot leaders between title and page number.
    const from = MARGIN.left + 24 + titleWidth + 6;
    const to = MARGIN.left + CONTENT_WIDTH - pageWidth - 6;
    if (to > from) {
      doc.save().moveTo(from, top + 9.5).lineTo(to, top + 9.5).lineWidth(0.7).dash(0.7, { space: 2.6 }).strokeColor("#9aa5b1").stroke().undash().restore();
    }
    layout.singleLine(pageLabel, MARGIN.left, top, CONTENT_WIDTH, { font: "bold", size: 11, align: "right" });
    doc.goTo(MARGIN.left, top - 2, CONTENT_WIDTH, 18, entry.id);
    layout.y = top + 24;
  });

  // How to read the scores: the level scale and the risk bands, drawn once here. A survey report has no scores.
  if (model.kind === "survey") return;
  layout.y += 20;
  const top = layout.y;
  const panelHeight = 200;
  doc.save().roundedRect(MARGIN.left, top, CONTENT_WIDTH, panelHeight, 5).fill(PANEL).restore();
  layout.singleLine("READING THE SCORES", MARGIN.left + 16, top + 16, 300, { font: "bold", size: 7.5, colour: layout.accentDark, characterSpacing: 1.2 });
  layout.textAt(
    "Every dimension is scored 0–100 from the answers. Maturity dimensions are read against five levels (higher is better); shadow-IT is scored as risk (lower is better).",
    MARGIN.left + 16,
    top + 32,
    CONTENT_WIDTH - 32,
    { size: 8.8, colour: "#3e4c59", lineGap: 2 },
  );
  const scale = (y: number, segments: { label: string; from: number; to: number; colour: string; text: string }[]) => {
    const x0 = MARGIN.left + 16;
    const width = CONTENT_WIDTH - 32;
    for (const s of segments) {
      const x = x0 + (s.from / 100) * width;
      const w = ((s.to - s.from) / 100) * width;
      doc.save().rect(x + 0.5, y, w - 1, 22).fill(s.colour).restore();
      layout.singleLine(s.label, x + 4, y + 4, w - 8, { font: "bold", size: 7.5, colour: s.text });
      layout.singleLine(String(s.from), x, y + 26, 30, { size: 7, colour: MUTED });
    }
    layout.singleLine("100", x0 + width - 30, y + 26, 30, { size: 7, colour: MUTED, align: "right" });
  };
  const levels = model.appendix.maturityLevels;
  scale(
    top + 70,
    levels.map((l, i) => ({
      label: `${l.level} ${l.name}`,
      from: i * 20,
      to: (i + 1) * 20,
      colour: mix(layout.accent, "#ffffff", 0.82 - i * 0.18),
      text: i >= 3 ? layout.onAccent : INK,
    })),
  );
  layout.singleLine("Maturity level", MARGIN.left + 16, top + 58, 200, { font: "bold", size: 7.5, colour: MUTED });
  layout.singleLine("Shadow-IT risk band", MARGIN.left + 16, top + 118, 200, { font: "bold", size: 7.5, colour: MUTED });
  const bands = model.appendix.riskBands;
  scale(
    top + 130,
    bands.map((b, i) => ({ label: b.name, from: i * 25, to: (i + 1) * 25, colour: RISK_COLOURS[b.name.toLowerCase()] ?? MUTED, text: "#ffffff" })),
  );
  layout.textAt("Coverage is the share of the questions shown that got a scored answer; below 60 % a score is marked “thin evidence”.", MARGIN.left + 16, top + 172, CONTENT_WIDTH - 32, { size: 7.8, colour: MUTED });
}

function drawFurniture(layout: ReportLayout, model: ReportModel, pageIndex: number, pageCount: number) {
  const doc = layout.doc;
  const margins = doc.page.margins;
  const savedBottom = margins.bottom;
  margins.bottom = 0;
  const headerY = 30;
  const headerStyle: TextStyle = { size: 7.3, colour: MUTED };
  layout.singleLine(`${model.cover.customerName} · ${model.cover.assessmentTitle}`, MARGIN.left, headerY, CONTENT_WIDTH * 0.62, headerStyle);
  layout.singleLine(model.cover.providerName, MARGIN.left + CONTENT_WIDTH * 0.64, headerY, CONTENT_WIDTH * 0.36, { ...headerStyle, font: "bold", align: "right" });
  layout.rule(headerY + 14, LINE, 0.6);
  const footerY = PAGE_HEIGHT - 40;
  layout.rule(footerY - 8, LINE, 0.6);
  layout.singleLine(`Confidential · prepared for ${model.cover.customerName}`, MARGIN.left, footerY, CONTENT_WIDTH * 0.7, { size: 7.3, colour: MUTED });
  layout.singleLine(`Page ${pageIndex + 1} of ${pageCount}`, MARGIN.left, footerY, CONTENT_WIDTH, { size: 7.3, colour: INK, font: "bold", align: "right" });
  margins.bottom = savedBottom;
}

// ---------------------------------------------------------------------------------------------
// The document

function infoText(text: string): string {
  return String(text).replace(CONTROL_CHARACTERS, "").replace(LONE_SURROGATE, REPLACEMENT).replace(/\s+/g, " ").trim().slice(0, 300);
}

/** Renders the report. Pure: the same model gives the same bytes. */
export function renderReportPdf(model: ReportModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      const fonts = preloadReportFonts();
      const generatedAt = new Date(model.generatedAt);
      const doc = new PDFDocument({
        size: "A4",
        margins: MARGIN,
        bufferPages: true,
        autoFirstPage: false,
        lang: "en-GB",
        displayTitle: true,
        info: {
          Title: infoText(`${model.kind === "survey" ? "Survey report" : "Hybrid-cloud readiness report"}: ${model.cover.customerName} (${model.cover.assessmentTitle})`),
          Author: infoText(model.cover.providerName),
          Subject: infoText(`${model.cover.questionnaire.title}, version ${model.cover.questionnaire.version}`),
          Creator: "Cairn",
          Producer: "Cairn",
          CreationDate: generatedAt,
          ModDate: generatedAt,
        },
      });
      const chunks: Buffer[] = [];
      doc.on("data", (chunk: Buffer) => chunks.push(chunk));
      doc.on("end", () => resolve(Buffer.concat(chunks)));
      doc.on("error", reject);
      doc.registerFont("regular", fonts.regular.shaper as unknown as Buffer);
      doc.registerFont("bold", fonts.bold.shaper as unknown as Buffer);

      const layout = new ReportLayout(doc, fonts, model.cover.accentColour);
      doc.addPage();
      doc.font("regular");
      drawCover(layout, model);
      doc.addPage(); // contents: filled in once the page numbers are known

      const entries: { id: string; title: string; page: number }[] = [];
      model.sections.forEach((section, i) => {
        layout.newPage();
        entries.push({ id: section.id, title: section.title, page: doc.bufferedPageRange().count });
        doc.addNamedDestination(section.id);
        doc.outline.addItem(section.title);
        rendererFor(model, section.id)(layout, i + 1, section);
      });

      const { start, count } = doc.bufferedPageRange();
      doc.switchToPage(1);
      drawContents(layout, model, entries);
      for (let i = start + 1; i < start + count; i++) {
        doc.switchToPage(i);
        drawFurniture(layout, model, i, count);
      }
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
