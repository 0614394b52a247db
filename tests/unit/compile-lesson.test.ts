/** The draft preview's compiler evaluates nothing an author wrote (src/lib/server/preview/compile-lesson.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLessonBody } from '../../src/lib/server/preview/compile-lesson.ts';

describe('compileLessonBody', () => {
  test('compiles a Markdown body with components (the control: compiling works at all)', async () => {
    const compiled = await compileLessonBody('# Tiêu đề\n\nĐoạn **đậm**.\n\n<Callout kind="meo">Chữ.</Callout>\n');

    assert.equal(compiled.ok, true);
  });

  test('refuses, before compiling, a body whose expression would run on the server', async () => {
    let ran = false;
    (globalThis as Record<string, unknown>).__hocLieuSoProbe = () => (ran = true);
    try {
      const compiled = await compileLessonBody('RCE: {globalThis.__hocLieuSoProbe()}\n');

      assert.equal(compiled.ok, false);
      assert.match(!compiled.ok ? compiled.message : '', /Không dùng biểu thức/);
      assert.equal(ran, false);
    } finally {
      delete (globalThis as Record<string, unknown>).__hocLieuSoProbe;
    }
  });

  test('refuses import and export with the line', async () => {
    const compiled = await compileLessonBody('Đoạn.\n\nexport const x = process.env\n');

    assert.deepEqual(compiled.ok ? undefined : [compiled.line, /import hay export/.test(compiled.message)], [3, true]);
  });
});
