/** The course rule with a final test: the table of cases the certificates depend on. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  courseCompletionRule,
  courseProgressFrom,
  type LearnerCourseState,
} from '../../src/lib/progress/completion-rule.ts';
import { courseRequirements } from '../../src/lib/progress/requirements.ts';

const FINAL = {
  quizId: 'k/kiem-tra-cuoi-khoa',
  title: 'Kiểm tra cuối khóa',
  url: '/khoa-hoc/k/kiem-tra/kiem-tra-cuoi-khoa/',
};
const withFinal = { requiredLessonIds: ['k/a', 'k/b'], requiredVideoIds: ['v1'], finalTest: FINAL };

/** A learner state from short lists. */
function learner(state: {
  completed?: string[];
  watched?: string[];
  passed?: string[];
  started?: boolean;
}): LearnerCourseState {
  return {
    openedLessonIds: new Set(state.completed ?? []),
    completedLessonIds: new Set(state.completed ?? []),
    watchedVideoIds: new Set(state.watched ?? []),
    passedFinalTestIds: new Set(state.passed ?? []),
    started: state.started ?? Boolean(state.completed?.length || state.watched?.length || state.passed?.length),
  };
}

describe('courseCompletionRule with a final test', () => {
  const everything = { completed: ['k/a', 'k/b'], watched: ['v1'] };
  const cases: {
    name: string;
    requirements: Parameters<typeof courseCompletionRule>[0];
    state: LearnerCourseState;
    status: string;
    percent: number;
    passed: boolean | null;
  }[] = [
    {
      name: 'nothing done is "chưa bắt đầu" at 0 %',
      requirements: withFinal,
      state: learner({}),
      status: 'not_started',
      percent: 0,
      passed: false,
    },
    {
      name: 'every lesson and video done without the final test is "đang học" at 75 %',
      requirements: withFinal,
      state: learner(everything),
      status: 'in_progress',
      percent: 75,
      passed: false,
    },
    {
      name: 'the final test passed with a lesson left is "đang học"',
      requirements: withFinal,
      state: learner({ completed: ['k/a'], watched: ['v1'], passed: [FINAL.quizId] }),
      status: 'in_progress',
      percent: 75,
      passed: true,
    },
    {
      name: 'the final test passed alone starts the course at 25 %',
      requirements: withFinal,
      state: learner({ passed: [FINAL.quizId] }),
      status: 'in_progress',
      percent: 25,
      passed: true,
    },
    {
      name: 'lessons, video and final test done is "hoàn thành" at 100 %',
      requirements: withFinal,
      state: learner({ ...everything, passed: [FINAL.quizId] }),
      status: 'completed',
      percent: 100,
      passed: true,
    },
    {
      name: 'a passed quiz that is not the final test does not count',
      requirements: withFinal,
      state: learner({ ...everything, passed: ['k/on-tap', 'other/kiem-tra-cuoi-khoa'] }),
      status: 'in_progress',
      percent: 75,
      passed: false,
    },
    {
      name: 'a course whose only requirement is the final test completes when it is passed',
      requirements: { requiredLessonIds: [], requiredVideoIds: [], finalTest: FINAL },
      state: learner({ passed: [FINAL.quizId] }),
      status: 'completed',
      percent: 100,
      passed: true,
    },
    {
      name: 'a course whose only requirement is the final test is not complete once merely started',
      requirements: { requiredLessonIds: [], requiredVideoIds: [], finalTest: FINAL },
      state: learner({ started: true }),
      status: 'in_progress',
      percent: 0,
      passed: false,
    },
    {
      name: 'a course without a final test completes with its lessons and videos',
      requirements: { ...withFinal, finalTest: null },
      state: learner(everything),
      status: 'completed',
      percent: 100,
      passed: null,
    },
  ];
  for (const { name, requirements, state, status, percent, passed } of cases) {
    test(name, () => {
      const result = courseCompletionRule(requirements, state);

      assert.deepEqual([result.status, result.percent, result.finalTest?.passed ?? null], [status, percent, passed]);
    });
  }
});

describe('courseProgressFrom next step', () => {
  const requirements = courseRequirements(
    { courseId: 'k', title: 'Khóa học thử' },
    [
      { lessonId: 'k/a', title: 'Bài A', required: true, body: '<Video id="v1" />' },
      { lessonId: 'k/b', title: 'Bài B', required: true, body: '' },
    ],
    FINAL,
  );

  test('is the final test once every required lesson and video is done', () => {
    const progress = courseProgressFrom(requirements, learner({ completed: ['k/a', 'k/b'], watched: ['v1'] }));

    assert.equal(progress.status, 'in_progress');
    assert.deepEqual(progress.nextStep, { kind: 'final_test', label: 'Làm bài kiểm tra cuối khóa', url: FINAL.url });
  });

  test('is the first required lesson left while lessons remain, even after the test is passed', () => {
    const progress = courseProgressFrom(
      requirements,
      learner({ completed: ['k/a'], watched: ['v1'], passed: [FINAL.quizId] }),
    );

    assert.deepEqual(progress.nextStep, { kind: 'continue_learning', label: 'Tiếp tục học', url: '/khoa-hoc/k/b/' });
  });

  test('is where the learner stopped when there is a resume point', () => {
    const progress = courseProgressFrom(requirements, learner({ completed: ['k/a'] }), {
      resume: { lessonId: 'k/a', videoId: 'v1', positionSeconds: 12 },
    });

    assert.deepEqual(progress.nextStep, { kind: 'continue_learning', label: 'Tiếp tục học', url: '/khoa-hoc/k/a/' });
  });

  test('is nothing once the course is complete', () => {
    const progress = courseProgressFrom(
      requirements,
      learner({ completed: ['k/a', 'k/b'], watched: ['v1'], passed: [FINAL.quizId] }),
    );

    assert.equal(progress.status, 'completed');
    assert.equal(progress.nextStep, null);
  });
});
