// `npm test`: every test. Builds the site as it ships, runs every bench once at a tiny size
// (bench/smoke.ts: each must end well and print its figures), then the unit tests and the
// end-to-end tests (real server, real Chromium) with Node's test runner.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import './check-node.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The end-to-end tests drive Debian's Chromium, tests/integration/caddy.test.ts Debian's Caddy;
// on a fresh machine of this kind we are root with apt.
const missing = [
  { bin: CHROMIUM, pkg: 'chromium', name: 'Chromium', hint: ' (hoặc đặt CHROMIUM_PATH)' },
  { bin: '/usr/bin/caddy', pkg: 'caddy', name: 'Caddy', hint: '' },
].filter(({ bin }) => !existsSync(bin));
if (missing.length > 0) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log(
      `Chưa có ${missing.map(({ name }) => name).join(', ')}: đang cài gói ${missing.map(({ pkg }) => pkg).join(' ')} của Debian…`,
    );
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing.map(({ pkg }) => pkg)], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    for (const { bin, pkg, name, hint } of missing)
      console.error(`Không thấy ${name} ở ${bin}. Cài bằng: sudo apt-get install ${pkg}${hint}.`);
    process.exit(1);
  }
}

// Format, lint, the layer rule and type errors fail the suite before anything is built.
execFileSync(process.execPath, ['scripts/lint/run.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'check'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
// About 1.5 minutes on 2 cores. A failure is reported at the end, after the tests have run too.
const benches = spawnSync(process.execPath, ['bench/smoke.ts'], { stdio: 'inherit' });
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    'tests/unit/**/*.test.ts',
    'tests/integration/**/*.test.ts',
    'tests/e2e/**/*.test.ts',
  ],
  { stdio: 'inherit' },
);
if (benches.status !== 0) console.error('Chạy thử các bench (bench/smoke.ts) không đạt: xem các dòng ✖ phía trên.');
process.exit(result.status === 0 && benches.status === 0 ? 0 : result.status || 1);
