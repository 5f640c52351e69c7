import QRCode from 'qrcode';

/** A QR code as a PNG data URL, for an <img> (only browser module that imports qrcode). */
export function qrDataUrl(text: string, size = 280): Promise<string> {
  return QRCode.toDataURL(text, { width: size, margin: 2, errorCorrectionLevel: 'M' });
}
