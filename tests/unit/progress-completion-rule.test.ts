import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NOTHING_DONE,
  courseCompletionRule,
  courseProgressFrom,
  lessonStatus,
  type LearnerCourseState,
} from '../../src/lib/progress/completion-rule.ts';
import { courseRequirements } from '../../src/lib/progress/requirements.ts';

/** A learner state from short lists. */
function learner(state: {
  opened?: string[];
  completed?: string[];
  watched?: string[];
  started?: boolean;
}): LearnerCourseState {
  return {
    openedLessonIds: new Set([...(state.opened ?? []), ...(state.completed ?? [])]),
    completedLessonIds: new Set(state.completed ?? []),
    watchedVideoIds: new Set(state.watched ?? []),
    passedFinalTestIds: new Set(),
    started: state.started ?? Boolean(state.opened?.length || state.completed?.length || state.watched?.length),
  };
}

// Courses without a final test; the rule with a final test is tabled in completion-rule.test.ts.
const twoLessonsOneVideo = { requiredLessonIds: ['k/a', 'k/b'], requiredVideoIds: ['v1'], finalTest: null };

describe('courseCompletionRule', () => {
  const cases: {
    name: string;
    requirements: { requiredLessonIds: string[]; requiredVideoIds: string[]; finalTest: null };
    state: LearnerCourseState;
    status: string;
    percent: number;
    lessons: [number, number];
    videos: [number, number];
  }[] = [
    {
      name: 'nothing done is "chưa bắt đầu" at 0 %',
      requirements: twoLessonsOneVideo,
      state: NOTHING_DONE,
      status: 'not_started',
      percent: 0,
      lessons: [0, 2],
      videos: [0, 1],
    },
    {
      name: 'a lesson opened is "đang học" at 0 %',
      requirements: twoLessonsOneVideo,
      state: learner({ opened: ['k/a'] }),
      status: 'in_progress',
      percent: 0,
      lessons: [0, 2],
      videos: [0, 1],
    },
    {
      name: 'a case decision alone starts the course',
      requirements: twoLessonsOneVideo,
      state: learner({ started: true }),
      status: 'in_progress',
      percent: 0,
      lessons: [0, 2],
      videos: [0, 1],
    },
    {
      name: 'one of three items done is 33 %',
      requirements: twoLessonsOneVideo,
      state: learner({ completed: ['k/a'] }),
      status: 'in_progress',
      percent: 33,
      lessons: [1, 2],
      videos: [0, 1],
    },
    {
      name: 'every lesson completed but the video not watched is not complete',
      requirements: twoLessonsOneVideo,
      state: learner({ completed: ['k/a', 'k/b'] }),
      status: 'in_progress',
      percent: 66,
      lessons: [2, 2],
      videos: [0, 1],
    },
    {
      name: 'the video watched but a lesson left is not complete',
      requirements: twoLessonsOneVideo,
      state: learner({ completed: ['k/a'], watched: ['v1'] }),
      status: 'in_progress',
      percent: 66,
      lessons: [1, 2],
      videos: [1, 1],
    },
    {
      name: 'every required lesson and video done is "hoàn thành" at 100 %',
      requirements: twoLessonsOneVideo,
      state: learner({ completed: ['k/a', 'k/b'], watched: ['v1'] }),
      status: 'completed',
      percent: 100,
      lessons: [2, 2],
      videos: [1, 1],
    },
    {
      name: 'lessons and videos outside the requirements do not count',
      requirements: twoLessonsOneVideo,
      state: learner({ completed: ['k/a', 'k/optional'], watched: ['v2'] }),
      status: 'in_progress',
      percent: 33,
      lessons: [1, 2],
      videos: [0, 1],
    },
    {
      name: 'a course without videos is complete with its lessons',
      requirements: { requiredLessonIds: ['k/a'], requiredVideoIds: [], finalTest: null },
      state: learner({ completed: ['k/a'] }),
      status: 'completed',
      percent: 100,
      lessons: [1, 1],
      videos: [0, 0],
    },
    {
      name: '99.x % is shown as 99, never rounded up to 100',
      requirements: {
        requiredLessonIds: Array.from({ length: 200 }, (_, i) => `k/${i}`),
        requiredVideoIds: [],
        finalTest: null,
      },
      state: learner({ completed: Array.from({ length: 199 }, (_, i) => `k/${i}`) }),
      status: 'in_progress',
      percent: 99,
      lessons: [199, 200],
      videos: [0, 0],
    },
    {
      name: 'a course with nothing required is complete once started',
      requirements: { requiredLessonIds: [], requiredVideoIds: [], finalTest: null },
      state: learner({ opened: ['k/a'] }),
      status: 'completed',
      percent: 100,
      lessons: [0, 0],
      videos: [0, 0],
    },
    {
      name: 'a course with nothing required is not started before any activity',
      requirements: { requiredLessonIds: [], requiredVideoIds: [], finalTest: null },
      state: NOTHING_DONE,
      status: 'not_started',
      percent: 0,
      lessons: [0, 0],
      videos: [0, 0],
    },
  ];
  for (const { name, requirements, state, status, percent, lessons, videos } of cases) {
    test(name, () => {
      const result = courseCompletionRule(requirements, state);

      assert.deepEqual(result, {
        status,
        percent,
        requiredLessons: { done: lessons[0], total: lessons[1] },
        requiredVideos: { done: videos[0], total: videos[1] },
        finalTest: null,
      });
    });
  }
});

describe('lessonStatus', () => {
  const state = learner({ opened: ['k/a'], completed: ['k/b'] });
  const cases: [string, string][] = [
    ['k/a', 'in_progress'],
    ['k/b', 'completed'],
    ['k/c', 'not_started'],
  ];
  for (const [lessonId, status] of cases) {
    test(`is "${status}" for ${lessonId}`, () => {
      assert.equal(lessonStatus(lessonId, state), status);
    });
  }
});

describe('courseProgressFrom', () => {
  const requirements = courseRequirements({ courseId: 'k', title: 'Khóa học thử' }, [
    { lessonId: 'k/a', title: 'Bài A', required: true, body: 'Xem <Video id="v1" /> rồi đọc.' },
    { lessonId: 'k/b', title: 'Bài B', required: false, body: '<Video id="v2" />' },
  ]);

  test('lists every lesson with its status and requirement', () => {
    const progress = courseProgressFrom(requirements, learner({ completed: ['k/a'], opened: ['k/b'] }));

    assert.deepEqual(
      progress.lessons.map(({ lessonId, required, status }) => [lessonId, required, status]),
      [
        ['k/a', true, 'completed'],
        ['k/b', false, 'in_progress'],
      ],
    );
  });

  test('counts only videos of required lessons', () => {
    const progress = courseProgressFrom(requirements, learner({ completed: ['k/a'], watched: ['v2'] }));

    assert.deepEqual(progress.requiredVideos, { done: 0, total: 1 });
    assert.equal(progress.status, 'in_progress');
  });

  test('gives the resume point with the lesson’s address', () => {
    const progress = courseProgressFrom(requirements, learner({ opened: ['k/a'] }), {
      resume: { lessonId: 'k/a', videoId: 'v1', positionSeconds: 42 },
      updatedAt: new Date('2026-11-24T10:00:00Z'),
    });

    assert.deepEqual(progress.resume, { lessonId: 'k/a', url: '/khoa-hoc/k/a/', videoId: 'v1', positionSeconds: 42 });
    assert.equal(progress.updatedAt, '2026-11-24T10:00:00.000Z');
  });

  test('drops a resume point in a lesson no longer in the course', () => {
    const progress = courseProgressFrom(requirements, learner({ opened: ['k/a'] }), {
      resume: { lessonId: 'k/removed', videoId: null, positionSeconds: null },
    });

    assert.equal(progress.resume, null);
  });
});
