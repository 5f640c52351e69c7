import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { EngineRun } from '../result.ts';

// The wasm comes from this build (precached like any asset), never from the package's CDN default.
prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) } });

/** barcode-detector (zxing-wasm) reading the camera's <video> in a loop. */
window.runEngine = async (durationMs: number): Promise<EngineRun> => {
  const started = performance.now();
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  document.getElementById('view')!.append(video);
  await video.play();
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  let text = '';
  let firstDecodeMs = Number.NaN;
  const frameMs: number[] = [];
  let decoded = 0;
  let runningSince = 0;
  while (runningSince === 0 || performance.now() - runningSince < durationMs) {
    const before = performance.now();
    const codes = await detector.detect(video).catch(() => []); // before the first frame the video has no data
    const after = performance.now();
    if (codes.length > 0) {
      if (!text) {
        text = codes[0]!.rawValue;
        firstDecodeMs = after - started;
        runningSince = after;
      } else {
        frameMs.push(after - before);
        decoded += 1;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  for (const track of stream.getTracks()) track.stop();
  return { firstDecodeMs, frameMs, decodesPerSecond: decoded / ((performance.now() - runningSince) / 1000), text };
};
