/** Reading the Prometheus text pages the metrics listener serves (src/lib/server/observability/metrics.ts). */

/** The value of a sample in a Prometheus text page, by metric name and labels (0 when absent). */
export function sample(page: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of page.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[3] ?? '';
    if (wanted.every((label) => have.split(/,(?=[a-zA-Z_]+=")/).includes(label))) return Number(match[4]);
  }
  return 0;
}
