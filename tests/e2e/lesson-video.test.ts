import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE } from '../support/browser.ts';
import { useSite } from '../support/site.ts';
import { demoCourses, lessonWithVideo } from '../support/demo-content.ts';

const site = useSite();

describe('lesson page', () => {
  test('is reached from the course page and links to the next lesson', async () => {
    const page = await site.browser.newPage({ viewport: PHONE });
    const course = demoCourses()[0];

    await page.goto(`${site.baseUrl}${course.url}`);
    await page.getByRole('link', { name: 'Bắt đầu học' }).click();

    assert.match((await page.locator('h1').textContent()) ?? '', /\S/);
    assert.match((await page.locator('.meta').first().textContent()) ?? '', /Bài 1\/\d+ · Thời gian đọc khoảng/);
    await page.getByRole('link', { name: /Bài tiếp theo/ }).click();
    assert.match((await page.locator('.meta').first().textContent()) ?? '', /Bài 2\//);
    await page.close();
  });

  test('has a video with a Vietnamese captions track that plays', async () => {
    const page = await site.browser.newPage({ viewport: PHONE });

    await page.goto(`${site.baseUrl}${lessonWithVideo().url}`);
    const video = page.locator('video').first();
    const track = video.locator('track[kind="captions"]');

    assert.equal(await track.getAttribute('srclang'), 'vi');
    const captions = await fetch(`${site.baseUrl}${await track.getAttribute('src')}`);
    assert.equal(captions.status, 200);
    assert.match(await captions.text(), /^WEBVTT/);
    await video.evaluate((element: HTMLVideoElement) => element.play());
    await page.waitForFunction(() => (document.querySelector('video')?.currentTime ?? 0) > 0.5, undefined, {
      timeout: 15_000,
    });
    const state = await video.evaluate((element: HTMLVideoElement) => ({
      error: element.error?.code ?? null,
      cues: element.textTracks[0]?.cues?.length ?? 0,
      mode: element.textTracks[0]?.mode,
    }));
    assert.deepEqual({ error: state.error, mode: state.mode }, { error: null, mode: 'showing' });
    assert.ok(state.cues > 0, 'the captions track has loaded cues');
    await page.close();
  });

  test('shows the transcript on request, without JavaScript', async () => {
    const context = await site.browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();

    await page.goto(`${site.baseUrl}${lessonWithVideo().url}`);
    const transcript = page.locator('.video__transcript p').first();
    assert.equal(await transcript.isVisible(), false);
    await page.getByText('Đọc lời thoại của video').first().click();

    assert.equal(await transcript.isVisible(), true);
    await context.close();
  });
});
