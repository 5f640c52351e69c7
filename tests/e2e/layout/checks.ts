/** The screen sizes every route is checked at: two phones, a tablet both ways, a laptop. */
export const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 800, height: 1280 },
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
] as const;
export type Viewport = (typeof VIEWPORTS)[number];
export const isPhone = (viewport: Viewport) => viewport.width < 600;

export interface CheckOptions {
  /** Buttons and form controls must be at least 44 × 44 CSS px (a checkbox or radio with its label). */
  touch: boolean;
  /** Selectors whose every match must be wholly in view without scrolling. */
  inView: readonly string[];
}

/** Words that must never reach a French screen: internal names, English, unfilled placeholders, "(s)" plurals. */
export const FOREIGN_WORDS = [/Poster phone/, /tiers-lieux-lozere/, /\b(organizer|animator|kiosk)\b/i, /\(s\)/, /\bundefined\b|\bNaN\b|\{\w+[},]/];
/** And, on a participant's own phone, no sync jargon. */
export const SYNC_WORDS = [/synchro/i, /en attente/i, /Au suivant/];

/** The screen's words that match one of `patterns` (run in Node on the page's innerText). */
export function wordProblems(text: string, patterns: readonly RegExp[]): string[] {
  return patterns.flatMap((pattern) => {
    const found = pattern.exec(text);
    return found ? [`says "${text.slice(Math.max(0, found.index - 30), found.index + found[0].length + 30).replace(/\s+/g, ' ')}"`] : [];
  });
}

/**
 * Runs in the page (page.evaluate): what a person would see wrong on this screen, in words.
 * Self-contained: nothing from outside this function reaches the browser.
 */
export function layoutProblems({ touch, inView }: CheckOptions): string[] {
  const problems: string[] = [];
  const width = document.documentElement.clientWidth;
  const height = window.innerHeight;
  const describe = (element: Element) => {
    const text = (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
    return `<${element.tagName.toLowerCase()}${classes}> "${text}"`;
  };
  const hidden = (element: Element) => {
    if (element.closest('.visually-hidden, .photo-decoder, .skip-link, [hidden]')) return true;
    const rect = element.getBoundingClientRect();
    return rect.width === 0 || rect.height === 0 || getComputedStyle(element).visibility === 'hidden';
  };

  const inScrollArea = (element: Element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(parent).overflowX)) return true;
    }
    return false;
  };

  if (document.documentElement.scrollWidth > width) {
    const past = [...document.body.querySelectorAll('*')].filter((element) => !hidden(element) && element.getBoundingClientRect().right > width + 1);
    const outside = past.filter((element) => !inScrollArea(element));
    const culprits = (outside.length ? outside : past).filter((element, _, all) => !all.some((other) => other !== element && element.contains(other)));
    problems.push(`scrolls sideways (${document.documentElement.scrollWidth} px wide for ${width}): ${culprits.slice(0, 3).map(describe).join(', ')}`);
  }

  // Content drawn outside its box: a box whose content is wider or taller than itself and not a scroll area.
  const spilling = [...document.body.querySelectorAll<HTMLElement>('body *')].filter((element) => {
    // A text field scrolls its own value; the camera's view is scaled down on purpose (CameraPanel).
    if (!(element instanceof HTMLElement) || hidden(element) || element.closest('.camera, svg') || element.matches('input, textarea, select')) return false;
    const style = getComputedStyle(element);
    if (style.display === 'inline' || style.display === 'contents') return false;
    const wide = style.overflowX !== 'auto' && style.overflowX !== 'scroll' && element.scrollWidth > element.clientWidth + 1;
    const tall = style.overflowY === 'hidden' && element.scrollHeight > element.clientHeight + 1;
    return wide || tall;
  });
  for (const element of spilling.filter((element) => !spilling.some((other) => other !== element && element.contains(other)))) {
    problems.push(`drawn outside its box (content ${element.scrollWidth} × ${element.scrollHeight} px in ${element.clientWidth} × ${element.clientHeight}): ${describe(element)}`);
  }

  // SVG text (chart labels, the route map's towns) inside its drawing.
  for (const text of document.querySelectorAll('svg text')) {
    const svg = text.closest('svg')!;
    if (hidden(svg) || !text.textContent?.trim()) continue;
    const box = svg.getBoundingClientRect();
    const own = text.getBoundingClientRect();
    if (own.left < box.left - 1 || own.right > box.right + 1 || own.top < box.top - 1 || own.bottom > box.bottom + 1) {
      problems.push(`drawn outside its picture: ${describe(text)}`);
    }
  }

  if (touch) {
    const controls = document.querySelectorAll('button, input:not([type="hidden"]), select, textarea, a.button, [role="button"], .nav a, .views a');
    for (const control of controls) {
      if (hidden(control)) continue;
      const choice = control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio');
      const target = choice ? (control.closest('label') ?? (control.id ? document.querySelector(`label[for="${control.id}"]`) : null) ?? control) : control;
      const rect = target.getBoundingClientRect();
      if (rect.width < 44 - 0.5 || rect.height < 44 - 0.5) {
        problems.push(`target smaller than 44 × 44 px (${Math.round(rect.width)} × ${Math.round(rect.height)}): ${describe(control)}`);
      }
      // A button's words sit in its middle, not stuck to its top (a link styled as a button has no centring of its own).
      if (control.matches('.button') && control.textContent?.trim()) {
        const range = document.createRange();
        range.selectNodeContents(control);
        const words = range.getBoundingClientRect();
        const [above, below] = [words.top - rect.top, rect.bottom - words.bottom];
        if (Math.abs(above - below) > 3) problems.push(`words not in the middle of their button (${Math.round(above)} px above, ${Math.round(below)} px below): ${describe(control)}`);
      }
    }
  }

  for (const selector of inView) {
    const found = [...document.querySelectorAll(selector)];
    if (found.length === 0) problems.push(`nothing matches ${selector}`);
    for (const element of found) {
      const rect = element.getBoundingClientRect();
      if (rect.top < -0.5 || rect.left < -0.5 || rect.bottom > height + 0.5 || rect.right > width + 0.5) {
        problems.push(`not in view without scrolling (${Math.round(rect.top)}–${Math.round(rect.bottom)} of ${height} px): ${describe(element)}`);
      }
    }
  }
  return problems;
}
