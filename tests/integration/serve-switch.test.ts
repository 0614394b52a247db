/**
 * scripts/serve.mjs switches the live site to a published build without a restart, only to a
 * complete build, and without failing a request. Runs in a copy of the project (with its dist/)
 * so data/builds/ of the repository is never touched. Each "published build" here is a copy of
 * dist/ whose home page carries a marker.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { onRetire } from '../../src/lib/server/build-lifecycle.ts';
import { join } from 'node:path';
import { createTestDatabase } from '../support/database.ts';
import { copyProject, type ProjectCopy } from '../support/project-copy.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let project: ProjectCopy;
let server: RunningServer;
let databaseUrl: string;

const buildsDir = () => join(project.root, 'data/builds');

/** Puts a visible marker into a build's prerendered home page. */
function mark(clientDir: string, marker: string): void {
  const file = join(clientDir, 'index.html');
  const html = readFileSync(file, 'utf8').replace(/<p id="build-marker">[^<]*<\/p>/, '');
  assert.ok(html.includes('</body>'), 'the home page is prerendered HTML');
  writeFileSync(file, html.replace('</body>', `<p id="build-marker">${marker}</p></body>`));
}

/**
 * "Publishes" a copy of dist/ as data/builds/<id> with a marker, without pointing at it yet. Like
 * the real pipeline, it prepares the folder under another name and renames it into place whole.
 */
function makeBuild(id: string): void {
  const staging = join(buildsDir(), `.staging-${id}`);
  cpSync(join(project.root, 'dist'), staging, { recursive: true });
  mark(join(staging, 'client'), `marker-${id}`);
  renameSync(staging, join(buildsDir(), id));
}

function pointAt(id: string): void {
  mkdirSync(buildsDir(), { recursive: true });
  writeFileSync(join(buildsDir(), 'current.json'), JSON.stringify({ id, at: new Date().toISOString() }));
}

async function homeMarker(): Promise<string | undefined> {
  const response = await fetch(`${server.baseUrl}/`);
  assert.equal(response.status, 200);
  return /<p id="build-marker">([^<]*)<\/p>/.exec(await response.text())?.[1];
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  project = copyProject();
  mark(join(project.root, 'dist/client'), 'marker-dist');
  databaseUrl = await createTestDatabase();
  server = await startServer({ DATABASE_URL: databaseUrl }, { cwd: project.root });
});
after(async () => {
  await server?.stop();
  project?.cleanup();
});

describe('serving published builds (scripts/serve.mjs)', () => {
  test('serves dist/ when nothing has been published', async () => {
    assert.equal(await homeMarker(), 'marker-dist');
    assert.equal((await fetch(`${server.baseUrl}/api/v1/health`)).status, 200);
  });

  test('keeps the live site when current.json names a build that does not exist', async () => {
    pointAt('ban-cho');
    await sleep(5_000); // two polls and more
    assert.equal(await homeMarker(), 'marker-dist');
  });

  test('switches to a named build as soon as its folder is complete', async () => {
    mkdirSync(buildsDir(), { recursive: true });
    makeBuild('ban-cho');
    await waitFor(
      'the awaited build',
      async () => ((await homeMarker()) === 'marker-ban-cho' ? true : undefined),
      10_000,
    );
  });

  test('keeps the live site when the published build fails to load', async () => {
    makeBuild('hong');
    writeFileSync(join(buildsDir(), 'hong/server/entry.mjs'), "throw new Error('bản dựng hỏng');\n");
    const before = await homeMarker();
    pointAt('hong');
    await sleep(5_000);
    assert.equal(await homeMarker(), before);
    assert.equal((await fetch(`${server.baseUrl}/dang-nhap/`)).status, 200, 'server-rendered pages still answer');
  });

  test('switches to a newly published build within a few seconds of current.json changing', async () => {
    makeBuild('ban-1');
    const started = Date.now();
    pointAt('ban-1');
    await waitFor('the new build', async () => ((await homeMarker()) === 'marker-ban-1' ? true : undefined), 10_000);
    const tookMs = Date.now() - started;
    // Polled every 2 s, loaded in well under a second.
    console.log(`# switched to ban-1 in ${tookMs} ms`);
    assert.ok(tookMs < 10_000);
    assert.equal(
      (await fetch(`${server.baseUrl}/dang-nhap/`)).status,
      200,
      'server-rendered pages answer from the new build',
    );
  });

  test('answers every request while switching builds', async () => {
    makeBuild('ban-2');
    const paths = ['/', '/api/v1/health', '/dang-nhap/', '/khoa-hoc/'];
    const failures: string[] = [];
    const seen = new Set<string>();
    let requests = 0;
    let switchedAt = 0;
    let running = true;
    const worker = async (offset: number) => {
      for (let i = offset; running; i++) {
        const path = paths[i % paths.length];
        try {
          const response = await fetch(`${server.baseUrl}${path}`);
          const body = await response.text();
          requests++;
          if (response.status !== 200) failures.push(`${path}: HTTP ${response.status}`);
          if (path === '/') {
            const marker = /<p id="build-marker">([^<]*)<\/p>/.exec(body)?.[1] ?? 'none';
            seen.add(marker);
            if (marker === 'marker-ban-2' && !switchedAt) switchedAt = Date.now();
          }
        } catch (error) {
          failures.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await sleep(500);
    pointAt('ban-2');
    await waitFor('the switch', () => (switchedAt ? true : undefined), 10_000).catch(() => undefined);
    await sleep(1_000); // and a while on the new build
    running = false;
    await Promise.all(workers);
    console.log(
      `# ${requests} requests across the switch, ${failures.length} failed, markers seen: ${[...seen].join(', ')}`,
    );

    assert.deepEqual(failures, []);
    assert.ok(seen.has('marker-ban-1') && seen.has('marker-ban-2'), `served both builds (saw ${[...seen].join(', ')})`);
  });

  test('keeps only the current and the previous build after a switch', async () => {
    const left = await waitFor(
      'old builds to be deleted',
      () => {
        const names = readdirSync(buildsDir())
          .filter((name) => name !== 'current.json')
          .sort();
        return names.join(',') === 'ban-1,ban-2' ? names : undefined;
      },
      5_000,
    );
    assert.deepEqual(left, ['ban-1', 'ban-2']);
    assert.ok(existsSync(join(project.root, 'dist/server/entry.mjs')), 'dist/ itself is never deleted');
  });

  test('starts on the published build when it is newer than dist/', async () => {
    const other = await startServer({ DATABASE_URL: databaseUrl }, { cwd: project.root });
    try {
      const html = await (await fetch(`${other.baseUrl}/`)).text();
      assert.match(html, /<p id="build-marker">marker-ban-2<\/p>/);
    } finally {
      await other.stop();
    }
  });

  test('starts on dist/ when a fresh build of dist/ is newer than the published build', async () => {
    const later = new Date(Date.now() + 1_000);
    utimesSync(join(project.root, 'dist/server/entry.mjs'), later, later);
    const other = await startServer({ DATABASE_URL: databaseUrl }, { cwd: project.root });
    try {
      const html = await (await fetch(`${other.baseUrl}/`)).text();
      assert.match(html, /<p id="build-marker">marker-dist<\/p>/);
    } finally {
      await other.stop();
    }
  });
});

describe('the switch hook (what the publishing pipeline calls inside the server)', () => {
  /** Loaded into the server with --import: on SIGUSR2 it calls the hook with the id in switch-request.txt. */
  const PROBE = `import { readFileSync, writeFileSync } from 'node:fs';
process.on('SIGUSR2', async () => {
  const hook = globalThis[Symbol.for('hoc-lieu-so.switch-build')];
  const result = await hook(readFileSync('switch-request.txt', 'utf8').trim());
  writeFileSync('switch-result.json', JSON.stringify(result));
});
`;

  test('switches at once when called, without waiting for a poll, and reports a failed load without throwing', async () => {
    const root = project.root;
    writeFileSync(join(root, 'switch-probe.mjs'), PROBE);
    const other = await startServer(
      {
        DATABASE_URL: databaseUrl,
        BUILD_POLL_MS: '600000',
        NODE_OPTIONS: `--import=${join(root, 'switch-probe.mjs')}`,
      },
      { cwd: root },
    );
    const pid = other.pid;
    assert.ok(pid);
    const call = async (id: string) => {
      rmSync(join(root, 'switch-result.json'), { force: true });
      writeFileSync(join(root, 'switch-request.txt'), id);
      process.kill(pid, 'SIGUSR2');
      return waitFor(
        'the hook',
        () =>
          existsSync(join(root, 'switch-result.json'))
            ? JSON.parse(readFileSync(join(root, 'switch-result.json'), 'utf8'))
            : undefined,
        10_000,
      );
    };
    try {
      const marker = async () =>
        /<p id="build-marker">([^<]*)<\/p>/.exec(await (await fetch(`${other.baseUrl}/`)).text())?.[1];
      const before = await marker();
      makeBuild('ban-3');
      const result = await call('ban-3');
      assert.deepEqual(result, { switched: true, buildId: 'ban-3' });
      assert.equal(await marker(), 'marker-ban-3', `switched from ${before} as soon as the hook resolved`);

      makeBuild('ban-hong-2');
      writeFileSync(join(buildsDir(), 'ban-hong-2/server/entry.mjs'), "throw new Error('bản dựng hỏng');\n");
      const failed = await call('ban-hong-2');
      assert.equal(failed.switched, false);
      assert.match(failed.error, /bản dựng hỏng/);
      assert.equal(await marker(), 'marker-ban-3');
    } finally {
      await other.stop();
    }
  });
});

describe('retiring a build (src/lib/server/build-lifecycle.ts)', () => {
  test('registers a stop function in the hook array in place when it is called', () => {
    const key = Symbol.for('hoc-lieu-so.retire-hooks');
    const holder = globalThis as { [key]?: Array<() => void> };
    const saved = holder[key];
    try {
      const first: Array<() => void> = [];
      holder[key] = first;
      const stopFirst = () => {};
      onRetire(stopFirst);
      const second: Array<() => void> = [];
      holder[key] = second; // as serve.mjs does before importing the next build
      const stopSecond = () => {};
      onRetire(stopSecond);
      assert.deepEqual(first, [stopFirst]);
      assert.deepEqual(second, [stopSecond]);
      delete holder[key];
      onRetire(stopFirst);
      assert.deepEqual(holder[key], [stopFirst], 'creates the array when missing');
    } finally {
      holder[key] = saved;
    }
  });
});
