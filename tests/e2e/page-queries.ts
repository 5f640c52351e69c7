/**
 * Functions run in the page by any engine (engines.ts): each is self-contained, since it is sent
 * to the browser as source text. They find elements as a user names them: a button by its label,
 * a field by its label, a text on screen.
 */

/** A visible button or link whose accessible name (aria-label, else its text) is `name`, or starts with it when it ends in "…". */
export const button = (name: string): Element | null => {
  const prefix = name.endsWith('…') ? name.slice(0, -1) : null;
  const named = (element: Element) => (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
  return (
    Array.from(document.querySelectorAll('button, a, [role="button"], [role="radio"], [role="checkbox"], input[type="radio"], input[type="checkbox"]')).find((element) => {
      const text = named(element) || (element as HTMLInputElement).labels?.[0]?.textContent?.trim() || '';
      return (prefix === null ? text === name : text.startsWith(prefix)) && (element as HTMLElement).offsetParent !== null;
    }) ?? null
  );
};

/** The form control labelled `label` (a <label> or aria-label). */
export const field = (label: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null => {
  const byLabel = Array.from(document.querySelectorAll('label')).find((element) => element.textContent?.replace(/\s+/g, ' ').trim() === label);
  const control = byLabel?.control ?? document.querySelector(`[aria-label="${label.replaceAll('"', '\\"')}"]`);
  return (control as HTMLInputElement | null) ?? null;
};

/** The page's text as shown (hidden elements left out), spaces collapsed. */
export const screenText = (): string => (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim();

/** The text of the elements a CSS selector matches. */
export const texts = (selector: string): string[] =>
  Array.from(document.querySelectorAll(selector)).map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim());

/** Focuses the control labelled `label` and empties it, for the keyboard to fill. */
export const focusEmpty = (label: string): boolean => {
  const byLabel = Array.from(document.querySelectorAll('label')).find((element) => element.textContent?.replace(/\s+/g, ' ').trim() === label);
  const control = (byLabel?.control ?? document.querySelector(`[aria-label="${label.replaceAll('"', '\\"')}"]`)) as HTMLInputElement | null;
  if (!control) return false;
  control.focus();
  control.select?.();
  return document.activeElement === control;
};

/** Chooses an option of the select labelled `label` by the start of its text, as a user picks it. */
export const choose = ({ label, option }: { label: string; option: string }): string | null => {
  const byLabel = Array.from(document.querySelectorAll('label')).find((element) => element.textContent?.replace(/\s+/g, ' ').trim() === label);
  const select = (byLabel?.control ?? document.querySelector(`[aria-label="${label}"]`)) as HTMLSelectElement | null;
  const found = select && Array.from(select.options).find((element) => element.text.startsWith(option));
  if (!select || !found) return null;
  select.value = found.value;
  select.dispatchEvent(new Event('input', { bubbles: true }));
  select.dispatchEvent(new Event('change', { bubbles: true }));
  return found.value;
};

/** Whether a service worker controls the page. */
export const controlled = (): boolean => navigator.serviceWorker?.controller != null;

/** How many tracks of the streams filmed by filmBadge are still live (a camera paused or left releases its own). */
export const liveFilmedTracks = (): number =>
  ((window as unknown as { filmed?: MediaStream[] }).filmed ?? []).flatMap((stream) => stream.getTracks()).filter((track) => track.readyState === 'live').length;

/**
 * Where the browser's fake camera cannot film a chosen picture (Firefox's and WebKitGTK's show a
 * test pattern): the camera the page opens is the real one (permission and device as usual), its
 * frames then replaced by a canvas showing the badge (a PNG data URL) in a 1280×720 frame.
 */
export const filmBadge = (badgePng: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const image = new Image();
    image.onerror = () => reject(new Error('The badge picture did not load'));
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = 1280;
      canvas.height = 720;
      const context = canvas.getContext('2d')!;
      const draw = () => {
        context.fillStyle = '#fff';
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 340, 60, 600, 600);
      };
      draw();
      setInterval(draw, 66);
      const media = navigator.mediaDevices;
      const real = media.getUserMedia.bind(media);
      const filmed: MediaStream[] = [];
      (window as unknown as { filmed: MediaStream[] }).filmed = filmed;
      media.getUserMedia = async (constraints) => {
        const camera = await real(constraints);
        for (const track of camera.getTracks()) track.stop();
        const stream = canvas.captureStream(15);
        filmed.push(stream);
        return stream;
      };
      resolve();
    };
    image.src = badgePng;
  });
