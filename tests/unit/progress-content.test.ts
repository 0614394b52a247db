import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressEvent } from '../../src/schemas/api/progress.ts';
import { checkEventsAgainstContent } from '../../src/lib/progress/check-events.ts';
import { laterResumePoint } from '../../src/lib/server/progress/projections.ts';
import { courseRequirements, videoIdsInLessonBody, type ProgressContent } from '../../src/lib/progress/requirements.ts';

describe('videoIdsInLessonBody', () => {
  const cases: [string, string, string[]][] = [
    ['finds a self-closing video', 'Trước.\n\n<Video id="quy-trinh" />\n\nSau.', ['quy-trinh']],
    ['finds several, in order, each once', '<Video id="b" /> <Video id="a"/> <Video id="b" />', ['b', 'a']],
    ['accepts single quotes and an expression', `<Video id='a' /> <Video id={"b"} />`, ['a', 'b']],
    ['ignores other components with an id', '<CaseStudy id="x" /> <KeyPoints id="y">', []],
    ['ignores a component whose name only starts with Video', '<VideoGallery id="x" />', []],
  ];
  for (const [name, body, ids] of cases) {
    test(name, () => {
      assert.deepEqual(videoIdsInLessonBody(body), ids);
    });
  }
});

describe('courseRequirements', () => {
  test('requires the required lessons and the videos embedded in them only', () => {
    const requirements = courseRequirements({ courseId: 'k', title: 'Khóa' }, [
      { lessonId: 'k/a', title: 'A', required: true, body: '<Video id="v1" />' },
      { lessonId: 'k/b', title: 'B', required: false, body: '<Video id="v2" />' },
      { lessonId: 'k/c', title: 'C', required: true, body: '<Video id="v1" /><Video id="v3" />' },
    ]);

    assert.deepEqual(requirements.requiredLessonIds, ['k/a', 'k/c']);
    assert.deepEqual(requirements.requiredVideoIds, ['v1', 'v3']);
    assert.equal(requirements.url, '/khoa-hoc/k/');
  });
});

const content: ProgressContent = {
  courses: new Map([
    [
      'k',
      courseRequirements({ courseId: 'k', title: 'Khóa' }, [
        { lessonId: 'k/a', title: 'A', required: true, body: '<Video id="v1" />' },
      ]),
    ],
    [
      'm',
      courseRequirements({ courseId: 'm', title: 'Khóa khác' }, [
        { lessonId: 'm/x', title: 'X', required: true, body: '' },
      ]),
    ],
  ]),
  lessonCourse: new Map([
    ['k/a', 'k'],
    ['m/x', 'm'],
  ]),
  videoDurations: new Map([['v1', 101]]),
  caseStudies: new Map([['tinh-huong', { courseId: 'k', options: new Map([['buoc-1', new Set(['nghe', 'bo-di'])]]) }]]),
};

const at = '2026-11-24T19:30:00+07:00';
const id = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

describe('checkEventsAgainstContent', () => {
  test('accepts a video event and takes the duration from content, not from the device', () => {
    const event: ProgressEvent = {
      id,
      kind: 'video_watched',
      courseId: 'k',
      lessonId: 'k/a',
      videoId: 'v1',
      occurredAt: at,
      data: { intervals: [[0, 10]], position: 10, duration: 5000 },
    };

    const checked = checkEventsAgainstContent([event], content);

    assert.ok(checked.ok);
    assert.equal(checked.events[0].videoDurationSeconds, 101);
    assert.equal(checked.events[0].occurredAt.toISOString(), '2026-11-24T12:30:00.000Z');
  });

  const refused: [string, ProgressEvent, string][] = [
    [
      'an unpublished course',
      { id, kind: 'lesson_opened', courseId: 'nhap', lessonId: 'k/a', occurredAt: at },
      'events.0.courseId',
    ],
    [
      'an unknown lesson',
      { id, kind: 'lesson_opened', courseId: 'k', lessonId: 'k/khong-co', occurredAt: at },
      'events.0.lessonId',
    ],
    [
      'a lesson of another course',
      { id, kind: 'lesson_completed', courseId: 'k', lessonId: 'm/x', occurredAt: at },
      'events.0.lessonId',
    ],
    [
      'an unknown video',
      {
        id,
        kind: 'video_watched',
        courseId: 'k',
        videoId: 'v9',
        occurredAt: at,
        data: { intervals: [], position: 0, duration: 1 },
      },
      'events.0.videoId',
    ],
    [
      'a case study of another course',
      {
        id,
        kind: 'case_decision',
        courseId: 'm',
        caseStudyId: 'tinh-huong',
        occurredAt: at,
        data: { decisionId: 'buoc-1', optionId: 'nghe' },
      },
      'events.0.caseStudyId',
    ],
    [
      'an option the decision does not have',
      {
        id,
        kind: 'case_decision',
        courseId: 'k',
        caseStudyId: 'tinh-huong',
        occurredAt: at,
        data: { decisionId: 'buoc-1', optionId: 'la' },
      },
      'events.0.data.optionId',
    ],
  ];
  for (const [name, event, path] of refused) {
    test(`refuses ${name}, naming the field`, () => {
      const checked = checkEventsAgainstContent([event], content);

      assert.equal(checked.ok, false);
      assert.ok(!checked.ok && checked.issues.some((issue) => issue.path === path), JSON.stringify(checked));
    });
  }
});

describe('laterResumePoint', () => {
  const lessonA = { lessonId: 'k/a', videoId: null, positionSeconds: null, updatedAt: 1_000 };
  const videoInA = { lessonId: 'k/a', videoId: 'v1', positionSeconds: 42, updatedAt: 2_000 };

  test('moves to a newer point', () => {
    assert.deepEqual(laterResumePoint(lessonA, videoInA), videoInA);
  });

  test('stays when an older event arrives late (a device back online)', () => {
    assert.deepEqual(laterResumePoint(videoInA, { ...lessonA, lessonId: 'k/b', updatedAt: 1_500 }), videoInA);
  });

  test('keeps the video position when the same lesson is opened again', () => {
    assert.deepEqual(laterResumePoint(videoInA, { ...lessonA, updatedAt: 3_000 }), { ...videoInA, updatedAt: 3_000 });
  });

  test('forgets the video position when another lesson is opened', () => {
    const next = { ...lessonA, lessonId: 'k/b', updatedAt: 3_000 };

    assert.deepEqual(laterResumePoint(videoInA, next), next);
  });
});
