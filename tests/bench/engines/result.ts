/** What one engine run measured in the page (all times in ms, from performance.now()). */
export interface EngineRun {
  /** From the call that starts the camera to the first decoded code. */
  firstDecodeMs: number;
  /** Time spent decoding each frame (zxing: each detect() call; html5-qrcode: interval between consecutive decodes). */
  frameMs: number[];
  /** Codes decoded per second once running, the decoder asked again 1 ms after each answer. */
  decodesPerSecond: number;
  /** The text of the first decode, to check the engine read the right code. */
  text: string;
}

declare global {
  interface Window {
    runEngine(durationMs: number): Promise<EngineRun>;
  }
}
