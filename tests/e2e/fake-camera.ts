import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';

/**
 * A video for Chromium's fake camera showing a badge's QR code (made at test time, never
 * committed). The code is 680 px in a 1280×720 frame, as a phone camera films a badge held up
 * to it: a signed badge is a dense QR (about 60 modules), and at 320 or 440 px in a 640×480
 * frame (5 to 7 px a module, blurred by yuv420p) html5-qrcode missed some codes for the whole
 * test. Chromium loops the file.
 */
export async function badgeVideo(code: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'etape-camera-'));
  const png = join(dir, 'badge.png');
  const video = join(dir, 'badge.y4m');
  await QRCode.toFile(png, code, { width: 600, margin: 2, errorCorrectionLevel: 'M' });
  execFileSync('ffmpeg', [
    '-loglevel', 'error', '-y', '-loop', '1', '-framerate', '15', '-i', png, '-t', '2',
    '-vf', `pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=white,zoompan=z='1.1+0.1*sin(2*PI*on/30)':d=1:s=1280x720:fps=15:x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2',format=yuv420p`,
    '-f', 'yuv4mpegpipe', video,
  ]);
  return video;
}
