import { BarcodeDetector as ZXingBarcodeDetector, prepareZXingModule, purgeZXingModule } from 'barcode-detector/ponyfill';
import { Html5Qrcode, Html5QrcodeScannerState, Html5QrcodeSupportedFormats } from 'html5-qrcode';
import { DECODER_WASM_URL, hasNativeDetector } from './decoder-wasm.ts';

/*
 * The only module that knows the QR engine: html5-qrcode runs the camera and the photo, and
 * decodes each frame with the device's BarcodeDetector, alternating with its own zxing-js. Where
 * the device has no BarcodeDetector (iPhone, desktop Chromium, Firefox) one is installed here,
 * zxing-cpp compiled to wasm (barcode-detector): zxing-js alone cannot read about one badge in
 * six however sharp the picture (see docs/benchmarks.md, "scanner engines"). It is loaded with a
 * dynamic import when the camera starts, so neither the other pages nor /scan's first paint wait
 * for it; the service worker precaches its chunk, and keeps the wasm (decoder-wasm.ts).
 * One camera stream at a time: startCamera() stops any stream still running first.
 */

/** Whether the device decodes QR codes natively; if not, the wasm detector takes its place. */
const scope = globalThis as { BarcodeDetector?: unknown };
const nativeDetector = hasNativeDetector();
/** The wasm comes from this app's own assets (cached by the service worker), never from a CDN. */
const useOwnWasm = () =>
  prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? DECODER_WASM_URL : prefix + path) } });
if (!nativeDetector) {
  useOwnWasm();
  scope.BarcodeDetector = ZXingBarcodeDetector;
}

/**
 * Loads and compiles the wasm detector (from the service worker's cache when offline). A load that
 * failed is forgotten, so the next camera start tries again. Nothing to do with a native detector.
 */
async function warmUp(): Promise<void> {
  if (nativeDetector) return;
  try {
    await prepareZXingModule({ fireImmediately: true });
  } catch (error) {
    // The failed load would otherwise be kept for good: forget it, so the next try fetches again.
    purgeZXingModule();
    useOwnWasm();
    throw error;
  }
}

/** A camera the device offers. */
export interface CameraChoice {
  id: string;
  label: string;
}

/** A running camera: the torch where the device has one, and a stop that releases the stream. */
export interface CameraSession {
  hasTorch: boolean;
  setTorch(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** Why the camera could not start: refused by the person or the browser, absent, or another error. */
export class CameraError extends Error {
  constructor(
    readonly kind: 'refused' | 'absent' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'CameraError';
  }
}

const CONFIG = { formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE], useBarCodeDetectorIfSupported: true, verbose: false };
let running: Html5Qrcode | undefined;
let turns: Promise<unknown> = Promise.resolve();

/**
 * Runs camera starts and stops one after another. html5-qrcode's stop() does nothing to a scanner
 * whose start has not finished (it is not "scanning" yet): a stop issued then would leave that
 * camera running unseen, recording a check-in every few seconds. In turn, the stop waits for the
 * start and stops what it started.
 */
function inTurn<T>(step: () => Promise<T>): Promise<T> {
  const next = turns.then(step, step);
  turns = next.catch(() => undefined);
  return next;
}

function cameraError(error: unknown): CameraError {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/NotAllowed|Permission|denied|SecurityError/i.test(text)) return new CameraError('refused', text);
  if (/NotFound|no camera|Requested device not found|OverconstrainedError/i.test(text)) return new CameraError('absent', text);
  return new CameraError('other', text);
}

/**
 * The cameras of the device, listed without opening a stream (html5-qrcode's getCameras opens
 * one): call it once a camera runs, when the permission is granted and the labels are known.
 */
export async function listCameras(): Promise<CameraChoice[]> {
  const devices = (await navigator.mediaDevices?.enumerateDevices()) ?? [];
  return devices.filter((device) => device.kind === 'videoinput' && device.deviceId).map(({ deviceId, label }) => ({ id: deviceId, label }));
}

/**
 * Starts the camera into the element `elementId` and calls onCode with each decoded text (the
 * back camera unless one is chosen). `fps` is how often a frame is decoded (raised by the engine benchmark only).
 */
export function startCamera(
  elementId: string,
  cameraId: string | undefined,
  onCode: (text: string) => void,
  { fps = 12 }: { fps?: number } = {},
): Promise<CameraSession> {
  return inTurn(async () => {
    if (running) await release(running);
    void warmUp().catch(() => undefined); // a decoder that failed to load (offline) is tried again
    const scanner = new Html5Qrcode(elementId, CONFIG);
    running = scanner;
    try {
      await scanner.start(cameraId ?? { facingMode: 'environment' }, { fps, disableFlip: true }, (text) => onCode(text), undefined);
    } catch (error) {
      if (running === scanner) running = undefined;
      scanner.clear();
      throw cameraError(error);
    }
    let hasTorch = false;
    try {
      hasTorch = scanner.getRunningTrackCameraCapabilities().torchFeature().isSupported();
    } catch {
      hasTorch = false;
    }
    return {
      hasTorch,
      setTorch: (on: boolean) => scanner.getRunningTrackCameraCapabilities().torchFeature().apply(on),
      stop: () => inTurn(() => release(scanner)),
    };
  });
}

/**
 * Stops `scanner`'s stream (this session's own, even if another was started since) and empties its
 * element. Its state says whether it holds a stream: its `isScanning` turns true only once the
 * video plays, and a stream opened but not yet playing must be stopped too.
 */
async function release(scanner: Html5Qrcode): Promise<void> {
  if (running === scanner) running = undefined;
  try {
    const state = scanner.getState();
    if (state === Html5QrcodeScannerState.SCANNING || state === Html5QrcodeScannerState.PAUSED) await scanner.stop();
  } finally {
    scanner.clear();
  }
}

/**
 * Decodes a QR code from a photo (the fallback when the camera is refused); `elementId` is an
 * empty, hidden element. Gives up after `timeoutMs`: html5-qrcode's file scan can wait forever
 * on an image it fails to draw, and the animator must get an answer.
 */
export async function decodeImage(elementId: string, file: File, timeoutMs = 15_000): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempts = async () => {
    // The decoder is sensitive to the size of the QR's modules: a photo it cannot read as it is
    // is tried again scaled down, as a person would step back.
    let lastError: unknown;
    for (const scale of [1, 0.5, 0.7]) {
      const scanner = new Html5Qrcode(elementId, CONFIG);
      try {
        return await scanner.scanFile(scale === 1 ? file : await scaled(file, scale), false);
      } catch (error) {
        lastError = error;
      } finally {
        scanner.clear();
      }
    }
    throw lastError;
  };
  try {
    return await Promise.race([
      attempts(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('photo decoding timed out')), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A copy of an image file at `scale` of its size, as PNG. */
async function scaled(file: File, scale: number): Promise<File> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('could not scale the photo');
  return new File([blob], file.name, { type: 'image/png' });
}
