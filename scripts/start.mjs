// `npm start`: builds if the build is missing or older than the sources, migrates and seeds the
// database (DATABASE_URL, default file:data/hoc-lieu-so.db), then serves the site on
// http://$HOST:$PORT (default 127.0.0.1:4321) with scripts/serve.mjs, which also switches to
// courses published from the browser (data/builds/) without a restart. On a new database the seed
// also writes the demo province's year of learning history (db/seed/demo-history.ts; DEMO_HISTORY=0
// leaves it out). Prints how long it took until the site answered.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import './check-node.mjs';

const started = performance.now();

const SOURCES = ['src', 'content', 'public', 'db', 'astro.config.mjs', 'package-lock.json'];
const BUILD_MARK = 'dist/server/entry.mjs';

/** Newest modification time under a path, in ms. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} kết thúc với mã ${code}`)),
    );
  });
}

/** When the published build current.json names was built (0 when there is none). */
function publishedAt() {
  try {
    const { id } = JSON.parse(readFileSync('data/builds/current.json', 'utf8'));
    const entry = join('data/builds', String(id), 'server/entry.mjs');
    return existsSync(entry) ? statSync(entry).mtimeMs : 0;
  } catch {
    return 0;
  }
}

// A publication writes its course into content/ and then builds: that build is the one served.
const builtAt = Math.max(existsSync(BUILD_MARK) ? statSync(BUILD_MARK).mtimeMs : 0, publishedAt());
if (builtAt < Math.max(...SOURCES.map(newest))) {
  console.log('Đang dựng trang (build)…');
  await run(['scripts/build.mjs']);
}

// Applies committed migrations, then creates the demo province if the database is empty.
await run(['db/seed.ts']);

process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '4321';
// One serving process unless WORKERS asks for more (scripts/serve-workers.mjs): on the 2-core
// reference machine one process held more than two (README, "Dùng mọi nhân").
console.log(`Học Liệu Số đang chạy tại http://${process.env.HOST}:${process.env.PORT}/ (Ctrl+C để dừng)`);
const server = spawn(process.execPath, ['scripts/serve.mjs'], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

// Says when the site first answers: the start-up time an operator (or a demo visitor) waits.
const health = `http://${process.env.HOST.includes(':') ? `[${process.env.HOST}]` : process.env.HOST}:${process.env.PORT}/api/v1/health`;
for (let tries = 0; tries < 600 && server.exitCode === null; tries++) {
  const up = await fetch(health).then(
    (response) => response.ok,
    () => false,
  );
  if (up) {
    console.log(`Sẵn sàng sau ${((performance.now() - started) / 1000).toFixed(1)} giây.`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
