import { describe, expect, it } from "vitest";
import { acceptedLanguages, chromeLocaleOf, pickSurveyLocale, surveyMessages } from "~/domain/survey-locale";
import { questionnaireLocales } from "~/domain/questionnaire-model";

describe("the language a respondent answers in", () => {
  const available = ["en", "de"];

  it("reads Accept-Language by quality, reduced to languages", () => {
    expect(acceptedLanguages("fr-CH, fr;q=0.9, de-AT;q=0.8, en;q=0.7, *;q=0.5")).toEqual(["fr", "de", "en"]);
    expect(acceptedLanguages("en;q=0.2, de")).toEqual(["de", "en"]);
    expect(acceptedLanguages("de;q=0, en")).toEqual(["en"]);
    expect(acceptedLanguages(null)).toEqual([]);
  });

  it("prefers the stored choice, then the browser, then the questionnaire's default", () => {
    expect(pickSurveyLocale({ available, chosen: "de", acceptLanguage: "en-GB" })).toBe("de");
    expect(pickSurveyLocale({ available, chosen: null, acceptLanguage: "de-AT,de;q=0.9,en;q=0.8" })).toBe("de");
    expect(pickSurveyLocale({ available, chosen: null, acceptLanguage: "fr-FR, de;q=0.5" })).toBe("de");
    expect(pickSurveyLocale({ available, chosen: null, acceptLanguage: "fr-FR" })).toBe("en");
    // A stored language the questionnaire does not have (another version) falls back, never breaks.
    expect(pickSurveyLocale({ available: ["en"], chosen: "de", acceptLanguage: "de" })).toBe("en");
  });

  it("has Cairn's words in English and German, and English for any other language", () => {
    expect(surveyMessages("de").progress(2, 9, 1, 1)).toBe("Seite 2 von 9 · noch 1 Frage, etwa 1 Minute");
    expect(surveyMessages("en").progress(2, 9, 12, 4)).toBe("Page 2 of 9 · 12 questions left, about 4 minutes");
    expect(chromeLocaleOf("fr")).toBe("en");
  });

  it("finds a questionnaire's languages from its localised texts", () => {
    expect(questionnaireLocales({ elements: [{ type: "text", name: "a", title: "A" }] })).toEqual(["en"]);
    expect(questionnaireLocales({ elements: [{ type: "text", name: "a", title: { default: "A", de: "Ä", fr: "À" } }] })).toEqual(["en", "de", "fr"]);
  });
});
