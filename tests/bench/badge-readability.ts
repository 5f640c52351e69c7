import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/*
 * How many random badge codes each QR decoder reads from a clean picture: zxing-js (the decoder
 * inside html5-qrcode) and zxing-cpp compiled to wasm (barcode-detector's). Node only: the
 * picture is the code's modules drawn black on white at a whole number of pixels per module,
 * the easiest picture a camera could give, so a failure here is the decoder's, not the camera's.
 */

const require = createRequire(import.meta.url);

interface ZXingJs {
  MultiFormatReader: new () => { setHints(hints: Map<unknown, unknown>): void; decode(bitmap: unknown): { getText(): string } };
  BinaryBitmap: new (binarizer: unknown) => unknown;
  HybridBinarizer: new (source: unknown) => unknown;
  RGBLuminanceSource: new (luminances: Uint8ClampedArray, width: number, height: number) => unknown;
  DecodeHintType: { POSSIBLE_FORMATS: unknown };
  BarcodeFormat: { QR_CODE: unknown };
}
const zxingJs = require('html5-qrcode/third_party/zxing-js.umd.js') as ZXingJs;

/** A signed badge's shape (src/shared/badge.ts): two UUIDs and a 64-byte signature; the values do not matter to a decoder. */
const randomBadge = () => `E1.${randomUUID()}.${randomUUID()}.${randomBytes(64).toString('base64url')}`;

/** The code's modules at `px` pixels each, with a 4-module quiet zone: grey levels, one byte a pixel. */
function picture(code: string, px: number): { gray: Uint8ClampedArray; size: number } {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const size = (modules.size + 2 * quiet) * px;
  const gray = new Uint8ClampedArray(size * size).fill(255);
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (!modules.get(row, col)) continue;
      for (let dy = 0; dy < px; dy += 1) gray.fill(0, ((row + quiet) * px + dy) * size + (col + quiet) * px, ((row + quiet) * px + dy) * size + (col + quiet + 1) * px);
    }
  }
  return { gray, size };
}

function readsWithZXingJs(code: string, { gray, size }: { gray: Uint8ClampedArray; size: number }): boolean {
  const reader = new zxingJs.MultiFormatReader();
  reader.setHints(new Map([[zxingJs.DecodeHintType.POSSIBLE_FORMATS, [zxingJs.BarcodeFormat.QR_CODE]]]));
  try {
    return reader.decode(new zxingJs.BinaryBitmap(new zxingJs.HybridBinarizer(new zxingJs.RGBLuminanceSource(gray, size, size)))).getText() === code;
  } catch {
    return false;
  }
}

async function readsWithZXingWasm(code: string, { gray, size }: { gray: Uint8ClampedArray; size: number }): Promise<boolean> {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < gray.length; i += 1) data.fill(gray[i]!, 4 * i, 4 * i + 3).fill(255, 4 * i + 3, 4 * i + 4);
  const found = await readBarcodes({ data, width: size, height: size, colorSpace: 'srgb' } as ImageData, { formats: ['QRCode'], tryHarder: false });
  return found.some((barcode) => barcode.text === code);
}

export interface Readability {
  codes: number;
  pixelsPerModule: number[];
  /** Codes that decoder failed to read at one size or more. */
  unreadable: { zxingJs: number; zxingWasm: number };
}

/** Reads `count` random badge codes at each size with both decoders. */
export async function badgeReadability(count: number, pixelsPerModule = [4, 6]): Promise<Readability> {
  const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
  const unreadable = { zxingJs: 0, zxingWasm: 0 };
  for (let i = 0; i < count; i += 1) {
    const code = randomBadge();
    const pictures = pixelsPerModule.map((px) => picture(code, px));
    if (!pictures.every((p) => readsWithZXingJs(code, p))) unreadable.zxingJs += 1;
    let wasmReadsAll = true;
    for (const p of pictures) wasmReadsAll &&= await readsWithZXingWasm(code, p);
    if (!wasmReadsAll) unreadable.zxingWasm += 1;
  }
  return { codes: count, pixelsPerModule, unreadable };
}
