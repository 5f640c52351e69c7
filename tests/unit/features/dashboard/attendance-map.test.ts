import { describe, expect, it } from 'vitest';
import { attendanceMap } from '../../../../src/features/dashboard/format.ts';
import type { StageFigures } from '../../../../src/shared/figures.ts';
import { loadLocale, translator } from '../../../../src/ui/i18n.ts';
import '../../../../src/ui/messages/dashboard.ts';

const stages = [
  { id: 's1', town: 'Florac', lat: 44.32, lng: 3.59 },
  { id: 's2', town: 'Mende', lat: 44.52, lng: 3.5 },
  { id: 's3', town: 'Langogne', lat: 44.73, lng: 3.86 },
];
const figures = (stageId: string, town: string, present: number) => ({ stageId, town, present }) as StageFigures;
// The figures know two of the three towns (no check-in yet at Langogne).
const perStage = [figures('s1', 'Florac', 12), figures('s2', 'Mende', 1)];

describe('the route map of the dashboard and the report', () => {
  it('puts each town with its attendance on the map, 0 where nobody came yet', () => {
    const { points } = attendanceMap(stages, perStage, translator('fr'));
    expect(points.map(({ label, note }) => [label, note])).toEqual([
      ['Florac', '12 présents'],
      ['Mende', '1 présent'],
      ['Langogne', '0 présent'],
    ]);
  });

  it('reads the map out as a list of towns with their figures, punctuated as each language writes it', async () => {
    await loadLocale('en');
    expect(attendanceMap(stages, perStage, translator('fr')).description).toBe('Carte du parcours\u00a0: Florac, 12 présents\u00a0; Mende, 1 présent.');
    expect(attendanceMap(stages, perStage, translator('en')).description).toBe('Map of the route: Florac, 12 present; Mende, 1 present.');
  });
});
