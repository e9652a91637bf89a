// Pure: which sync servers a build of Quadro may talk to — one list, written into the content-security policy at build time and checked before any request.

/**
 * Reads `QUADRO_SYNC_ORIGINS` (space- or comma-separated origins: `https://couch.agency.example`,
 * or for testing `http://localhost:5984`, `http://127.0.0.1:*`). Anything else throws: a wrong
 * entry must stop the build, not open the policy.
 */
export function parseSyncOrigins(text: string | undefined): string[] {
  const origins: string[] = [];
  for (const item of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const match = /^(https?):\/\/([a-z0-9.-]+|\[::1\])(?::(\d{1,5}|\*))?$/i.exec(item);
    if (!match) throw new Error(`QUADRO_SYNC_ORIGINS: "${item}" is not an origin (scheme://host[:port], no path)`);
    const [, scheme, host] = match;
    const local = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
    if (scheme!.toLowerCase() !== 'https' && !local) throw new Error(`QUADRO_SYNC_ORIGINS: "${item}" must use https (plain http only for localhost)`);
    origins.push(item.toLowerCase());
  }
  return origins;
}

/** The CSP source list for connect-src: the app itself and the allowed sync servers. */
export function connectSources(origins: readonly string[]): string {
  return ["'self'", ...origins].join(' ');
}

/** Whether an origin (`https://host[:port]`) is one the build allows (a `:*` entry allows any port of its host). */
export function isOriginAllowed(origin: string, allowed: readonly string[]): boolean {
  const wanted = origin.toLowerCase();
  return allowed.some((entry) => {
    if (entry === wanted) return true;
    if (!entry.endsWith(':*')) return false;
    const base = entry.slice(0, -2);
    return wanted === base || (wanted.startsWith(`${base}:`) && /^\d+$/.test(wanted.slice(base.length + 1)));
  });
}
