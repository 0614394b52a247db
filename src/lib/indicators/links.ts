/** Addresses of the indicator pages, for links from any page or component. Pure. */

/** The dashboard URL of a unit and period. */
export function dashboardHref(unitCode: string, periodKey: string, path = '/quan-tri/chi-tieu/'): string {
  return `${path}?don-vi=${encodeURIComponent(unitCode)}&ky=${encodeURIComponent(periodKey)}`;
}
