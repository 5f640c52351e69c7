import type { StoredProgramme } from '../../db/programme.ts';
import { stageCalendar, starredCalendar, weekCalendar } from '../../shared/programme-calendar.ts';

/**
 * Calendar files made on the device from its copy of the programme, so they work offline. This
 * module (and the iCalendar writer with the time-zone data) loads only when a file is asked for.
 */

/** Hands an .ics text to the browser as a file download. */
function download(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadWeek(programme: StoredProgramme, slug: string): void {
  download(weekCalendar(programme, location.origin), `${slug}.ics`);
}

export function downloadStarred(programme: StoredProgramme, stars: readonly string[], slug: string): void {
  download(starredCalendar(programme, stars, location.origin), `${slug}-mon-programme.ics`);
}

export function downloadStage(programme: StoredProgramme, stageId: string, slug: string): void {
  const town = programme.stages.find((stage) => stage.id === stageId)?.town ?? 'etape';
  download(stageCalendar(programme, stageId, location.origin), `${slug}-${town}.ics`);
}
