import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let prepared = false;

/** The texts of the QR codes in a PNG or data-URL image, decoded in Node with zxing-wasm (tests only). */
export async function decodeQr(image: string | Uint8Array<ArrayBuffer>): Promise<string[]> {
  if (!prepared) {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) }, fireImmediately: true });
    prepared = true;
  }
  const bytes = typeof image === 'string' ? new Uint8Array(Buffer.from(image.slice(image.indexOf(',') + 1), 'base64')) : image;
  const found = await readBarcodes(new Blob([bytes], { type: 'image/png' }), { formats: ['QRCode'] });
  return found.map((barcode) => barcode.text);
}
