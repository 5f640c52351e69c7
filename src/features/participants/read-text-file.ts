/** Thrown when a chosen file is not UTF-8 text (an old Excel "CSV" in Windows-1252). */
export class NotUtf8Error extends Error {
  constructor() {
    super('The file is not UTF-8');
    this.name = 'NotUtf8Error';
  }
}

/** Reads a file as UTF-8, with or without a BOM; refuses other encodings rather than garbling accents. */
export async function readUtf8(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new NotUtf8Error();
  }
}
