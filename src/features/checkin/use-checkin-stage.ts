import { useState } from 'preact/hooks';

const KEY = 'etape.checkin-stage';

/** The stage this device checks people in for: its enrolment's, else the one chosen once here (remembered). */
export function useCheckinStage(enrolledStage: string | null): [string | null, (stageId: string | null) => void] {
  const [chosen, setChosen] = useState<string | null>(() => {
    try {
      return globalThis.localStorage?.getItem(KEY) ?? null;
    } catch {
      return null;
    }
  });
  const choose = (stageId: string | null) => {
    try {
      if (stageId) globalThis.localStorage?.setItem(KEY, stageId);
      else globalThis.localStorage?.removeItem(KEY);
    } catch {
      // Storage refused: the choice lasts for this visit.
    }
    setChosen(stageId);
  };
  return [enrolledStage ?? chosen, choose];
}
