/**
 * The open-model load generator of bench:rush: each route has a fixed arrival rate, and its
 * requests leave on a timer schedule (evenly spaced; a late tick sends every request that fell
 * due meanwhile), whatever the answers do. Each request has a deadline: an answer later than it
 * is a "timeout" error (and is not acknowledged, even if it comes). Keep-alive connections from one large pool
 * (node:http or node:https Agent). One process, no dependencies; the routes prepare their
 * requests (bodies, headers) so that sending costs little.
 */
import http from 'node:http';
import https from 'node:https';

/** Where the load goes. */
export interface Target {
  host: string;
  port: number;
  /** Host header (Caddy routes by it). */
  hostHeader: string;
  /** TLS through Caddy: its root certificate and the name on its certificate. */
  tls?: { ca: string; servername: string };
}

/** One request as a route prepares it. */
export interface Outgoing {
  method: string;
  path: string;
  headers: http.OutgoingHttpHeaders;
  body?: string;
  /** What the route needs back in `answered` (an attempt, say). */
  tag?: unknown;
}

export interface Route {
  /** Line label in the table. */
  label: string;
  /** Requests per second at scale 1. */
  rate: number;
  /** The status a good answer has. */
  expect: number;
  /** The next request, or undefined when there is nothing to send (counted as skipped). */
  next(): Outgoing | undefined;
  /** Whether `answered` needs the body (JSON of a started attempt); other bodies are drained unread. */
  readBody?: boolean;
  /** Called once per request: status 0 when it failed without an answer. */
  answered?(request: Outgoing, status: number, body: string): void;
}

export type ErrorKind = string;

export interface ErrorRecord {
  route: number;
  kind: ErrorKind;
  /** performance.now() when sent and when it failed. */
  sentAt: number;
  endedAt: number;
}

export interface RouteFigures {
  label: string;
  sent: number;
  skipped: number;
  /** Latencies (ms) of every request, whatever its outcome: a timeout counts as the deadline. */
  latencies: number[];
  errors: Map<ErrorKind, number>;
  errorCount: number;
}

export interface PhaseFigures {
  seconds: number;
  routes: RouteFigures[];
  errors: ErrorRecord[];
  /** The generator's CPU time (user + system) over the phase, in seconds. */
  generatorCpuSeconds: number;
  /** How late the scheduling timer fired at worst, ms. */
  maxTimerLagMs: number;
}

/** The value at quantile q of sorted numbers (nearest rank). */
export const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

function errorKind(error: NodeJS.ErrnoException): ErrorKind {
  if (error.code === 'ECONNRESET' || error.message === 'socket hang up' || error.code === 'EPIPE') return 'reset';
  return error.code ?? error.name;
}

export class LoadGenerator {
  readonly routes: readonly Route[];
  readonly deadlineMs: number;
  /** Requests sent and not yet answered (nor given up at their deadline). */
  inFlight = 0;
  #target: Target;
  #agent: http.Agent;
  #request: typeof http.request;
  #figures: RouteFigures[] = [];
  #errors: ErrorRecord[] = [];

  constructor(target: Target, routes: readonly Route[], deadlineMs: number) {
    this.routes = routes;
    this.deadlineMs = deadlineMs;
    this.#target = target;
    const options = { keepAlive: true, maxSockets: 2048, maxFreeSockets: 2048, scheduling: 'fifo' as const };
    this.#agent = target.tls
      ? new https.Agent({ ...options, ca: target.tls.ca, servername: target.tls.servername })
      : new http.Agent(options);
    this.#request = target.tls ? https.request : http.request;
  }

  /** Sends request i of route r now. */
  #send(index: number): void {
    const route = this.routes[index];
    const figures = this.#figures[index];
    const outgoing = route.next();
    if (!outgoing) {
      figures.skipped++;
      return;
    }
    figures.sent++;
    this.inFlight++;
    const sentAt = performance.now();
    let finished = false;
    const finish = (status: number, body: string, kind?: ErrorKind) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      this.inFlight--;
      const endedAt = performance.now();
      // A timed-out request counts at its deadline, so that the percentiles show it.
      figures.latencies.push(endedAt - sentAt);
      const error = kind ?? (status === route.expect ? undefined : `HTTP ${status}`);
      if (error) {
        figures.errorCount++;
        figures.errors.set(error, (figures.errors.get(error) ?? 0) + 1);
        this.#errors.push({ route: index, kind: error, sentAt, endedAt });
      }
      route.answered?.(outgoing, status, body);
    };
    const request = this.#request(
      {
        agent: this.#agent,
        host: this.#target.host,
        port: this.#target.port,
        method: outgoing.method,
        path: outgoing.path,
        headers: { host: this.#target.hostHeader, ...outgoing.headers },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (route.readBody) {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => finish(status, Buffer.concat(chunks).toString('utf8')));
        } else {
          response.on('data', () => {});
          response.on('end', () => finish(status, ''));
        }
        response.on('error', (error) => finish(0, '', errorKind(error)));
      },
    );
    // Past the deadline the request counts as a timeout, but its connection is left to finish:
    // closing it would make every late answer cost a new connection (a TLS handshake behind
    // Caddy), and that churn, not the server, would then set the pace.
    const timer = setTimeout(() => finish(0, '', 'timeout'), this.deadlineMs);
    request.on('error', (error) => finish(0, '', errorKind(error)));
    request.end(outgoing.body);
  }

  /**
   * Runs every route at `scale` × its rate for `seconds`, then waits for the requests in flight
   * (at most one deadline). `atMs` runs callbacks at moments of the phase (a kill, say).
   */
  async run(scale: number, seconds: number, atMs: [number, () => void][] = []): Promise<PhaseFigures> {
    this.#figures = this.routes.map((route) => ({
      label: route.label,
      sent: 0,
      skipped: 0,
      latencies: [],
      errors: new Map(),
      errorCount: 0,
    }));
    this.#errors = [];
    const due = this.routes.map(() => 0);
    const rates = this.routes.map((route) => (route.rate * scale) / 1000);
    const pending = [...atMs].sort((a, b) => a[0] - b[0]);
    const durationMs = seconds * 1000;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let maxTimerLagMs = 0;
    await new Promise<void>((resolve) => {
      let expected = started;
      const tick = () => {
        const now = performance.now();
        maxTimerLagMs = Math.max(maxTimerLagMs, now - expected);
        const elapsed = Math.min(now - started, durationMs);
        while (pending.length > 0 && pending[0][0] <= elapsed) pending.shift()![1]();
        for (let index = 0; index < rates.length; index++) {
          // Evenly spaced arrivals, the first half an interval in; a late tick catches up.
          const target = Math.floor(elapsed * rates[index] + 0.5);
          while (due[index] < target) {
            due[index]++;
            this.#send(index);
          }
        }
        if (now - started >= durationMs) return resolve();
        expected = performance.now() + 1;
        setTimeout(tick, 1);
      };
      tick();
    });
    const sendingSeconds = (performance.now() - started) / 1000;
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const cpu = process.cpuUsage(cpuBefore);
    for (const figures of this.#figures) figures.latencies.sort((a, b) => a - b);
    return {
      seconds: sendingSeconds,
      routes: this.#figures,
      errors: this.#errors,
      generatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxTimerLagMs,
    };
  }

  close(): void {
    this.#agent.destroy();
  }
}
