// Deep links: /piano/<planId>/area/<areaId>, served by the app shell (the service worker's navigation fallback offline).

export interface Route {
  planId?: string;
  areaId?: string;
}

const ROUTE = /^\/piano\/([^/]+)(?:\/area\/([^/]+))?\/?$/;

export function readRoute(pathname: string): Route {
  const match = ROUTE.exec(pathname);
  if (!match) return {};
  const route: Route = { planId: decodeURIComponent(match[1] as string) };
  if (match[2]) route.areaId = decodeURIComponent(match[2]);
  return route;
}

export function planPath(planId: string, areaId?: string): string {
  const plan = `/piano/${encodeURIComponent(planId)}`;
  return areaId ? `${plan}/area/${encodeURIComponent(areaId)}` : plan;
}
