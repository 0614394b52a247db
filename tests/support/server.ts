/**
 * Starts the real production server (scripts/serve.mjs, serving dist/ or the published build in
 * data/builds/) on a free loopback port for a test file, unless TEST_BASE_URL points at one
 * already running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface RunningServer {
  baseUrl: string;
  /** What the server wrote to its standard output so far (with ServerOptions.captureOutput). */
  output(): string;
  /** The server's process id (none for TEST_BASE_URL). */
  pid?: number;
  stop(): Promise<void>;
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilUp(baseUrl: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Máy chủ thử nghiệm đã dừng với mã ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Máy chủ thử nghiệm không trả lời sau ${timeoutMs} ms`);
}

export interface ServerOptions {
  /** The project folder to serve from (its dist/ and data/builds/); the repository by default. */
  cwd?: string;
  /** Keep the server's standard output (its JSON log lines) for output(). */
  captureOutput?: boolean;
}

/** Starts the built server with extra environment variables; call stop() when done. */
export async function startServer(
  env: Record<string, string> = {},
  options: ServerOptions = {},
): Promise<RunningServer> {
  if (process.env.TEST_BASE_URL && !options.cwd)
    return { baseUrl: process.env.TEST_BASE_URL, output: () => '', stop: async () => {} };
  const cwd = options.cwd ?? process.cwd();
  if (!existsSync(join(cwd, 'dist/server/entry.mjs')))
    throw new Error('Chưa có bản dựng: chạy `npm run build` trước (npm test tự làm việc này).');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(cwd, 'scripts/serve.mjs')], {
    cwd,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', options.captureOutput ? 'pipe' : 'ignore', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await waitUntilUp(baseUrl, child);
  return {
    baseUrl,
    pid: child.pid,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
