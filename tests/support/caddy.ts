/**
 * Debian's Caddy running the shipped deploy/caddy/Caddyfile in front of app instances, for a test
 * or a bench: TLS on a free loopback port with a certificate for "localhost" from Caddy's internal
 * CA (trust `ca`), admin API off, and its state (CA, certificates) in a temporary HOME.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.ts';

export const CADDY = process.env.CADDY_PATH ?? '/usr/bin/caddy';
const CADDYFILE = join(import.meta.dirname, '../../deploy/caddy/Caddyfile');

export interface RunningCaddy {
  /** The HTTPS port it serves the site on. */
  port: number;
  /** https://localhost:<port>, the public origin (SITE_URL of the instances behind it). */
  origin: string;
  /** Caddy's local root certificate (PEM), to trust with node:https's `ca`. */
  ca: string;
  /** Caddy's process id (bench/rush.ts meters its CPU). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Fails with the way to install Caddy when it is missing (a test must not pass without it). */
export function requireCaddy(): void {
  if (!existsSync(CADDY)) {
    throw new Error(
      `Không thấy Caddy ở ${CADDY}: cần Caddy của Debian để chạy thử cấu hình triển khai. Cài bằng: sudo apt-get install caddy (npm test tự cài khi chạy bằng root).`,
    );
  }
}

/** A port for Caddy chosen before the instances start, since their SITE_URL names it. */
export const caddyPort = freePort;

/**
 * Starts Caddy on `port` in front of `upstreams` (host:port each); resolves once it answers health
 * checks. `appDir` is the instances' working folder (APP_DIR): Caddy serves the build's files from
 * its data/current-client.
 */
export async function startCaddy(port: number, upstreams: string[], appDir = process.cwd()): Promise<RunningCaddy> {
  requireCaddy();
  const home = mkdtempSync(join(tmpdir(), 'hls-caddy-'));
  const child = spawn(CADDY, ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      SITE_HOST: `localhost:${port}`,
      UPSTREAMS: upstreams.join(' '),
      APP_DIR: appDir,
      CADDY_ADMIN: 'off',
      CADDY_HTTP_PORT: String(await freePort()),
      CADDY_HTTPS_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(home, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });

  // Caddy makes its local CA and the certificate for localhost as it starts.
  const root = join(home, 'data/caddy/pki/authorities/local/root.crt');
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Caddy đã dừng với mã ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Caddy không trả lời sau 20 giây: ${output}`);
    }
    if (existsSync(root)) {
      const ca = readFileSync(root, 'utf8');
      const up = await new Promise<boolean>((resolve) => {
        const request = https.get(
          {
            host: '127.0.0.1',
            port,
            path: '/api/v1/health',
            ca,
            servername: 'localhost',
            headers: { host: `localhost:${port}` },
            agent: false,
          },
          (response) => {
            response.resume();
            resolve(response.statusCode === 200);
          },
        );
        request.on('error', () => resolve(false));
      });
      if (up) return { port, origin: `https://localhost:${port}`, ca, pid: child.pid!, output: () => output, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
