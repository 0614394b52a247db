/** The publication build runs author content: its environment holds no secret of the server. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEnvironment } from '../../src/lib/server/publishing/runner.ts';

const SERVER_ENV = {
  PATH: '/usr/bin:/bin',
  TZ: 'Asia/Ho_Chi_Minh',
  SITE_URL: 'https://hoclieuso.example.vn',
  HOME: '/root',
  DATABASE_URL: 'libsql://db.example.vn',
  DATABASE_AUTH_TOKEN: 'bi-mat-co-so-du-lieu',
  XAPI_ENDPOINT: 'https://lrs.example.vn/xapi/',
  XAPI_PASSWORD: 'bi-mat-lrs',
  NPM_TOKEN: 'bi-mat-npm',
};

describe('buildEnvironment', () => {
  test('keeps what the build needs and nothing else', () => {
    const env = buildEnvironment('/srv/hoc-lieu-so/data/publish/workspace', SERVER_ENV);

    assert.deepEqual(env, {
      HOME: '/srv/hoc-lieu-so/data/publish/workspace',
      ASTRO_TELEMETRY_DISABLED: '1',
      FORCE_COLOR: '0',
      PATH: '/usr/bin:/bin',
      TZ: 'Asia/Ho_Chi_Minh',
      SITE_URL: 'https://hoclieuso.example.vn',
    });
  });

  test('no value of a secret appears anywhere in it (the control: they are all in the server environment)', () => {
    const text = JSON.stringify(buildEnvironment('/w', SERVER_ENV));

    for (const secret of ['bi-mat-co-so-du-lieu', 'bi-mat-lrs', 'bi-mat-npm', 'libsql://db.example.vn']) {
      assert.ok(JSON.stringify(SERVER_ENV).includes(secret));
      assert.ok(!text.includes(secret), secret);
    }
  });
});
