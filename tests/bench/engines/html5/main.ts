import { startCamera } from '../../../../src/features/checkin/qr-scanner.ts';
import type { EngineRun } from '../result.ts';

/** html5-qrcode exactly as Étape ships it (qr-scanner.ts), its frame timer at 1 ms instead of 12 frames a second. */
window.runEngine = async (durationMs: number): Promise<EngineRun> => {
  const decodes: number[] = [];
  let text = '';
  let firstDecodeMs = Number.NaN;
  const started = performance.now();
  let resolveFirst: () => void = () => {};
  const first = new Promise<void>((resolve) => (resolveFirst = resolve));
  const session = await startCamera('view', undefined, (decoded) => {
    const now = performance.now();
    if (decodes.length === 0) {
      firstDecodeMs = now - started;
      text = decoded;
      resolveFirst();
    }
    decodes.push(now);
  }, { fps: 1000 });
  await first;
  const from = decodes.length;
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  await session.stop();
  const running = decodes.slice(from);
  const frameMs = running.slice(1).map((at, i) => at - running[i]! - 1);
  const span = (running.at(-1)! - running[0]!) / 1000;
  return { firstDecodeMs, frameMs, decodesPerSecond: (running.length - 1) / span, text };
};
