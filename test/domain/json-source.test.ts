import { describe, expect, it } from "vitest";
import { parseJsonSource } from "~/domain/json-source";

/** The syntax error of `text`, or a failure if it parses. */
function errorOf(text: string) {
  const result = parseJsonSource(text);
  if (result.ok) throw new Error("expected a syntax error");
  return result.error;
}

describe("a JSON syntax error is reported at a line and column an editor shows", () => {
  it("a missing comma between two elements, on the line where the next one starts", () => {
    const text = ['{', '  "title": "Checkliste",', '  "pages": [', '    { "name": "p1" }', '    { "name": "p2" }', "  ]", "}"].join("\n");
    expect(errorOf(text)).toMatchObject({ line: 5, column: 5 });
    expect(errorOf(text).message).toMatch(/^Not valid JSON at line 5, column 5: unexpected "\{"; expected "," or "\]"/);
  });

  it("a trailing comma, at the closing brace", () => {
    expect(errorOf('{\n  "title": "x",\n}')).toMatchObject({ line: 3, column: 1, message: expect.stringContaining("a comma after the last property is not allowed") });
  });

  it("a string left open at the end of a line", () => {
    expect(errorOf('{\n  "title": "Prüfliste\n}')).toMatchObject({ line: 2, column: 22, message: expect.stringContaining("a closing \" is missing") });
  });

  it("single quotes, comments, text after the document and an empty file", () => {
    expect(errorOf("{'title': 'x'}")).toMatchObject({ line: 1, column: 2 });
    expect(errorOf('/* SurveyJS */ {"title": "x"}')).toMatchObject({ line: 1, column: 1 });
    expect(errorOf('{"title": "x"}\n{"title": "y"}')).toMatchObject({ line: 2, column: 1, message: expect.stringContaining("after the end of the JSON document") });
    expect(errorOf("  \n ")).toMatchObject({ line: 1, column: 1, message: expect.stringContaining("the file is empty") });
  });

  it("a file cut short", () => {
    expect(errorOf('{"pages": [{"name": "p1"')).toMatchObject({ line: 1, column: 25, message: expect.stringContaining("the file ends too early") });
  });

  it("nesting deeper than 100 levels, without overflowing the stack", () => {
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    expect(errorOf(deep)).toMatchObject({ line: 1, column: 101, message: expect.stringContaining("more than 100 levels") });
  });
});

describe("a valid document", () => {
  const text = ['{', '  "title": "Checkliste",', '  "pages": [', "    {", '      "name": "p1",', '      "elements": [', '        { "type": "html", "name": "h" },', '        { "type": "text", "name": "t", "colour": "rot" }', "      ]", "    }", "  ]", "}"].join("\n");

  it("has the value JSON.parse gives", () => {
    const result = parseJsonSource(text);
    expect(result.ok && result.json.value).toEqual(JSON.parse(text));
  });

  it("finds a path at its key, an element at its opening brace, and an unknown path at its nearest ancestor", () => {
    const result = parseJsonSource(text);
    if (!result.ok) throw new Error("expected valid JSON");
    const { locate } = result.json;
    expect(locate("title")).toEqual({ line: 2, column: 3 });
    expect(locate("pages[0]")).toEqual({ line: 4, column: 5 });
    expect(locate("pages[0].elements[1]")).toEqual({ line: 8, column: 9 });
    expect(locate("pages[0].elements[1].colour")).toEqual({ line: 8, column: 40 });
    expect(locate("pages[0].elements[1].visibleIf")).toEqual({ line: 8, column: 9 });
    expect(locate("$")).toEqual({ line: 1, column: 1 });
  });

  it("lists a key written twice in one object, where JSON.parse silently keeps the last", () => {
    const result = parseJsonSource('{\n  "title": "A",\n  "title": "B"\n}');
    expect(result.ok && result.json.repeatedKeys).toEqual([{ path: "title", position: { line: 3, column: 3 } }]);
    expect(result.ok && result.json.value).toEqual({ title: "B" });
  });
});
