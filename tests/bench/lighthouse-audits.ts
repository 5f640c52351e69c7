import type { Result } from 'lighthouse';

/** An accessibility audit that did not pass, and the elements it named. */
export interface FailingAudit {
  id: string;
  title: string;
  /** How many runs it failed in. */
  runs: number;
  nodes: { selector: string; snippet: string; explanation: string }[];
}

interface NodeItem {
  node?: { selector?: string; snippet?: string; explanation?: string };
}

/** Accessibility audits with a score under 1 in `lhr`, with their elements. */
export function failingAccessibilityAudits(lhr: Result): FailingAudit[] {
  const category = lhr.categories.accessibility;
  if (!category) return [];
  const failing: FailingAudit[] = [];
  for (const ref of category.auditRefs) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.score === null || audit.score >= 1) continue;
    const details = audit.details as { items?: NodeItem[] } | undefined;
    const nodes = (details?.items ?? []).flatMap(({ node }) =>
      node ? [{ selector: node.selector ?? '', snippet: node.snippet ?? '', explanation: node.explanation ?? '' }] : [],
    );
    failing.push({ id: ref.id, title: audit.title, runs: 1, nodes });
  }
  return failing;
}

/** Merges the failing audits of several runs (by audit id, elements by selector). */
export function mergeFailing(perRun: FailingAudit[][]): FailingAudit[] {
  const byId = new Map<string, FailingAudit>();
  for (const run of perRun) {
    for (const audit of run) {
      const known = byId.get(audit.id);
      if (!known) {
        byId.set(audit.id, { ...audit, nodes: [...audit.nodes] });
        continue;
      }
      known.runs += 1;
      for (const node of audit.nodes) if (!known.nodes.some((n) => n.selector === node.selector)) known.nodes.push(node);
    }
  }
  return [...byId.values()];
}

/** URLs the page requested that are not on `origin` (there must be none: the network is closed). */
export function foreignRequests(lhr: Result, origin: string): string[] {
  const details = lhr.audits['network-requests']?.details as { items?: { url?: string }[] } | undefined;
  return (details?.items ?? [])
    .map((item) => item.url ?? '')
    .filter((url) => /^(https?|wss?):/.test(url) && new URL(url).origin !== origin);
}

const METRICS = [
  ['first-contentful-paint', 'FCP', 'ms'],
  ['largest-contentful-paint', 'LCP', 'ms'],
  ['speed-index', 'Speed Index', 'ms'],
  ['total-blocking-time', 'TBT', 'ms'],
  ['cumulative-layout-shift', 'CLS', ''],
] as const;

/** The performance metrics of one run, by label: [label, value, unit]. */
export function metrics(lhr: Result): [string, number, string][] {
  return METRICS.map(([id, label, unit]) => [label, lhr.audits[id]?.numericValue ?? Number.NaN, unit]);
}
