/**
 * Publishing refuses a draft with a content error before anything changes: the problem names the
 * lesson or case study by its title and the field, no job is queued, content/ stays as it was.
 * Works in a temporary copy of the project (content/ is written by publishing).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { courseDrafts, publishJobs } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { parseLessonText, lessonText, parseYamlText, yamlText } from '../../src/lib/authoring/content-text.ts';
import { ensurePublishRunner, requestPublication, RESTART_FAILURE } from '../../src/lib/server/publishing/queue.ts';
import { validateDraft } from '../../src/lib/server/publishing/validate-draft.ts';
import {
  contentFingerprint,
  enterPublishingCopy,
  sessionUser,
  submittedDraft,
  type PublishingCopy,
} from '../support/publishing-fixtures.ts';

const PROJECT = resolve(import.meta.dirname, '..', '..');
const TCD = 'tiep-cong-dan-khieu-nai-to-cao';
let site: PublishingCopy;
let copy: string;
let db: Database;
let reviewer: SessionUser;

async function discard(draftId: string): Promise<void> {
  await db.update(courseDrafts).set({ status: 'discarded' }).where(eq(courseDrafts.id, draftId));
}

before(async () => {
  site = await enterPublishingCopy(PROJECT);
  ({ root: copy, db, reviewer } = site);
});
after(() => site.leave());

describe('requestPublication refuses a draft with a content error', () => {
  test('a lesson without minutes is refused naming the lesson by number and title and the field, with no job and content/ unchanged', async () => {
    const lessonKey = `courses/${TCD}/lessons/02-phan-loai-va-xu-ly-don.mdx`;
    let title = '';
    const draftId = await submittedDraft(site, TCD, (files) => {
      const { data, body } = parseLessonText(files[lessonKey]);
      assert.ok(data);
      title = String(data.title);
      const { minutes: _minutes, ...rest } = data;
      return { [lessonKey]: lessonText(rest, body) };
    });
    const before = contentFingerprint(copy);

    const outcome = await requestPublication(reviewer, draftId);

    assert.ok(!outcome.ok && 'problems' in outcome, 'refused with problems');
    assert.deepEqual(
      outcome.problems.map(({ where, field }) => ({ where, field })),
      [{ where: `Bài 2 “${title}”`, field: 'Thời lượng (minutes)' }],
    );
    assert.match(outcome.problems[0].message, /minutes/);
    assert.deepEqual(await db.select().from(publishJobs), []);
    assert.equal(contentFingerprint(copy), before);
    await discard(draftId);
  });

  test('a case-study option leading to a missing decision is refused naming the case study by title', async () => {
    const caseKey = `courses/${TCD}/case-studies/tcd-khieu-nai-quyet-dinh-xu-phat.yaml`;
    let title = '';
    const draftId = await submittedDraft(site, TCD, (files) => {
      const data = parseYamlText(files[caseKey]) as { title: string; decisions: { options: { next?: string }[] }[] };
      title = data.title;
      const option = data.decisions.flatMap((decision) => decision.options).find((candidate) => candidate.next);
      assert.ok(option, 'the demo case study has an option leading to another decision');
      option.next = 'khong-co-diem-nay';
      return { [caseKey]: yamlText(data) };
    });
    const before = contentFingerprint(copy);

    const outcome = await requestPublication(reviewer, draftId);

    assert.ok(!outcome.ok && 'problems' in outcome, 'refused with problems');
    assert.ok(outcome.problems.length > 0);
    for (const problem of outcome.problems) assert.equal(problem.where, `Tình huống “${title}”`);
    assert.ok(
      outcome.problems.some((problem) => /next/.test(problem.field)),
      JSON.stringify(outcome.problems),
    );
    assert.deepEqual(await db.select().from(publishJobs), []);
    assert.equal(contentFingerprint(copy), before);
    await discard(draftId);
  });

  test('a learner may not publish: the draft is reported missing', async () => {
    const draftId = await submittedDraft(site, TCD, () => ({}));
    const learner = await sessionUser(db, 'hocvien');
    assert.deepEqual(await requestPublication(learner, draftId), { ok: false, reason: 'not-found' });
    await discard(draftId);
  });
});

describe('ensurePublishRunner after a restart', () => {
  test('a job left running by a dead process is marked failed, saying the server restarted, and its draft stays submitted', async () => {
    const draftId = await submittedDraft(site, TCD, () => ({}));
    const jobId = `bo-dang-chay-${Date.now()}`;
    await db.insert(publishJobs).values({
      id: jobId,
      draftId,
      courseId: TCD,
      requestedBy: reviewer.id,
      status: 'running',
      step: 'building',
      percent: 40,
      createdAt: new Date(),
      startedAt: new Date(),
    });

    ensurePublishRunner();
    let job: typeof publishJobs.$inferSelect | undefined;
    for (let tries = 0; tries < 100; tries += 1) {
      [job] = await db.select().from(publishJobs).where(eq(publishJobs.id, jobId));
      if (job?.status !== 'running') break;
      await new Promise((done) => setTimeout(done, 50));
    }

    assert.equal(job?.status, 'failed');
    assert.equal(job?.failure, RESTART_FAILURE);
    const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.id, draftId));
    assert.equal(draft.status, 'submitted');
    await discard(draftId);
  });
});

describe('validateDraft with uploaded media', () => {
  test('captions uploaded to the draft satisfy the check; without the upload the video is refused naming the captions field', async () => {
    const videoKey = 'videos/quy-trinh-tiep-cong-dan.yaml';
    const draftId = await submittedDraft(site, TCD, (files) => {
      const video = parseYamlText(files[videoKey]) as { captions: string };
      video.captions = '/media/videos/phu-de-moi-cua-ban-nhap.vi.vtt';
      return { [videoKey]: yamlText(video) };
    });
    const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.id, draftId));
    const title = (parseYamlText(draft.files[videoKey]) as { title: string }).title;

    const withoutUpload = await validateDraft(draft);
    assert.deepEqual(
      withoutUpload.map(({ where, field }) => ({ where, field })),
      [{ where: `Video “${title}”`, field: 'Phụ đề (captions)' }],
    );

    const file = join(copy, 'data', 'drafts', draftId, 'public', 'media', 'videos', 'phu-de-moi-cua-ban-nhap.vi.vtt');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'WEBVTT\n\n00:00.000 --> 00:02.000\nXin chào.\n');
    const withUpload = await validateDraft({ ...draft, media: ['media/videos/phu-de-moi-cua-ban-nhap.vi.vtt'] });
    assert.deepEqual(withUpload, []);
    assert.ok(
      !existsSync(join(copy, 'public', 'media', 'videos', 'phu-de-moi-cua-ban-nhap.vi.vtt')),
      'the live public/ is not touched',
    );
    await discard(draftId);
  });
});
