/**
 * Course statistics against a real libSQL database, on a data set whose answers are known:
 * difficulty, discrimination and option counts of the item analysis, case-study decision counts,
 * drop-off by lesson, the monthly overview in Vietnam time, the time to complete, and who may see
 * what (statistics of a course one does not write; the attendees of a class one was not given).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  courseCompletions,
  courseFeedback,
  courseStaff,
  lessonProgress,
  officials,
  progressEvents,
  quizAnswers,
  quizAttempts,
  units,
  users,
} from '../../db/schema/index.ts';
import type { Question } from '../../src/schemas/question-bank.ts';
import { gradeAttempt } from '../../src/lib/assessment/grade.ts';
import { createSession, validateSessionToken, type SessionUser } from '../../src/lib/server/auth/sessions.ts';
import { canSeeCourseStatistics } from '../../src/lib/server/authoring/access.ts';
import {
  createClass,
  findClassInScope,
  recordAttendances,
  setClassInstructor,
} from '../../src/lib/server/classes/class-store.ts';
import { questionAnalysis } from '../../src/lib/server/course-analytics/item-analysis.ts';
import { caseDecisionCounts, decisionReach } from '../../src/lib/server/course-analytics/case-decisions.ts';
import { lessonDropOff } from '../../src/lib/server/course-analytics/drop-off.ts';
import { courseOverview } from '../../src/lib/server/course-analytics/overview.ts';
import { completionTime } from '../../src/lib/server/course-analytics/completion-time.ts';
import { feedbackSummary } from '../../src/lib/server/course-analytics/feedback-summary.ts';
import {
  attendeesOfGivenClass,
  classGivenTo,
  classesGivenTo,
} from '../../src/lib/server/course-analytics/instructor-classes.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';

const COURSE = 'khoa-thong-ke-thu';
const QUIZ = `${COURSE}/kiem-tra-cuoi-khoa`;
const LESSONS = [`${COURSE}/bai-1`, `${COURSE}/bai-2`, `${COURSE}/bai-3`];
/** 2026-03-31 20:00 UTC: already 1 April 03:00 in Vietnam. */
const T0 = Date.UTC(2026, 2, 31, 20, 0);
const MINUTE = 60_000;
const DAY = 86_400_000;

const QUESTIONS: Question[] = [
  {
    id: 'cau-mot',
    type: 'single',
    prompt: 'Câu hỏi một lựa chọn về thời hạn giải quyết?',
    points: 1,
    tags: [],
    difficulty: 'de',
    options: [
      { id: 'a', text: 'Mười ngày' },
      { id: 'b', text: 'Mười lăm ngày' },
      { id: 'c', text: 'Ba mươi ngày' },
    ],
    correct: ['a'],
  },
  {
    id: 'cau-hai',
    type: 'true-false',
    prompt: 'Câu đúng sai về quyền khiếu nại của công dân.',
    points: 1,
    tags: [],
    difficulty: 'de',
    correct: true,
  },
  {
    id: 'cau-ba',
    type: 'multiple',
    prompt: 'Câu nhiều lựa chọn về hồ sơ cần nộp kèm đơn.',
    points: 1,
    tags: [],
    difficulty: 'de',
    options: [
      { id: 'a', text: 'Đơn' },
      { id: 'b', text: 'Giấy tờ tùy thân' },
      { id: 'c', text: 'Ảnh chân dung' },
    ],
    correct: ['a', 'b'],
  },
];

/** Learner i's answers (i = 0..11): see the table in the test names' comments. */
function answersOf(i: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  // cau-mot: 0–5 right (a), 6–8 chose b, 9–10 chose c, 11 left it blank.
  if (i <= 5) answers['cau-mot'] = 'a';
  else if (i <= 8) answers['cau-mot'] = 'b';
  else if (i <= 10) answers['cau-mot'] = 'c';
  // cau-hai: even learners right (true), odd learners false.
  answers['cau-hai'] = i % 2 === 0;
  // cau-ba: 0–3 right (a, b); 4–11 only a (half the points).
  answers['cau-ba'] = i <= 3 ? ['a', 'b'] : ['a'];
  return answers;
}

let db: Database;
let learners: string[] = [];
let learnerOfficials: string[] = [];
let giangvien: SessionUser;
let thamdinh: SessionUser;
let learnerUser: SessionUser;
let quangLoiAdmin: SessionUser;

async function sessionOf(username: string): Promise<SessionUser> {
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return (await validateSessionToken(await createSession(account.id)))!.user;
}

async function insertAttempt(
  id: string,
  userId: string,
  number: number,
  answers: Record<string, unknown>,
  startedAt: number,
  status: 'submitted' | 'in_progress' = 'submitted',
  questions = QUESTIONS,
) {
  const grade = gradeAttempt(questions, answers, 60);
  const closed = status !== 'in_progress';
  await db.insert(quizAttempts).values({
    id,
    userId,
    courseId: COURSE,
    quizId: QUIZ,
    attemptNumber: number,
    quizVersion: 'v1',
    final: true,
    passPercent: 60,
    drawn: [],
    questions,
    status,
    startedAt: new Date(startedAt),
    deadlineAt: null,
    submittedAt: closed ? new Date(startedAt + 10 * MINUTE) : null,
    earned: closed ? grade.earned : null,
    maxPoints: closed ? grade.max : null,
    percent: closed ? grade.percent : null,
    passed: closed ? grade.passed : null,
    grade: closed ? grade : null,
  });
  for (const [questionId, answer] of Object.entries(answers)) {
    await db.insert(quizAnswers).values({ attemptId: id, questionId, answer, savedAt: new Date(startedAt + MINUTE) });
  }
}

before(async () => {
  process.env.DATABASE_URL = await createTestDatabase();
  db = openTestDatabase(process.env.DATABASE_URL);
  const rows = await db
    .select({ id: users.id, officialId: officials.id })
    .from(users)
    .innerJoin(officials, eq(officials.id, users.officialId))
    .orderBy(sql`case when ${officials.staffCode} like 'SL-QL-%' then 0 else 1 end`, officials.staffCode)
    .limit(12);
  assert.equal(rows.length, 12);
  learners = rows.map((row) => row.id);
  learnerOfficials = rows.map((row) => row.officialId);
  giangvien = await sessionOf('giangvien');
  thamdinh = await sessionOf('thamdinh');
  learnerUser = await sessionOf('hocvien');
  quangLoiAdmin = await sessionOf('quantri.quangloi');

  const attemptsAt = Date.UTC(2026, 4, 10, 2, 0);
  for (let i = 0; i < 12; i++) {
    await insertAttempt(`lan-dau-${String(i).padStart(2, '0')}`, learners[i], 1, answersOf(i), attemptsAt + i * MINUTE);
  }
  // Learner 11 tries again and gets everything right, with a reworded first question.
  const reworded = QUESTIONS.map((question) =>
    question.id === 'cau-mot' ? { ...question, prompt: 'Câu hỏi một lựa chọn (bản mới) về thời hạn?' } : question,
  );
  await insertAttempt(
    'lan-hai-11',
    learners[11],
    2,
    { 'cau-mot': 'a', 'cau-hai': true, 'cau-ba': ['a', 'b'] },
    attemptsAt + DAY,
    'submitted',
    reworded,
  );
  // Learner 10's second attempt is still open: never counted.
  await insertAttempt('lan-hai-10', learners[10], 2, { 'cau-mot': 'a' }, attemptsAt + DAY, 'in_progress');

  // Lessons: 0–3 opened lesson 1 at T0; 0, 1, 2 completed it after 10 min, 20 min and 5 hours.
  await db.insert(lessonProgress).values([
    {
      userId: learners[0],
      courseId: COURSE,
      lessonId: LESSONS[0],
      openedAt: new Date(T0),
      completedAt: new Date(T0 + 10 * MINUTE),
    },
    {
      userId: learners[1],
      courseId: COURSE,
      lessonId: LESSONS[0],
      openedAt: new Date(T0),
      completedAt: new Date(T0 + 20 * MINUTE),
    },
    {
      userId: learners[2],
      courseId: COURSE,
      lessonId: LESSONS[0],
      openedAt: new Date(T0),
      completedAt: new Date(T0 + 300 * MINUTE),
    },
    { userId: learners[3], courseId: COURSE, lessonId: LESSONS[0], openedAt: new Date(T0), completedAt: null },
    {
      userId: learners[0],
      courseId: COURSE,
      lessonId: LESSONS[1],
      openedAt: new Date(T0 + 60 * MINUTE),
      completedAt: new Date(T0 + 90 * MINUTE),
    },
    {
      userId: learners[1],
      courseId: COURSE,
      lessonId: LESSONS[1],
      openedAt: new Date(T0 + 120 * MINUTE),
      completedAt: null,
    },
  ]);
  // Completions after 50, 10 and 5 days.
  await db.insert(courseCompletions).values([
    {
      userId: learners[0],
      courseId: COURSE,
      completedAt: new Date(T0 + 50 * DAY),
      scorePercent: 100,
      courseVersion: 'v1',
    },
    {
      userId: learners[1],
      courseId: COURSE,
      completedAt: new Date(T0 + 10 * DAY),
      scorePercent: 66.7,
      courseVersion: 'v1',
    },
    {
      userId: learners[2],
      courseId: COURSE,
      completedAt: new Date(T0 + 5 * DAY),
      scorePercent: 100,
      courseVersion: 'v1',
    },
  ]);
  // Case study: learners 0, 1, 2 chose a at the first decision (learner 0 twice), learner 3 chose b.
  const decision = (userId: string, eventId: string, decisionId: string, optionId: string) => ({
    userId,
    eventId,
    kind: 'case_decision' as const,
    courseId: COURSE,
    caseStudyId: 'tinh-huong-thu',
    data: { decisionId, optionId },
    occurredAt: new Date(T0),
    receivedAt: new Date(T0),
  });
  await db
    .insert(progressEvents)
    .values([
      decision(learners[0], '00000000-0000-4000-8000-000000000001', 'buoc-1', 'a'),
      decision(learners[0], '00000000-0000-4000-8000-000000000002', 'buoc-1', 'a'),
      decision(learners[1], '00000000-0000-4000-8000-000000000003', 'buoc-1', 'a'),
      decision(learners[2], '00000000-0000-4000-8000-000000000004', 'buoc-1', 'a'),
      decision(learners[3], '00000000-0000-4000-8000-000000000005', 'buoc-1', 'b'),
      decision(learners[3], '00000000-0000-4000-8000-000000000006', 'buoc-2', 'c'),
    ]);
});
after(() => db?.$client.close());

describe('item analysis', () => {
  test('difficulty is the share of first attempts that answered the question fully right', async () => {
    const rows = await questionAnalysis(COURSE);
    const byId = new Map(rows.map((row) => [row.questionId, row]));
    assert.equal(byId.get('cau-mot')!.attempts, 12);
    assert.equal(byId.get('cau-mot')!.difficulty, 6 / 12);
    assert.equal(byId.get('cau-hai')!.difficulty, 6 / 12);
    assert.equal(byId.get('cau-ba')!.difficulty, 4 / 12);
    assert.equal(byId.get('cau-mot')!.unanswered, 1);
  });

  test('discrimination is the upper 27% minus the lower 27% share correct, ranked by total percent', async () => {
    // Percents: 0 and 2 → 100, 4 → 83.3 (upper three); 7, 9, 11 → 16.7 (lower three).
    const byId = new Map((await questionAnalysis(COURSE)).map((row) => [row.questionId, row]));
    assert.equal(byId.get('cau-mot')!.discrimination, 1);
    assert.equal(byId.get('cau-hai')!.discrimination, 1);
    assert.ok(Math.abs(byId.get('cau-ba')!.discrimination! - 2 / 3) < 1e-9);
  });

  test('each option is counted by the attempts that chose it and the most chosen wrong option is named', async () => {
    const byId = new Map((await questionAnalysis(COURSE)).map((row) => [row.questionId, row]));
    const chosen = (id: string) =>
      Object.fromEntries(byId.get(id)!.options.map((option) => [option.id, option.chosen]));
    assert.deepEqual(chosen('cau-mot'), { a: 6, b: 3, c: 2 });
    assert.deepEqual(chosen('cau-hai'), { true: 6, false: 6 });
    assert.deepEqual(chosen('cau-ba'), { a: 12, b: 4, c: 0 });
    assert.equal(byId.get('cau-mot')!.topWrongOption!.id, 'b');
    assert.deepEqual(
      byId.get('cau-mot')!.options.map((option) => option.correct),
      [true, false, false],
    );
  });

  test('all attempts add the closed second attempt, never the open one, and take the latest wording', async () => {
    const byId = new Map((await questionAnalysis(COURSE, 'all')).map((row) => [row.questionId, row]));
    assert.equal(byId.get('cau-mot')!.attempts, 13);
    assert.equal(byId.get('cau-mot')!.difficulty, 7 / 13);
    assert.equal(byId.get('cau-mot')!.options.find((option) => option.id === 'a')!.chosen, 7);
    assert.equal(byId.get('cau-mot')!.prompt, 'Câu hỏi một lựa chọn (bản mới) về thời hạn?');
  });

  test('a single attempt still shows its answers, with discrimination withheld', async () => {
    await db.insert(quizAttempts).values({
      id: 'mot-minh',
      userId: learners[0],
      courseId: 'khoa-mot-nguoi',
      quizId: 'khoa-mot-nguoi/kiem-tra',
      attemptNumber: 1,
      quizVersion: 'v1',
      final: true,
      passPercent: 60,
      drawn: [],
      questions: QUESTIONS,
      status: 'submitted',
      startedAt: new Date(T0),
      submittedAt: new Date(T0),
      grade: gradeAttempt(QUESTIONS, { 'cau-mot': 'c' }, 60),
      percent: 0,
      passed: false,
    });
    await db
      .insert(quizAnswers)
      .values({ attemptId: 'mot-minh', questionId: 'cau-mot', answer: 'c', savedAt: new Date(T0) });
    const row = (await questionAnalysis('khoa-mot-nguoi')).find((item) => item.questionId === 'cau-mot')!;
    assert.equal(row.attempts, 1);
    assert.equal(row.discrimination, null);
    assert.equal(row.options.find((option) => option.id === 'c')!.chosen, 1);
    assert.ok(row.reviewReasons.length > 0, 'a question nobody got right is flagged');
  });
});

describe('course figures', () => {
  test('case decisions count distinct learners per option and per decision reached', async () => {
    const counts = await caseDecisionCounts(COURSE);
    const of = (decisionId: string, optionId: string) =>
      counts.find((row) => row.decisionId === decisionId && row.optionId === optionId)?.learners;
    assert.equal(of('buoc-1', 'a'), 3);
    assert.equal(of('buoc-1', 'b'), 1);
    assert.equal(of('buoc-2', 'c'), 1);
    const reach = await decisionReach(COURSE);
    assert.equal(reach.get('tinh-huong-thu buoc-1'), 4);
  });

  test('drop-off counts openings and completions of each lesson in course order, with capped mean time', async () => {
    const dropOff = await lessonDropOff(COURSE, LESSONS);
    assert.equal(dropOff.starters, 4);
    assert.deepEqual(
      dropOff.lessons.map((row) => [row.opened, row.completed]),
      [
        [4, 3],
        [2, 1],
        [0, 0],
      ],
    );
    assert.equal(dropOff.lessons[0].openedShare, 1);
    assert.equal(dropOff.lessons[0].completedShare, 0.75);
    // 10, 20 and 300 minutes, the last capped at 120: (10 + 20 + 120) / 3.
    assert.equal(dropOff.lessons[0].meanMinutes, 50);
    assert.equal(dropOff.lessons[1].meanMinutes, 30);
    assert.equal(dropOff.lessons[2].meanMinutes, null);
  });

  test('the overview counts each learner once per measure, by month in Vietnam time', async () => {
    const overview = await courseOverview(COURSE);
    assert.deepEqual(overview.totals, { enrolments: 12, starts: 4, completions: 3, passes: 6 });
    const april = overview.months.find((row) => row.month === '2026-04')!;
    assert.deepEqual({ ...april }, { month: '2026-04', enrolments: 4, starts: 4, completions: 2, passes: 0 });
    assert.equal(
      overview.months.find((row) => row.month === '2026-03'),
      undefined,
      'T0 is already April in Vietnam',
    );
    const may = overview.months.find((row) => row.month === '2026-05')!;
    assert.deepEqual({ ...may }, { month: '2026-05', enrolments: 8, starts: 0, completions: 1, passes: 6 });
  });

  test('time to complete gives the median and mean days from first opening to completion', async () => {
    const time = await completionTime(COURSE);
    assert.equal(time.learners, 3);
    assert.equal(time.medianDays, 10);
    assert.ok(Math.abs(time.meanDays! - 65 / 3) < 1e-9);
  });

  test('feedback of fewer than five learners shows only how many answered', async () => {
    const summary = await feedbackSummary(COURSE);
    assert.equal(summary.answers, 0);
    assert.equal(summary.shown, false);
    assert.deepEqual(summary.comments, []);
  });

  test('feedback of five learners shows the averages and the comments, newest first, without names', async () => {
    const ratings = [5, 4, 4, 3, 5];
    await db.insert(courseFeedback).values(
      ratings.map((rating, i) => ({
        userId: learners[i],
        courseId: COURSE,
        satisfaction: rating,
        usefulness: 4,
        selfAssessed: 3,
        comment: i === 1 ? 'Cần thêm ví dụ thực tế.' : i === 3 ? 'Bài học rất hữu ích.' : ' ',
        submittedAt: new Date(T0 + i * DAY),
      })),
    );
    const summary = await feedbackSummary(COURSE);
    assert.equal(summary.answers, 5);
    assert.equal(summary.shown, true);
    assert.equal(summary.satisfaction, 21 / 5);
    assert.equal(summary.usefulness, 4);
    assert.deepEqual(summary.comments, ['Bài học rất hữu ích.', 'Cần thêm ví dụ thực tế.']);
  });
});

describe('who sees what', () => {
  test('an instructor sees the statistics of a course they write, not of one they do not', async () => {
    const [{ courseId }] = await db
      .select({ courseId: courseStaff.courseId })
      .from(courseStaff)
      .where(eq(courseStaff.userId, giangvien.id))
      .limit(1);
    assert.equal(await canSeeCourseStatistics(giangvien, courseId), true);
    await db.delete(courseStaff).where(and(eq(courseStaff.userId, giangvien.id), eq(courseStaff.courseId, courseId)));
    assert.equal(await canSeeCourseStatistics(giangvien, courseId), false);
    assert.equal(await canSeeCourseStatistics(learnerUser, COURSE), false);
  });

  test('an instructor sees a class\u2019s attendees only once an administrator gives them that class', async () => {
    const [quangLoi] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'SL-QL'));
    const classId = await createClass(quangLoiAdmin, {
      unitId: quangLoi.id,
      kind: 'tap-huan-nghiep-vu',
      content: 'Lớp thống kê thử',
      method: 'truc-tiep',
      startsOn: '2026-09-07',
      endsOn: '2026-09-08',
      hours: 16,
      place: 'Hội trường',
      organiser: 'UBND xã',
      funding: 'ns-tinh',
      instructorUserId: null,
    });
    let trainingClass = (await findClassInScope(quangLoiAdmin, classId))!.trainingClass;
    await recordAttendances(
      quangLoiAdmin,
      trainingClass,
      [{ officialId: learnerOfficials[0], result: 'hoan-thanh', score: 9, certificateNumber: null }],
      'record-class',
    );
    assert.equal(await classGivenTo(giangvien.id, classId), undefined);
    assert.deepEqual(await attendeesOfGivenClass(giangvien.id, classId, [COURSE]), []);

    await setClassInstructor(quangLoiAdmin, trainingClass, giangvien.id);
    assert.equal((await classGivenTo(giangvien.id, classId))?.attendees, 1);
    assert.deepEqual(
      (await classesGivenTo(giangvien.id)).map((item) => item.id),
      [classId],
    );
    assert.equal(await classGivenTo(thamdinh.id, classId), undefined);
    const [attendee] = await attendeesOfGivenClass(giangvien.id, classId, [COURSE]);
    const [official] = await db
      .select({ fullName: officials.fullName })
      .from(officials)
      .where(eq(officials.id, learnerOfficials[0]));
    assert.equal(attendee.fullName, official.fullName);
    assert.deepEqual(
      { ...attendee.progress.get(COURSE) },
      { lessonsDone: 2, bestFinalPercent: 100, completedAt: new Date(T0 + 50 * DAY) },
    );
    const audits = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.target, `class:${classId}`));
    assert.ok(
      audits.some((entry) => (entry.details as { instructor?: string } | null)?.instructor === giangvien.id),
      'giving the class is audited',
    );

    trainingClass = (await findClassInScope(quangLoiAdmin, classId))!.trainingClass;
    await setClassInstructor(quangLoiAdmin, trainingClass, null);
    assert.equal(await classGivenTo(giangvien.id, classId), undefined);
  });
});
