import type { FormRow } from '../../db/schema.ts';
import type { Locale } from '../../shared/domain.ts';
import type { StageFigures } from '../../shared/figures.ts';
import type { RoutePoint } from '../../ui/RouteMap.tsx';
import type { Translate } from '../../ui/i18n.ts';

/** A mean rating as the locale writes it ("4,5" in French), or a dash when there is none. */
export function formatMean(mean: number | null, locale: Locale): string {
  return mean === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mean);
}

type Question = NonNullable<FormRow['questions']>[number];

function questionOf(form: FormRow | undefined, questionId: string): Question | undefined {
  return form?.questions?.find((question) => question.id === questionId);
}

/** The label of a form's question in the locale (French when the English one is empty), or its id. */
export function questionLabel(form: FormRow | undefined, questionId: string, locale: Locale): string {
  const label = questionOf(form, questionId)?.label;
  return (label && (label[locale] || label.fr)) ?? questionId;
}

/** The label of one choice of a question, or the value as it was answered (a short text answer). */
export function optionLabel(form: FormRow | undefined, questionId: string, value: string, locale: Locale): string {
  const label = questionOf(form, questionId)?.choices?.find((choice) => choice.id === value)?.label;
  return (label && (label[locale] || label.fr)) ?? value;
}

/** The order of a form's questions, for the answers to be shown in it (unknown ids last). */
export function questionOrder(form: FormRow | undefined, questionIds: readonly string[]): string[] {
  const order = (form?.questions ?? []).map((question) => question.id);
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index === -1 ? order.length : index;
  };
  return [...questionIds].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * The route map of the dashboard and of the report: each town of the route with its attendance, and
 * the map's description read out in its place ("Carte du parcours : Florac, 12 présents ; …").
 */
export function attendanceMap(
  stages: readonly { id: string; town: string; lat: number; lng: number }[],
  perStage: readonly StageFigures[],
  t: Translate,
): { points: RoutePoint[]; description: string } {
  const present = (stageId: string) => perStage.find((stage) => stage.stageId === stageId)?.present ?? 0;
  return {
    points: stages.map((stage) => ({ id: stage.id, label: stage.town, lat: stage.lat, lng: stage.lng, note: t('dashboard.presentCount', { count: present(stage.id) }) })),
    description: t('dashboard.mapDescription', {
      stages: perStage.map((stage) => t('dashboard.mapStage', { town: stage.town, count: stage.present })).join(t('dashboard.mapSeparator')),
    }),
  };
}
