import decoderWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { useEffect } from 'preact/hooks';

/*
 * The QR decoder's WebAssembly (zxing-cpp, about 1 MB), an asset of this build, for devices with
 * no native BarcodeDetector (see qr-scanner.ts). It is not precached for every visitor: a device
 * that scans fetches it once the service worker controls the page, and the worker keeps it
 * (sw/sw.ts, cache 'etape-wasm'), so a camera started later with no network still reads badges.
 * This module holds only its URL, so the desk can do that without loading the scanner's code.
 */

export const DECODER_WASM_URL = decoderWasmUrl;

/** Whether this device decodes QR codes itself (then the wasm is never needed). */
export function hasNativeDetector(): boolean {
  return typeof (globalThis as { BarcodeDetector?: unknown }).BarcodeDetector === 'function';
}

/**
 * Fetches the wasm through the service worker (which keeps it) once the worker controls the page:
 * from the app shell on every device that scans (animators, organizers), from its enrolment on,
 * and from the check-in desk.
 */
export function useDecoderWasmCached(wanted = true): void {
  useEffect(() => {
    const sw = globalThis.navigator?.serviceWorker;
    if (!wanted || !sw || hasNativeDetector()) return;
    const fetchIt = () => void fetch(DECODER_WASM_URL).then((response) => response.body?.cancel(), () => undefined);
    if (sw.controller) return fetchIt();
    sw.addEventListener('controllerchange', fetchIt, { once: true });
    return () => sw.removeEventListener('controllerchange', fetchIt);
  }, [wanted]);
}
