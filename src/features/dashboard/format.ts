import type { FormRow } from '../../db/schema.ts';
import type { Locale } from '../../shared/domain.ts';

/** A mean rating as the locale writes it ("4,5" in French), or a dash when there is none. */
export function formatMean(mean: number | null, locale: Locale): string {
  return mean === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mean);
}

/** A text in both languages, as the feedback form stores its labels; or a plain string. */
function localized(value: unknown, locale: Locale): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const texts = value as Record<string, unknown>;
    const text = texts[locale] ?? texts['fr'];
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

interface QuestionShape {
  id?: unknown;
  label?: unknown;
  options?: unknown;
}

function questionOf(form: FormRow | undefined, questionId: string): QuestionShape | undefined {
  return (form?.questions ?? []).find((question): question is QuestionShape => (question as QuestionShape | null)?.id === questionId);
}

/** The label of a form's question in the locale, or its id when the form does not say. */
export function questionLabel(form: FormRow | undefined, questionId: string, locale: Locale): string {
  return localized(questionOf(form, questionId)?.label, locale) ?? questionId;
}

/** The label of one option of a question, or the value as it was answered. */
export function optionLabel(form: FormRow | undefined, questionId: string, value: string, locale: Locale): string {
  const options = questionOf(form, questionId)?.options;
  if (!Array.isArray(options)) return value;
  const option = options.find((candidate) => {
    const shape = candidate as { id?: unknown; value?: unknown } | null;
    return shape?.id === value || shape?.value === value;
  }) as { label?: unknown } | undefined;
  return localized(option?.label, locale) ?? value;
}

/** The order of a form's questions, for the answers to be shown in it (unknown ids last). */
export function questionOrder(form: FormRow | undefined, questionIds: readonly string[]): string[] {
  const order = (form?.questions ?? []).map((question) => (question as QuestionShape | null)?.id);
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index === -1 ? order.length : index;
  };
  return [...questionIds].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
