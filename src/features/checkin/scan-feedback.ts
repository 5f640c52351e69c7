/** The three answers of the door, each with its own sound and vibration. */
export type Tone = 'green' | 'amber' | 'red';

const BEEPS: Record<Tone, { pitch: number; beeps: number; ms: number }> = {
  green: { pitch: 1_320, beeps: 1, ms: 120 },
  amber: { pitch: 660, beeps: 2, ms: 90 },
  red: { pitch: 220, beeps: 1, ms: 350 },
};
const VIBRATIONS: Record<Tone, number[]> = { green: [80], amber: [60, 60, 60], red: [250, 100, 250] };

let audio: AudioContext | undefined;

/**
 * Prepares the sound on a user gesture (browsers start audio only after one). Asked again only while
 * it is not running, and only inside a gesture the browser counts (`navigator.userActivation`, where
 * the browser has it): a resume outside one is refused anyway, and asking costs a few ms a scan on a
 * slow phone, before the scan's answer (a wedge scanner's keys are gestures; a synthetic event is not).
 */
export function unlockSound(): void {
  if (audio?.state === 'running') return;
  if (navigator.userActivation && !navigator.userActivation.isActive) return;
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = undefined; // No WebAudio: the colour and the text still answer.
  }
}

/** A short beep (a different pitch per outcome) and a vibration where the device has them. Never throws. */
export function signal(tone: Tone): void {
  try {
    navigator.vibrate?.(VIBRATIONS[tone]);
  } catch {
    // Vibration refused (no user gesture yet, or a desktop): ignored.
  }
  if (!audio || audio.state !== 'running') return;
  const { pitch, beeps, ms } = BEEPS[tone];
  for (let i = 0; i < beeps; i += 1) {
    const start = audio.currentTime + (i * ms * 1.6) / 1_000;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = pitch;
    oscillator.type = tone === 'red' ? 'square' : 'sine';
    gain.gain.setValueAtTime(0.2, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + ms / 1_000);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + ms / 1_000);
  }
}
