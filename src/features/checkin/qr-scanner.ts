import { Html5Qrcode, Html5QrcodeSupportedFormats } from 'html5-qrcode';

/*
 * The only module that knows the QR engine (html5-qrcode; see docs/benchmarks.md "scanner
 * engines" for why). It is loaded with a dynamic import from the check-in screen, so neither the
 * other pages nor /scan's first paint wait for it; the service worker precaches its chunk.
 * One camera stream per scanning session: start() stops any stream still running first.
 */

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
export async function startCamera(
  elementId: string,
  cameraId: string | undefined,
  onCode: (text: string) => void,
  { fps = 12 }: { fps?: number } = {},
): Promise<CameraSession> {
  await stopCamera();
  const scanner = new Html5Qrcode(elementId, CONFIG);
  running = scanner;
  try {
    await scanner.start(cameraId ?? { facingMode: 'environment' }, { fps, disableFlip: true }, (text) => onCode(text), undefined);
  } catch (error) {
    running = undefined;
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
    setTorch: (on) => scanner.getRunningTrackCameraCapabilities().torchFeature().apply(on),
    stop: async () => {
      if (running === scanner) await stopCamera();
    },
  };
}

/** Stops the running camera stream, if any (leaving the page, pausing, switching cameras). */
export async function stopCamera(): Promise<void> {
  const scanner = running;
  running = undefined;
  if (!scanner) return;
  try {
    if (scanner.isScanning) await scanner.stop();
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
  const scanner = new Html5Qrcode(elementId, CONFIG);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      scanner.scanFile(file, false),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('photo decoding timed out')), timeoutMs))),
    ]);
  } finally {
    clearTimeout(timer);
    scanner.clear();
  }
}
