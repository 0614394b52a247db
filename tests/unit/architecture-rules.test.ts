/**
 * The layer and cycle check of `npm run lint` (scripts/lint/architecture.mjs, ESLint for .astro)
 * catches each kind of violation planted in a small tree, and lets the allowed arrows pass.
 * The real tree is checked by `npm run lint` itself, first in `npm test`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { ESLint } from 'eslint';
import { checkArchitecture } from '../../scripts/lint/architecture.mjs';

const root = mkdtempSync(join(tmpdir(), 'hls-architecture-'));
after(() => rmSync(root, { recursive: true, force: true }));

function plant(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

plant({
  'tsconfig.json': '{ "compilerOptions": { "allowImportingTsExtensions": true, "noEmit": true } }',
  'db/schema/users.ts': 'export const users = 1;\n',
  // Allowed: server → db, server → pure rule, page → server.
  'src/lib/grading/score.ts': 'export const score = 1;\n',
  'src/lib/server/store/save.ts':
    "import { users } from '../../../../db/schema/users.ts';\nimport { score } from '../../grading/score.ts';\nexport const save = users + score;\n",
  'src/pages/allowed.ts': "import { save } from '../lib/server/store/save.ts';\nexport const page = save;\n",
  // Planted: a page reads the database itself.
  'src/pages/planted.ts': "import { users } from '../../db/schema/users.ts';\nexport const page = users;\n",
  // Planted: a pure rule reaches server code.
  'src/lib/grading/impure.ts': "import { mail } from '../server/mail/send.ts';\nexport const impure = mail;\n",
  'src/lib/server/mail/send.ts': 'export const mail = 1;\n',
  // Planted: two files import each other.
  'src/lib/server/loop/left.ts': "import { right } from './right.ts';\nexport const left = () => right;\n",
  'src/lib/server/loop/right.ts': "import { left } from './left.ts';\nexport const right = () => left;\n",
  // Planted: two domains depend on each other through different files (no file cycle).
  'src/lib/server/alpha/one.ts': "import { two } from '../beta/two.ts';\nexport const one = two;\n",
  'src/lib/server/alpha/base.ts': 'export const base = 1;\n',
  'src/lib/server/beta/two.ts': 'export const two = 2;\n',
  'src/lib/server/beta/three.ts': "import { base } from '../alpha/base.ts';\nexport const three = base;\n",
});

test('the dependency check reports each planted violation and nothing else', async () => {
  const { problems } = await checkArchitecture({ roots: ['src', 'db'], baseDir: root });
  const found = problems.map(({ rule, text }: { rule: string; text: string }) => `${rule}: ${text}`).sort();
  assert.deepEqual(found, [
    'domain-cycle: src/lib/server/alpha ⇄ src/lib/server/beta',
    'no-cycle: src/lib/server/loop/left.ts → src/lib/server/loop/right.ts → src/lib/server/loop/left.ts',
    'pure-rules-stay-pure: src/lib/grading/impure.ts → src/lib/server/mail/send.ts',
    'ui-not-to-db: src/pages/planted.ts → db/schema/users.ts',
  ]);
});

test('ESLint refuses a database import in an Astro page and a server import in a pure rule', async () => {
  const eslint = new ESLint();
  const lint = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath })).flatMap((result) => result.messages.map((message) => message.ruleId));
  const astroPage =
    "---\nimport { users } from '../../db/schema/index.ts';\nconst count = users;\n---\n<p>{count}</p>\n";
  assert.deepEqual(await lint('src/pages/planted.astro', astroPage), ['@typescript-eslint/no-restricted-imports']);
  const pureRule = "import { getDb } from '../server/db.ts';\nexport const db = getDb;\n";
  assert.deepEqual(await lint('src/lib/planted/rule.ts', pureRule), ['@typescript-eslint/no-restricted-imports']);
  // Controls: the same imports where the layers allow them.
  assert.deepEqual(await lint('src/lib/server/planted.ts', pureRule.replace('../server/', './')), []);
  assert.deepEqual(
    await lint('src/pages/allowed.astro', astroPage.replace('../../db/schema/index.ts', '../lib/server/db.ts')),
    [],
  );
  // A pure rule takes the environment as a parameter; server code may read it.
  const envRead = 'export const site = () => process.env.SITE_URL;\n';
  assert.deepEqual(await lint('src/lib/planted/site.ts', envRead), ['no-restricted-properties']);
  assert.deepEqual(await lint('src/lib/server/planted-site.ts', envRead), []);
});
