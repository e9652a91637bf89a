// Functions that run inside the page (sent as source text by the drivers): the probe and the accessible-name finder.

/** How the smoke names an element: by role and accessible name, by label, or by visible text. */
export interface Query {
  role?: string;
  /** The accessible name: exact text, or a regular expression's source (see `pattern`). */
  name?: string;
  label?: string;
  text?: string;
  /** Treat `name`/`label`/`text` as a regular expression. */
  pattern?: boolean;
  /** Look only inside the first element matching this query (a dialog, a section). */
  within?: Query;
  /** Accept elements that are not rendered (a file input hidden behind its label). */
  hidden?: boolean;
}

export interface ProbeReport {
  errors: string[];
  csp: string[];
  /** Files the app offered for download: name and bytes (base64), captured from the Blob it made. */
  downloads: { name: string; base64: string }[];
}

interface ProbeWindow {
  __quadroProbe?: ProbeReport & { installedAt: string };
}

/**
 * Installs, once per document, listeners for script errors, unhandled rejections and CSP
 * violations, and a capture of downloads: `URL.createObjectURL` remembers each Blob, and a click on
 * an `<a download>` whose address is such a Blob stores its bytes instead of starting the download
 * (a WebDriver-driven MiniBrowser has no download folder a test can read). The bytes are the very
 * Blob the app made, so BOM, separator and line ends are checked as they would be saved.
 */
export function installProbe(when: string): string {
  const w = window as unknown as ProbeWindow;
  if (w.__quadroProbe) return w.__quadroProbe.installedAt;
  const probe: ProbeReport & { installedAt: string } = { errors: [], csp: [], downloads: [], installedAt: when };
  w.__quadroProbe = probe;
  window.addEventListener('error', (event) => probe.errors.push(`${event.message} at ${event.filename}:${event.lineno}`));
  window.addEventListener('unhandledrejection', (event) => probe.errors.push(`unhandled rejection: ${String(event.reason)}`));
  document.addEventListener('securitypolicyviolation', (event) =>
    probe.csp.push(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`),
  );
  const blobs = new Map<string, Blob>();
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object: Blob | MediaSource) => {
    const url = createObjectURL(object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    const blob = this.download ? blobs.get(this.href) : undefined;
    if (!blob) return click.call(this);
    const name = this.download;
    const reader = new FileReader();
    reader.onload = () => probe.downloads.push({ name, base64: String(reader.result).replace(/^data:[^,]*,/, '') });
    reader.onerror = () => probe.errors.push(`could not read the download ${name}`);
    reader.readAsDataURL(blob);
  };
  return when;
}

/** What the probe collected since it was installed in this document (null when it is not installed). */
export function readProbe(): ProbeReport | null {
  const probe = (window as unknown as ProbeWindow).__quadroProbe;
  return probe ? { errors: [...probe.errors], csp: [...probe.csp], downloads: [...probe.downloads] } : null;
}

/** Returns the page errors and CSP violations collected so far and forgets them (so none is counted twice). */
export function takeProblems(): string[] {
  const probe = (window as unknown as ProbeWindow).__quadroProbe;
  if (!probe) return [];
  const problems = [...probe.errors.map((error) => `page error: ${error}`), ...probe.csp.map((violation) => `CSP violation: ${violation}`)];
  probe.errors.length = 0;
  probe.csp.length = 0;
  return problems;
}

/** Forgets the downloads captured so far (the next export is then the only one). */
export function clearDownloads(): void {
  const probe = (window as unknown as ProbeWindow).__quadroProbe;
  if (probe) probe.downloads.length = 0;
}

/**
 * Finds the first element matching `query` the way assistive technology names it (a simplified
 * accessible-name computation: aria-labelledby, aria-label, the label of a form control, the text,
 * the title), marks it with a `data-xe` attribute and returns a CSS selector for it, or null.
 */
export function findElement(query: Query, mark: string): string | null {
  const IMPLICIT_ROLES: Record<string, string> = {
    // A <button> with another role (menuitem, tab) is not a button to assistive technology, nor here.
    button: 'button:not([role]), input[type="button"], input[type="submit"], [role="button"]',
    tab: '[role="tab"]',
    textbox: 'input:not([type]), input[type="text"], input[type="search"], textarea, [role="textbox"]',
    checkbox: 'input[type="checkbox"], [role="checkbox"]',
    radio: 'input[type="radio"], [role="radio"]',
    combobox: 'select, [role="combobox"]',
    dialog: 'dialog[open], [role="dialog"]',
    menuitem: '[role="menuitem"]',
    status: '[role="status"], output',
    alert: '[role="alert"]',
    link: 'a[href], [role="link"]',
    region: 'section[aria-label], section[aria-labelledby], [role="region"]',
  };
  const clean = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();
  const visible = (element: Element): boolean => {
    if (element.getClientRects().length === 0) return false;
    return getComputedStyle(element).visibility !== 'hidden';
  };
  const labelOf = (element: Element): string => {
    const ids = element.getAttribute('aria-labelledby');
    if (ids) return clean(ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    const aria = element.getAttribute('aria-label');
    if (aria) return clean(aria);
    if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) {
      const labels = element.labels ? [...element.labels] : [];
      // A label's own words, without the text of the controls inside it (a select's options).
      const words = (label: HTMLLabelElement): string => {
        const copy = label.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('select, textarea, input').forEach((control) => control.remove());
        return copy.textContent ?? '';
      };
      if (labels.length > 0) return clean(labels.map(words).join(' '));
      return clean(element.getAttribute('placeholder') ?? element.getAttribute('title'));
    }
    return '';
  };
  const nameOf = (element: Element): string => {
    const label = labelOf(element);
    if (label) return label;
    if (element instanceof HTMLInputElement && ['button', 'submit'].includes(element.type)) return clean(element.value);
    return clean(element.textContent) || clean(element.getAttribute('title'));
  };
  const matches = (actual: string, expected: string, pattern: boolean | undefined): boolean =>
    pattern ? new RegExp(expected).test(actual) : actual === expected;
  const search = (q: Query, root: ParentNode): Element | null => {
    let scope: ParentNode = root;
    if (q.within) {
      const container = search(q.within, root);
      if (!container) return null;
      scope = container;
    }
    let candidates: Element[];
    if (q.role) candidates = [...scope.querySelectorAll(IMPLICIT_ROLES[q.role] ?? `[role="${q.role}"]`)];
    else if (q.label !== undefined) candidates = [...scope.querySelectorAll('input, textarea, select')];
    else candidates = [...(scope === document ? document.body : scope).querySelectorAll('*')];
    for (const element of candidates) {
      if (!q.hidden && !visible(element)) continue;
      // A disabled control is there but cannot be used yet: a user waits, and so does the smoke.
      if ((element as HTMLButtonElement).disabled || element.getAttribute('aria-disabled') === 'true') continue;
      if (q.role && q.name !== undefined && !matches(nameOf(element), q.name, q.pattern)) continue;
      if (q.label !== undefined && !matches(labelOf(element), q.label, q.pattern)) continue;
      if (q.text !== undefined) {
        // Without a role: the innermost element whose text matches, not every ancestor of it.
        const text = q.text;
        if (!matches(clean(element.textContent), text, q.pattern)) continue;
        if (!q.role && [...element.children].some((child) => matches(clean(child.textContent), text, q.pattern))) continue;
      }
      return element;
    }
    return null;
  };
  const found = search(query, document);
  if (!found) return null;
  found.setAttribute('data-xe', mark);
  return `[data-xe="${mark}"]`;
}
