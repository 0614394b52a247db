/**
 * <H5P> in lessons: the content check knows the component and its attributes, and every demo
 * lesson's activity is one the demo seed installs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_H5P_ACTIVITIES } from '../../db/seed/demo-h5p.ts';
import { checkLessonBody } from '../../src/lib/lesson-body-check.ts';

const CONTEXT = {
  file: 'bai.mdx',
  videoIds: new Set<string>(),
  caseStudyIds: new Set<string>(),
  publicFileExists: () => true,
};

/** The H5P ids each demo lesson embeds. */
function embedsInDemoLessons(): { lesson: string; id: string }[] {
  const courses = join(process.cwd(), 'content', 'courses');
  return readdirSync(courses).flatMap((course) =>
    readdirSync(join(courses, course, 'lessons')).flatMap((file) =>
      [...readFileSync(join(courses, course, 'lessons', file), 'utf8').matchAll(/<H5P\b[^>]*\bid="([^"]*)"/g)].map(
        (match) => ({ lesson: `${course}/${file}`, id: match[1] }),
      ),
    ),
  );
}

describe('<H5P> in lessons', () => {
  test('at least two demo lessons embed an activity, each one the demo seed installs', () => {
    const embeds = embedsInDemoLessons();
    const seeded = new Set(DEMO_H5P_ACTIVITIES.map((activity) => activity.id));

    assert.ok(new Set(embeds.map((embed) => embed.lesson)).size >= 2, JSON.stringify(embeds));
    for (const embed of embeds)
      assert.ok(seeded.has(embed.id), `${embed.lesson}: <H5P id="${embed.id}"> is not a demo activity`);
  });

  test('the content check accepts an activity with an id and a title', () => {
    const problems = checkLessonBody(
      'Đoạn văn.\n\n<H5P id="phan-loai-don" title="Phân loại một nội dung đơn" />\n',
      CONTEXT,
    );

    assert.deepEqual(problems, []);
  });

  test('the content check refuses an activity without a usable id or a title, showing how to write one', () => {
    for (const line of [
      '<H5P title="Thiếu mã" />',
      '<H5P id="Phân-Loại" title="Mã có dấu" />',
      '<H5P id="phan-loai-don" />',
      '<H5P id="phan-loai-don" title=" " />',
    ]) {
      const problems = checkLessonBody(`${line}\n`, CONTEXT);

      assert.equal(problems.length, 1, line);
      assert.match(problems[0].message, /ví dụ <H5P id="phan-loai-don" title="Phân loại đơn" \/>/);
    }
  });
});
