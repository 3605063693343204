import { checkPlan, Plan } from '../domain/index.js';

export type AnswerCheck = { ok: true; plan: Plan } | { ok: false; errors: string[]; answer: unknown };

/**
 * The model's answer (the `structured_output` of the result; its JSON text as a fallback) parsed
 * into a Plan and checked as a DAG. Every problem is listed, so one repair round can fix them all.
 */
export function checkAnswer(
  structuredOutput: unknown,
  resultText: string | undefined,
  maxSubtasks: number,
): AnswerCheck {
  const answer = structuredOutput ?? parseJson(resultText);
  if (answer === undefined) {
    return {
      ok: false,
      answer: resultText,
      errors: ['no plan was given: answer by calling the StructuredOutput tool with the plan'],
    };
  }
  const parsed = Plan.safeParse(answer);
  if (!parsed.success) {
    return {
      ok: false,
      answer,
      errors: parsed.error.issues.map((issue) => {
        const path = issue.path.map(String).join('.');
        return path ? `${path}: ${issue.message}` : issue.message;
      }),
    };
  }
  const checked = checkPlan(parsed.data, maxSubtasks);
  return checked.ok ? { ok: true, plan: checked.plan } : { ok: false, errors: checked.errors, answer };
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  const trimmed = text
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/```$/, '');
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
