/*
 * Reads JSON text the way an author sees it: a syntax error is reported at a line and column (not
 * "at position 157", which no editor shows), and every value of a valid document can be found again
 * by its JSON path (`pages[2].elements[4]`, the form questionnaire-validation.ts reports), so a
 * problem or a warning points at the line to open. Pure: no file system, no survey-core.
 *
 * The scanner only locates; the value itself comes from JSON.parse, so what Cairn stores is exactly
 * what the platform's parser makes of the text (including a repeated key: the last one wins).
 */

export interface SourcePosition {
  /** 1-based. */
  line: number;
  /** 1-based, in characters of the line (UTF-16 code units, as editors other than Vim count them). */
  column: number;
}

export interface JsonSyntaxError extends SourcePosition {
  message: string;
}

export interface LocatedJson {
  value: unknown;
  /** Finds a JSON path in the source: the exact place, or that of its nearest located ancestor. */
  locate(path: string): SourcePosition;
  /** Keys written twice in the same object, at their second use; JSON.parse keeps the last. */
  repeatedKeys: { path: string; position: SourcePosition }[];
}

export type JsonSourceResult = { ok: true; json: LocatedJson } | { ok: false; error: JsonSyntaxError };

/** Deeper than this is refused: no questionnaire needs it, and it keeps the scanner's recursion bounded. */
export const MAX_JSON_DEPTH = 100;

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Line starts, so an offset becomes a line and column by binary search. */
function positionFinder(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}

function describeAt(text: string, offset: number): string {
  if (offset >= text.length) return "the file ends too early";
  const character = text[offset];
  if (character === "\n" || character === "\r") return "a line ends inside a string";
  return `unexpected ${JSON.stringify(character)}`;
}

/** Parses JSON text, reporting a syntax error with its line and column. */
export function parseJsonSource(text: string): JsonSourceResult {
  const at = positionFinder(text);
  const offsets = new Map<string, number>();
  const repeatedKeys: { path: string; position: SourcePosition }[] = [];
  let index = 0;

  const skipWhitespace = () => {
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === 32 || code === 9 || code === 10 || code === 13) index++;
      else break;
    }
  };
  const fail = (expected: string): never => {
    throw new SyntaxProblem(`${describeAt(text, index)}; expected ${expected}`, index);
  };

  const scanString = (): string => {
    const start = index;
    index++; // the opening quote
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === 34) {
        index++;
        return text.slice(start, index);
      }
      if (code === 92) {
        const escape = text[index + 1];
        if (escape === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
            index += 2;
            throw new SyntaxProblem("a \\u escape needs four hexadecimal digits", index);
          }
          index += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          index += 2;
        } else {
          index++;
          throw new SyntaxProblem(`${escape === undefined ? "the file ends inside a string" : `\\${escape} is not a JSON escape`}`, index);
        }
        continue;
      }
      if (code < 32) throw new SyntaxProblem(code === 10 || code === 13 ? "a line ends inside a string (a closing \" is missing)" : "a control character inside a string must be escaped", index);
      index++;
    }
    throw new SyntaxProblem("the file ends inside a string (a closing \" is missing)", start);
  };

  const scanNumber = () => {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(index, index + 400));
    if (!match) fail("a value");
    index += match![0].length;
  };

  const scanValue = (path: string, depth: number) => {
    skipWhitespace();
    if (!offsets.has(path)) offsets.set(path, index);
    const character = text[index];
    if (character === "{" || character === "[") {
      if (depth >= MAX_JSON_DEPTH) throw new SyntaxProblem(`the file nests objects and lists more than ${MAX_JSON_DEPTH} levels deep; no questionnaire needs that`, index);
      if (character === "{") scanObject(path, depth + 1);
      else scanArray(path, depth + 1);
    } else if (character === '"') scanString();
    else if (character === "-" || (character >= "0" && character <= "9")) scanNumber();
    else if (text.startsWith("true", index)) index += 4;
    else if (text.startsWith("false", index)) index += 5;
    else if (text.startsWith("null", index)) index += 4;
    else fail("a value (a string in double quotes, a number, true, false, null, an object or a list)");
  };

  const scanObject = (path: string, depth: number) => {
    index++;
    skipWhitespace();
    if (text[index] === "}") {
      index++;
      return;
    }
    const seen = new Set<string>();
    for (;;) {
      skipWhitespace();
      if (text[index] !== '"') fail(text[index] === "}" ? "another property (a comma after the last property is not allowed)" : "a property name in double quotes");
      const keyStart = index;
      const key = JSON.parse(scanString()) as string;
      const memberPath = path === "$" ? key : `${path}.${key}`;
      if (seen.has(key)) repeatedKeys.push({ path: memberPath, position: at(keyStart) });
      seen.add(key);
      // A member is found at its key, which is where an author looks for it (scanValue keeps the first offset set).
      offsets.set(memberPath, keyStart);
      skipWhitespace();
      if (text[index] !== ":") fail('":" after the property name');
      index++;
      scanValue(memberPath, depth);
      skipWhitespace();
      if (text[index] === ",") {
        index++;
        continue;
      }
      if (text[index] === "}") {
        index++;
        return;
      }
      fail('"," or "}"');
    }
  };

  const scanArray = (path: string, depth: number) => {
    index++;
    skipWhitespace();
    if (text[index] === "]") {
      index++;
      return;
    }
    for (let position = 0; ; position++) {
      skipWhitespace();
      if (position > 0 && text[index] === "]") fail("another element (a comma after the last element is not allowed)");
      scanValue(`${path === "$" ? "" : path}[${position}]`, depth);
      skipWhitespace();
      if (text[index] === ",") {
        index++;
        continue;
      }
      if (text[index] === "]") {
        index++;
        return;
      }
      fail('"," or "]"');
    }
  };

  try {
    skipWhitespace();
    if (index >= text.length) throw new SyntaxProblem("the file is empty", 0);
    scanValue("$", 0);
    skipWhitespace();
    if (index < text.length) throw new SyntaxProblem(`${describeAt(text, index)} after the end of the JSON document`, index);
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const position = at(Math.min(error.offset, text.length));
    return { ok: false, error: { ...position, message: `Not valid JSON at line ${position.line}, column ${position.column}: ${error.message}.` } };
  }

  const value: unknown = JSON.parse(text);
  const locate = (path: string): SourcePosition => {
    for (let candidate = path; ; ) {
      const offset = offsets.get(candidate);
      if (offset !== undefined) return at(offset);
      const cut = Math.max(candidate.lastIndexOf("."), candidate.lastIndexOf("["));
      if (cut <= 0) return at(offsets.get("$") ?? 0);
      candidate = candidate.slice(0, cut);
    }
  };
  return { ok: true, json: { value, locate, repeatedKeys } };
}
