import { compileAnswerValidator, type AnswerValidator } from "~/domain/answer-validation";
import { getQuestionnaire, type BundledQuestionnaire } from "~/domain/questionnaire-catalogue.server";

export interface AssessmentQuestionnaire extends BundledQuestionnaire {
  answerValidator: AnswerValidator;
}

const validators = new Map<string, AnswerValidator>();

/** The questionnaire an assessment was started with: always its recorded key and version. */
export function getAssessmentQuestionnaire(key: string, version: number): AssessmentQuestionnaire {
  const questionnaire = getQuestionnaire(key, version);
  const cacheKey = `${key}@${version}`;
  let answerValidator = validators.get(cacheKey);
  if (!answerValidator) {
    answerValidator = compileAnswerValidator(questionnaire.surveyJson);
    validators.set(cacheKey, answerValidator);
  }
  return { ...questionnaire, answerValidator };
}
