// axe-core in the end-to-end tests, injected without touching the page's Content-Security-Policy.
//
// The app's CSP (a meta tag, `script-src 'self'`) refuses inline scripts, so `page.addScriptTag({ content })`
// would be blocked. `page.evaluate(source)` is not a script element: Playwright sends the source over the
// DevTools protocol (Runtime.evaluate), which runs it in the page's context without the page's CSP being
// asked. Nothing about the build, the served headers or the meta tag changes, so what users get is
// exactly what is tested — the CSP is not relaxed, not even in the test's browser context.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** What the audit asks: WCAG 2.0 and 2.1 at levels A and AA (EN 301 549's web clauses), and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/**
 * A violation that cannot be fixed in Quadro, by exact rule and CSS selector; each one is listed,
 * with its reason, in docs/ACCESSIBILITY.md (a test checks that the two lists agree).
 */
export interface KnownException {
  rule: string;
  selector: string;
  /**
   * axe's failure summary for the node, as a regular expression matched against all of it: anything
   * else wrong with the same node still fails.
   */
  failure: string;
  reason: string;
}

export const KNOWN_EXCEPTIONS: readonly KnownException[] = [
  {
    rule: 'aria-required-children',
    selector: '.ht-wrapper.handsontable[role="treegrid"]',
    // Before the first selection Handsontable has not created its editor yet: axe words it differently then.
    failure: String.raw`^Fix any of the following:\n  Element has (children which are not allowed: \[role=presentation\]\[tabindex\](, textarea\[aria-label\])?|presentational children which cannot be ignored because of \[tabindex\])$`,
    reason:
      'Inside Handsontable: its treegrid element also holds its scroll container (made focusable with tabindex="-1" so browsers do not put it in the Tab order) and the textarea of its in-cell editor, which Quadro names. Every row, header and cell is exposed as a row, columnheader, rowheader and gridcell.',
  },
];

export interface AxeViolation {
  rule: string;
  impact: string | null;
  /** The failing elements, each as axe's selector, the start of its HTML and axe's summary of what fails. */
  nodes: { target: string; html: string; failure: string }[];
}

/** Runs axe on the whole page as it is now; violations matching a known exception are left out. */
export async function auditPage(page: Page, exceptions: readonly KnownException[] = KNOWN_EXCEPTIONS): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    async ({ tags, exceptions }) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: [...tags] }, resultTypes: ['violations'] });
      const excused = (rule: string, target: string, failure: string): boolean => {
        let element: Element | null = null;
        try {
          element = document.querySelector(target);
        } catch {
          return false;
        }
        return element !== null && exceptions.some((e) => e.rule === rule && element.matches(e.selector) && new RegExp(e.failure).test(failure));
      };
      return result.violations
        .map((violation) => ({
          rule: violation.id,
          impact: violation.impact ?? null,
          nodes: violation.nodes
            .filter((node) => !excused(violation.id, node.target.map(String).join(' '), node.failureSummary ?? ''))
            .map((node) => ({ target: node.target.map(String).join(' '), html: node.html.slice(0, 160), failure: node.failureSummary ?? '' })),
        }))
        .filter((violation) => violation.nodes.length > 0);
    },
    { tags: AXE_TAGS, exceptions: exceptions.map(({ rule, selector, failure }) => ({ rule, selector, failure })) },
  );
}

/** "rule ×n" per rule, for a failure message and the figures of the report. */
export function summarise(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.rule} (${v.impact}) ×${v.nodes.length}: ${v.nodes.map((n) => `${n.target} — ${n.failure}`).join(', ')}`).join('\n');
}
