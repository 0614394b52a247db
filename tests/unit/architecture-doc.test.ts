/**
 * ARCHITECTURE.md names files and folders; each one it names must exist, so the map cannot drift
 * from the tree unnoticed when a module moves.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

/** Paths written in backticks (`src/lib/x.ts`, `db/schema/`), leaving out patterns such as `<domain>` or `*`. */
function namedPaths(markdown: string): string[] {
  const quoted = [...markdown.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]);
  return quoted.filter((text) => /^(src|db|tests|scripts|bench|deploy|content)\//.test(text) && !/[<>*]|NN/.test(text));
}

test('every path ARCHITECTURE.md names exists', () => {
  const paths = namedPaths(readFileSync('ARCHITECTURE.md', 'utf8'));
  assert.ok(paths.length > 40, `only ${paths.length} paths found: the pattern no longer reads the file`);
  assert.deepEqual(
    paths.filter((path) => !existsSync(path)),
    [],
  );
});

test('a moved module is caught (control)', () => {
  const paths = namedPaths(
    'Grading is in `src/lib/assessment/grade.ts`, drawing in `src/lib/server/assessment/draw.ts`.',
  );
  assert.deepEqual(
    paths.filter((path) => !existsSync(path)),
    ['src/lib/server/assessment/draw.ts'],
  );
});
