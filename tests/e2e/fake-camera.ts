import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';

/**
 * A video for Chromium's fake camera showing a badge's QR code (made at test time, never
 * committed: a few MB). The code is 320 px in a 640×480 frame, a size html5-qrcode decodes
 * (see shared/TOOLCHAIN.md); Chromium loops the file.
 */
export async function badgeVideo(code: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'etape-camera-'));
  const png = join(dir, 'badge.png');
  const video = join(dir, 'badge.y4m');
  await QRCode.toFile(png, code, { width: 320, margin: 2, errorCorrectionLevel: 'M' });
  execFileSync('ffmpeg', [
    '-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '2', '-r', '15',
    '-vf', 'scale=320:320,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white,format=yuv420p',
    '-f', 'yuv4mpegpipe', video,
  ]);
  return video;
}
