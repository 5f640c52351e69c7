import QRCode from 'qrcode';

/** A QR code drawn with block characters, to scan a link off a terminal (only server module importing qrcode). */
export async function terminalQr(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
