/**
 * A year of learning history for the demo province (Tỉnh Sông Lam), so that a first visitor sees
 * living dashboards, records and reports. Everything is done through the server code the app runs
 * on a request, with the seed's clock passed where that code takes one:
 * - assignments (cử đi bồi dưỡng) by the province and commune administrators: assignTraining;
 * - lessons opened and completed, videos watched: the progress event store, after the same
 *   validation as POST /api/v1/progress/events (ProgressBatchSchema, checkEventsAgainstContent);
 * - final tests: startAttempt, saveAnswers, submitAttempt (graded by closeAttempt), and the
 *   completion and certificate that follow (completeCourseIfDue, see seed-completion.ts);
 * - in-person classes and their attendance: createClass, recordAttendances;
 * - evaluations three or more months after completion: recordEvaluation;
 * - the province's training plan for the year: savePlan.
 * Who does what, and how well, is drawn from demo-random.ts (keyed by staff code and course), so
 * the figures are the same on every run; dates are days counted back from today (demo-clock.ts).
 * Two paths cannot take a date: a class's created/recorded time and a plan's updated time are the
 * real time of seeding (the class's own dates, which the reports use, are in the past).
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import {
  assignments,
  certificates,
  classAttendances,
  courseCompletions,
  effectivenessEvaluations,
  officials,
  progressEvents,
  quizAttempts,
  roleGrants,
  trainingClasses,
  trainingPlans,
  units,
  users,
} from '../schema/index.ts';
import type { QuizAttempt } from '../schema/assessment.ts';
import type { Database } from '../client.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import type { AttendanceInput } from '../../src/lib/classes/attendance-rows.ts';
import type { AttendanceResult } from '../../src/lib/classes/vocabulary.ts';
import type { PlanItem } from '../../src/lib/plans/plan-sheet.ts';
import type { QuizEntry } from '../../src/lib/assessment/quiz-catalog.ts';
import { gradeAttempt } from '../../src/lib/assessment/grade.ts';
import { answerSlots, toStoredAnswer, type AnswerSlot } from '../../src/lib/assessment/public-attempt.ts';
import { checkEventsAgainstContent } from '../../src/lib/progress/check-events.ts';
import { ProgressBatchSchema, type ProgressEvent } from '../../src/schemas/api/progress.ts';
import { DemoClock } from './demo-clock.ts';
import { readDemoContent, type DemoContent } from './demo-content.ts';
import { between, chance } from './demo-random.ts';
import { recordCompletionIfDue, useSeedCompletion } from './seed-completion.ts';
import { useSeedIds } from './seed-ids.ts';

/** The province the history is for, and who administers what in it (db/seed.ts DEMO_ACCOUNTS). */
const PROVINCE = 'SL';
const PROVINCE_ADMIN = 'quantri.songlam';
/** The demo's content reviewer (db/seed.ts), who records the illustrative programme. */
const REVIEWER = 'thamdinh';
/** The illustrative programme of the state-management course (see #recogniseProgramme). */
const DEMO_PROGRAMME = {
  course: 'van-hanh-chinh-quyen-dia-phuong-2-cap',
  programmeName: 'Chương trình bồi dưỡng kiến thức chung về quản lý nhà nước (02 tuần) - minh họa',
  decisionNumber: '0000/QĐ-MINHHOA',
  issuer: 'UBND tỉnh Sông Lam (tỉnh giả định của dữ liệu mẫu)',
  programmeHours: 80,
  onlineHours: 16,
};
const COMMUNE_ADMINS: Record<string, string> = { 'SL-QL': 'quantri.quangloi', 'SL-PT': 'quantri.phuthinh' };

/** What was seeded, counted from the database afterwards. */
export interface HistorySummary {
  assignments: number;
  completions: number;
  certificates: number;
  attempts: number;
  failedAttempts: number;
  classes: number;
  attendances: number;
  evaluations: number;
  plans: number;
}

interface Learner {
  officialId: string;
  userId: string;
  staffCode: string;
  /** The commune's code, e.g. SL-QL. */
  commune: string;
  group: string;
  /** Flagged "chưa đáp ứng yêu cầu chuyên môn của vị trí việc làm". */
  underqualified: boolean;
  user: SessionUser;
}

/** One day's work of one learner on one course. */
type Step =
  | { kind: 'lessons'; learner: Learner; courseId: string; lessonIds: string[] }
  | { kind: 'attempt'; learner: Learner; courseId: string; pass: boolean; key: string };

/** A campaign of assignments: who assigns which course to whom, when, and by when. */
interface Campaign {
  day: number;
  deadlineDay: number;
  admin: string;
  courseId: string;
  unitCode: string;
  group?: string;
  reason: string;
}

/** A class with its attendees chosen among the learners. */
interface DemoClass {
  startDay: number;
  days: number;
  admin: string;
  unitCode: string;
  kind: string;
  /** The class's field: indicator 3 counts it for attendees whose own fields include it. */
  field?: string;
  content: string;
  method: 'truc-tiep' | 'ket-hop';
  hours: number;
  place: string;
  organiser: string;
  funding: 'ns-tinh' | 'ns-tw' | 'theo-de-an' | 'khac-xhh';
  attendees: (learner: Learner) => boolean;
}

/** The courses of the demo content the campaigns use, when published. */
const VH = 'van-hanh-chinh-quyen-dia-phuong-2-cap';
const TCD = 'tiep-cong-dan-khieu-nai-to-cao';
const KNS = 'ky-nang-so-dich-vu-cong';
const GT = 'giao-tiep-giai-quyet-mau-thuan';

const CAMPAIGNS: Campaign[] = [
  {
    day: -330,
    deadlineDay: -240,
    admin: PROVINCE_ADMIN,
    courseId: VH,
    unitCode: PROVINCE,
    reason: 'Kế hoạch bồi dưỡng năm: vận hành chính quyền địa phương hai cấp sau sắp xếp',
  },
  {
    day: -280,
    deadlineDay: -190,
    admin: COMMUNE_ADMINS['SL-QL'],
    courseId: TCD,
    unitCode: 'SL-QL',
    reason: 'Chuẩn bị tiếp công dân định kỳ tại trụ sở UBND xã',
  },
  {
    day: -276,
    deadlineDay: -186,
    admin: COMMUNE_ADMINS['SL-PT'],
    courseId: TCD,
    unitCode: 'SL-PT',
    reason: 'Chuẩn bị tiếp công dân định kỳ tại trụ sở UBND xã',
  },
  {
    day: -210,
    deadlineDay: -100,
    admin: PROVINCE_ADMIN,
    courseId: KNS,
    unitCode: PROVINCE,
    group: 'cong-chuc-chuyen-mon',
    reason: 'Chuyển đổi số: hồ sơ điện tử và dịch vụ công trực tuyến',
  },
  {
    day: -75,
    deadlineDay: -10,
    admin: PROVINCE_ADMIN,
    courseId: TCD,
    unitCode: 'SL-TH',
    reason: 'Bồi dưỡng theo Đề án 700 cho công chức phường',
  },
  {
    day: -45,
    deadlineDay: 45,
    admin: PROVINCE_ADMIN,
    courseId: GT,
    unitCode: PROVINCE,
    reason: 'Kỹ năng giao tiếp tại Trung tâm Phục vụ hành chính công',
  },
];

const CLASSES: DemoClass[] = [
  {
    startDay: -300,
    days: 3,
    admin: PROVINCE_ADMIN,
    unitCode: PROVINCE,
    kind: 'qlnn-lanh-dao-quan-ly',
    content: 'Bồi dưỡng kiến thức, kỹ năng quản lý nhà nước cho lãnh đạo cấp xã sau sắp xếp',
    method: 'truc-tiep',
    hours: 24,
    place: 'Trường Chính trị tỉnh Sông Lam',
    organiser: 'Sở Nội vụ tỉnh Sông Lam',
    funding: 'ns-tinh',
    attendees: (learner) => learner.group === 'lanh-dao-quan-ly' || learner.group === 'can-bo',
  },
  // The demo's online courses are samples, which never count: general state management comes from a class.
  {
    startDay: -200,
    days: 10,
    admin: PROVINCE_ADMIN,
    unitCode: PROVINCE,
    kind: 'kien-thuc-chung-qlnn',
    field: 'chinh-quyen-dia-phuong',
    content: 'Bồi dưỡng kiến thức chung về quản lý nhà nước đáp ứng yêu cầu vận hành chính quyền địa phương 2 cấp',
    method: 'truc-tiep',
    hours: 80,
    place: 'Trường Chính trị tỉnh Sông Lam',
    organiser: 'Sở Nội vụ tỉnh Sông Lam',
    funding: 'theo-de-an',
    attendees: (learner) => learner.group === 'cong-chuc-chuyen-mon' && chance(`${learner.staffCode}:qlnn`) < 0.45,
  },
  {
    startDay: -130,
    days: 5,
    admin: PROVINCE_ADMIN,
    unitCode: PROVINCE,
    kind: 'chuyen-mon-chuyen-nganh',
    content: 'Bồi dưỡng chuyên môn chuyên ngành cho công chức chưa đáp ứng yêu cầu vị trí việc làm',
    method: 'ket-hop',
    hours: 40,
    place: 'Trường Chính trị tỉnh Sông Lam và trực tuyến',
    organiser: 'Sở Nội vụ tỉnh Sông Lam',
    funding: 'ns-tw',
    attendees: (learner) => learner.underqualified && chance(`${learner.staffCode}:chuyen-nganh`) < 0.75,
  },
  {
    startDay: -160,
    days: 2,
    admin: PROVINCE_ADMIN,
    unitCode: 'SL-TH',
    kind: 'tap-huan-nghiep-vu',
    field: 'kien-thuc-phap-luat',
    content: 'Tập huấn nghiệp vụ hộ tịch, chứng thực cho công chức phường',
    method: 'truc-tiep',
    hours: 16,
    place: 'Hội trường UBND phường Tân Hòa',
    organiser: 'UBND phường Tân Hòa',
    funding: 'theo-de-an',
    attendees: (learner) => learner.commune === 'SL-TH' && learner.group === 'cong-chuc-chuyen-mon',
  },
  {
    startDay: -95,
    days: 2,
    admin: COMMUNE_ADMINS['SL-PT'],
    unitCode: 'SL-PT',
    kind: 'tap-huan-nghiep-vu',
    field: 'dat-dai',
    content: 'Tập huấn quản lý đất đai và giải quyết tranh chấp đất đai ở cơ sở',
    method: 'ket-hop',
    hours: 12,
    place: 'Hội trường UBND xã Phú Thịnh và trực tuyến',
    organiser: 'UBND xã Phú Thịnh',
    funding: 'ns-tinh',
    attendees: (learner) => learner.commune === 'SL-PT',
  },
  {
    startDay: -30,
    days: 1,
    admin: COMMUNE_ADMINS['SL-QL'],
    unitCode: 'SL-QL',
    kind: 'ky-nang-bo-tro',
    field: 'ky-nang-so',
    content: 'Kỹ năng sử dụng hệ thống quản lý văn bản và chữ ký số',
    method: 'truc-tiep',
    hours: 8,
    place: 'Hội trường UBND xã Quảng Lợi',
    organiser: 'UBND xã Quảng Lợi',
    funding: 'khac-xhh',
    attendees: (learner) => learner.commune === 'SL-QL',
  },
];

const EVALUATION_COMMENTS = [
  'Vận dụng tốt kiến thức đã học vào công việc hằng ngày.',
  'Tiến bộ rõ trong xử lý hồ sơ, cần tiếp tục rèn kỹ năng giao tiếp.',
  'Chủ động hướng dẫn đồng nghiệp, người dân hài lòng hơn.',
  'Đã áp dụng một phần, cần thêm thời gian thực hành.',
];

/** True when the database already has learning history (any assignment, event, attempt or class). */
async function hasHistory(db: Database): Promise<boolean> {
  const [row] = await db
    .select({
      any: sql<number>`(select count(*) from (select 1 from ${assignments} limit 1))
        + (select count(*) from (select 1 from ${progressEvents} limit 1))
        + (select count(*) from (select 1 from ${quizAttempts} limit 1))
        + (select count(*) from (select 1 from ${courseCompletions} limit 1))
        + (select count(*) from (select 1 from ${trainingClasses} limit 1))`,
    })
    .from(sql`(select 1)`);
  return Number(row.any) > 0;
}

/**
 * Seeds the history on the database of DATABASE_URL (the server's getDb()), once: nothing when
 * the demo province is missing or the database already has any learning history. Returns what
 * it seeded, or null.
 */
export async function seedDemoHistory(clock = new DemoClock()): Promise<HistorySummary | null> {
  if (!import.meta.resolve('../../src/lib/server/db.ts').endsWith('/db/seed/seed-db.ts'))
    throw new Error('Hãy nạp db/seed/server-seams.ts trước db/seed/demo-history.ts (xem db/seed.ts).');
  const { getDb } = await import('../../src/lib/server/db.ts');
  const db = getDb();
  if (await hasHistory(db)) return null;
  const [province] = await db.select().from(units).where(eq(units.code, PROVINCE)).limit(1);
  if (!province) return null;

  const content = readDemoContent();
  useSeedIds(`hoc-lieu-so-demo:${clock.date(0)}`);
  useSeedCompletion(content.completion, () => clock.now());
  const history = new History(db, clock, content);
  await history.run();
  return history.summary();
}

class History {
  readonly #learners: Learner[] = [];
  readonly #admins = new Map<string, SessionUser>();
  /** Steps by day. */
  readonly #steps = new Map<number, Step[]>();
  #store!: import('../../src/lib/server/progress/event-store.ts').EventStore;
  #attempts!: {
    startAttempt: typeof import('../../src/lib/server/assessment/start-attempt.ts').startAttempt;
    saveAnswers: typeof import('../../src/lib/server/assessment/save-answers.ts').saveAnswers;
    submitAttempt: typeof import('../../src/lib/server/assessment/submit-attempt.ts').submitAttempt;
  };

  readonly db: Database;
  readonly clock: DemoClock;
  readonly content: DemoContent;

  constructor(db: Database, clock: DemoClock, content: DemoContent) {
    this.db = db;
    this.clock = clock;
    this.content = content;
  }

  async run(): Promise<void> {
    // Loaded now, after server-seams.ts has swapped in the seed's completion module.
    const [{ createEventStore }, { startAttempt }, { saveAnswers }, { submitAttempt }] = await Promise.all([
      import('../../src/lib/server/progress/event-store.ts'),
      import('../../src/lib/server/assessment/start-attempt.ts'),
      import('../../src/lib/server/assessment/save-answers.ts'),
      import('../../src/lib/server/assessment/submit-attempt.ts'),
    ]);
    // The server passes recordCompletionIfDue for every course a lesson was completed in. In this
    // history a final test always comes after the lessons, so a lesson can complete only a course
    // without a final test: the others are left to the test's own check (it saves ~5,000 reads).
    const completesOnLessons = (courseId: string) => !this.content.progress.courses.get(courseId)?.finalTest;
    this.#store = createEventStore(this.db, {
      now: () => this.clock.now(),
      whenCourseMayBeComplete: async (userId, courseId) => {
        if (completesOnLessons(courseId)) await recordCompletionIfDue(userId, courseId);
      },
    });
    this.#attempts = { startAttempt, saveAnswers, submitAttempt };
    await this.#loadPeople();

    const first = Math.min(...CAMPAIGNS.map((c) => c.day), ...CLASSES.map((c) => c.startDay), -365);
    await this.#recogniseProgramme(first - 1);
    this.#planSelfStudy();
    for (let day = first; day < 0; day++) {
      for (const campaign of CAMPAIGNS.filter((c) => c.day === day)) await this.#assign(campaign);
      for (const demoClass of CLASSES.filter((c) => c.startDay + c.days - 1 === day))
        await this.#recordClass(demoClass);
      await this.#study(day);
    }
    await this.#evaluate();
    await this.#plan();
  }

  /**
   * The state-management course recorded as the online part of a recognised programme, through the
   * reviewer's own server function (audited). ILLUSTRATIVE: neither the seeds nor the domain brief
   * give such a decision (the plans ask for the programme to be approved; they give it two weeks,
   * i.e. 10 days of 8 hours), so its number, issuer and online hours are made up and stored with
   * illustrative = true, which prints "quyết định minh họa của dữ liệu mẫu" beside the hours.
   */
  async #recogniseProgramme(day: number): Promise<void> {
    const { recordProgramme } = await import('../../src/lib/server/programmes/programmes.ts');
    const [row] = await this.db.select({ id: users.id }).from(users).where(eq(users.username, REVIEWER)).limit(1);
    if (!row || !this.content.completion.has(DEMO_PROGRAMME.course)) return;
    const outcome = await recordProgramme(
      await this.#sessionUser(row.id),
      { ...DEMO_PROGRAMME, decisionDate: this.clock.date(day) },
      new Set(this.content.completion.keys()),
      { db: this.db, now: this.clock.at(day), illustrative: true },
    );
    if (!outcome.ok) throw new Error(`Không ghi nhận được chương trình mẫu: ${outcome.message}`);
  }

  async #sessionUser(userId: string): Promise<SessionUser> {
    const [user] = await this.db.select().from(users).where(eq(users.id, userId)).limit(1);
    const roles = await this.db
      .select({ role: roleGrants.role, unitId: roleGrants.unitId, unitPath: units.path })
      .from(roleGrants)
      .leftJoin(units, eq(units.id, roleGrants.unitId))
      .where(eq(roleGrants.userId, userId));
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      officialId: user.officialId,
      mustChangePassword: user.mustChangePassword,
      roles,
    };
  }

  async #loadPeople(): Promise<void> {
    const rows = await this.db
      .select({
        officialId: officials.id,
        userId: users.id,
        staffCode: officials.staffCode,
        group: officials.group,
        underqualified: officials.underqualified,
      })
      .from(officials)
      .innerJoin(users, eq(users.officialId, officials.id))
      .where(like(officials.staffCode, `${PROVINCE}-%`))
      .orderBy(officials.staffCode);
    for (const row of rows)
      this.#learners.push({
        ...row,
        commune: row.staffCode.split('-').slice(0, 2).join('-'),
        user: await this.#sessionUser(row.userId),
      });
    for (const username of [PROVINCE_ADMIN, ...Object.values(COMMUNE_ADMINS)]) {
      const [row] = await this.db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
      if (row) this.#admins.set(username, await this.#sessionUser(row.id));
    }
  }

  #admin(username: string): SessionUser {
    const admin = this.#admins.get(username) ?? this.#admins.get(PROVINCE_ADMIN);
    if (!admin) throw new Error(`Không có tài khoản quản trị ${username} trong dữ liệu mẫu.`);
    return admin;
  }

  async #unitId(code: string): Promise<string> {
    const [row] = await this.db.select({ id: units.id }).from(units).where(eq(units.code, code)).limit(1);
    return row.id;
  }

  /** Assigns a campaign's course, then plans how each assigned official goes about it. */
  async #assign(campaign: Campaign): Promise<void> {
    if (!this.content.completion.has(campaign.courseId)) return;
    const { assignTraining } = await import('../../src/lib/server/assignments/assign.ts');
    const at = this.clock.at(campaign.day, 8, 30);
    this.clock.set(at);
    await assignTraining(
      this.db,
      this.#admin(campaign.admin),
      {
        courseId: campaign.courseId,
        deadline: this.clock.date(campaign.deadlineDay),
        reason: campaign.reason,
        targets: {
          kind: 'filter',
          filter: {
            unitId: await this.#unitId(campaign.unitCode),
            ...(campaign.group ? { group: campaign.group } : {}),
          },
        },
      },
      at,
    );
    const assigned = await this.db
      .select({ officialId: assignments.officialId })
      .from(assignments)
      .where(and(eq(assignments.courseId, campaign.courseId), eq(assignments.assignedAt, at)));
    const ids = new Set(assigned.map((row) => row.officialId));
    for (const learner of this.#learners)
      if (ids.has(learner.officialId)) this.#planCourse(learner, campaign.courseId, campaign.day, 0.72);
  }

  /** A few officials take a course nobody sent them to. */
  #planSelfStudy(): void {
    const assignedLater = (learner: Learner, courseId: string) =>
      CAMPAIGNS.some(
        (c) =>
          c.courseId === courseId &&
          (c.unitCode === PROVINCE || c.unitCode === learner.commune) &&
          (!c.group || c.group === learner.group),
      );
    for (const learner of this.#learners)
      for (const courseId of this.content.completion.keys())
        if (!assignedLater(learner, courseId) && chance(`${learner.staffCode}:${courseId}:tu-hoc`) < 0.15)
          this.#planCourse(learner, courseId, between(`${learner.staffCode}:${courseId}:tu-hoc-ngay`, -320, -40), 0.8);
  }

  /**
   * Plans one learner's work on a course from `from` on: completes it (passing the final test,
   * sometimes after failed attempts), or fails the test three times, or stops halfway, or never
   * starts. Steps that would fall today or later are left out: that work is still to come.
   */
  #planCourse(learner: Learner, courseId: string, from: number, completeShare: number): void {
    const key = `${learner.staffCode}:${courseId}`;
    const requirements = this.content.progress.courses.get(courseId)!;
    const outcome = chance(`${key}:ket-qua`);
    const completes = outcome < completeShare;
    const failsTest = !completes && outcome < completeShare + 0.05;
    const stopsHalfway = !completes && !failsTest && outcome < completeShare + 0.16;
    if (!completes && !failsTest && !stopsHalfway) return;

    const lessonIds = requirements.lessons.map((lesson) => lesson.lessonId);
    const toStudy = stopsHalfway ? lessonIds.slice(0, between(`${key}:dung`, 1, lessonIds.length - 1)) : lessonIds;
    let day = from + between(`${key}:bat-dau`, 2, 35);
    for (let index = 0; index < toStudy.length;) {
      const count = between(`${key}:buoi-${index}`, 1, 3);
      this.#addStep(day, { kind: 'lessons', learner, courseId, lessonIds: toStudy.slice(index, index + count) });
      index += count;
      day += between(`${key}:nghi-${index}`, 1, 9);
    }
    if (stopsHalfway || !requirements.finalTest) return;
    const failures = failsTest ? 3 : chance(`${key}:truot`) < 0.2 ? between(`${key}:so-lan-truot`, 1, 2) : 0;
    for (let attempt = 1; attempt <= Math.min(failures + 1, 3); attempt++) {
      this.#addStep(day, {
        kind: 'attempt',
        learner,
        courseId,
        pass: attempt > failures,
        key: `${key}:lan-${attempt}`,
      });
      day += between(`${key}:lam-lai-${attempt}`, 1, 6);
    }
  }

  #addStep(day: number, step: Step): void {
    if (day >= 0) return;
    this.#steps.set(day, [...(this.#steps.get(day) ?? []), step]);
  }

  /** One day of online learning: every learner's lesson events in one group commit, then the tests. */
  async #study(day: number): Promise<void> {
    const steps = this.#steps.get(day) ?? [];
    const lessonSteps = steps.filter((step) => step.kind === 'lessons');
    if (lessonSteps.length > 0) {
      this.clock.set(this.clock.at(day, 17, 30));
      await Promise.all(
        lessonSteps.map((step, index) => this.#store.record(step.learner.userId, this.#lessonEvents(day, index, step))),
      );
    }
    let minute = 0;
    for (const step of steps)
      if (step.kind === 'attempt') await this.#takeTest(this.clock.at(day, 19, (minute += 3)), step);
  }

  /** The events a learner's device would send for opening and completing these lessons. */
  #lessonEvents(day: number, index: number, step: Extract<Step, { kind: 'lessons' }>) {
    const requirements = this.content.progress.courses.get(step.courseId)!;
    let at = this.clock.at(day, 8 + (index % 9), 0).getTime();
    const events: ProgressEvent[] = [];
    const event = (kind: ProgressEvent['kind'], fields: Partial<ProgressEvent>) =>
      events.push({
        id: randomUUID(),
        kind,
        courseId: step.courseId,
        occurredAt: new Date(at).toISOString(),
        ...fields,
      });
    for (const lessonId of step.lessonIds) {
      event('lesson_opened', { lessonId });
      at += 12 * 60_000;
      for (const videoId of requirements.lessons.find((lesson) => lesson.lessonId === lessonId)?.videoIds ?? []) {
        const duration = this.content.progress.videoDurations.get(videoId);
        if (duration)
          event('video_watched', {
            lessonId,
            videoId,
            data: { intervals: [[0, duration]], position: duration, duration },
          });
      }
      at += 8 * 60_000;
      event('lesson_completed', { lessonId });
    }
    // The same checks as POST /api/v1/progress/events.
    const batch = ProgressBatchSchema.parse({ events });
    const checked = checkEventsAgainstContent(batch.events, this.content.progress);
    if (!checked.ok) throw new Error(`Dữ liệu mẫu sai: ${JSON.stringify(checked.issues)}`);
    return checked.events;
  }

  /** Takes the course's final test: start, answer (well or badly, as planned), submit. */
  async #takeTest(at: Date, step: Extract<Step, { kind: 'attempt' }>): Promise<void> {
    const entry = [...(this.content.quizzes.byCourse.get(step.courseId) ?? [])].find((quiz) => quiz.quiz.final);
    if (!entry) return;
    const { startAttempt, saveAnswers, submitAttempt } = this.#attempts;
    this.clock.set(at);
    let attempt: QuizAttempt;
    try {
      ({ attempt } = await startAttempt(step.learner.user, entry, at.getTime()));
    } catch {
      return; // Refused by the quiz's rules (e.g. already passed): the learner simply does not retake it.
    }
    const answeredAt = at.getTime() + between(`${step.key}:phut`, 8, 22) * 60_000;
    await saveAnswers(step.learner.userId, attempt.id, plannedAnswers(attempt, entry, step.pass, step.key), answeredAt);
    const submittedAt = answeredAt + 60_000;
    this.clock.set(new Date(submittedAt));
    await submitAttempt(step.learner.userId, attempt.id, submittedAt);
  }

  /** Records each class (at its last day) with its attendance, as an administrator enters it. */
  async #recordClass(demoClass: DemoClass): Promise<void> {
    const { createClass, findClassInScope, recordAttendances } =
      await import('../../src/lib/server/classes/class-store.ts');
    const admin = this.#admin(demoClass.admin);
    const instructor = await this.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'giangvien'))
      .limit(1);
    const classId = await createClass(admin, {
      unitId: await this.#unitId(demoClass.unitCode),
      kind: demoClass.kind,
      field: demoClass.field ?? null,
      content: demoClass.content,
      method: demoClass.method,
      startsOn: this.clock.date(demoClass.startDay),
      endsOn: this.clock.date(demoClass.startDay + demoClass.days - 1),
      hours: demoClass.hours,
      place: demoClass.place,
      organiser: demoClass.organiser,
      funding: demoClass.funding,
      instructorUserId: demoClass.unitCode === PROVINCE ? (instructor[0]?.id ?? null) : null,
    });
    const found = await findClassInScope(admin, classId);
    if (!found) throw new Error(`Lớp mẫu "${demoClass.content}" không thuộc phạm vi của ${admin.username}.`);
    let number = 0;
    const attendances: AttendanceInput[] = this.#learners.filter(demoClass.attendees).map((learner) => {
      const key = `${learner.staffCode}:${demoClass.content}`;
      const roll = chance(`${key}:ket-qua`);
      const result: AttendanceResult = roll < 0.07 ? 'vang' : roll < 0.13 ? 'khong-hoan-thanh' : 'hoan-thanh';
      const done = result === 'hoan-thanh';
      return {
        officialId: learner.officialId,
        result,
        score:
          result === 'vang' ? null : done ? between(`${key}:diem`, 65, 95) / 10 : between(`${key}:diem`, 30, 49) / 10,
        certificateNumber: done
          ? `${demoClass.unitCode}-${this.clock.date(demoClass.startDay).slice(0, 4)}-${String(++number).padStart(3, '0')}`
          : null,
      };
    });
    // Results are recorded on the class's last day, the first day the server accepts them.
    const lastDay = this.clock.date(demoClass.startDay + demoClass.days - 1);
    if (attendances.length > 0)
      await recordAttendances(admin, found.trainingClass, attendances, 'record-class', lastDay);
  }

  /** Evaluates most completions that are three months old or more, as their administrators would. */
  async #evaluate(): Promise<void> {
    const { recordEvaluation } = await import('../../src/lib/server/evaluations/evaluations.ts');
    const byUser = new Map(this.#learners.map((learner) => [learner.userId, learner]));
    const rows = await this.db
      .select({
        userId: courseCompletions.userId,
        courseId: courseCompletions.courseId,
        completedAt: courseCompletions.completedAt,
      })
      .from(courseCompletions)
      .where(inArray(courseCompletions.userId, [...byUser.keys()]))
      .orderBy(courseCompletions.completedAt);
    const lastDay = this.clock.at(-1, 16);
    for (const row of rows) {
      const learner = byUser.get(row.userId)!;
      const key = `${learner.staffCode}:${row.courseId}:danh-gia`;
      if (chance(key) >= 0.75) continue;
      const at = new Date(row.completedAt.getTime() + between(`${key}:ngay`, 100, 140) * 86_400_000);
      if (at > lastDay) continue;
      const rating = (name: string) => between(`${key}:${name}`, 3, 5);
      await recordEvaluation(
        this.#admin(COMMUNE_ADMINS[learner.commune] ?? PROVINCE_ADMIN),
        row.userId,
        row.courseId,
        {
          taskResults: rating('ket-qua'),
          adviceQuality: rating('tham-muu'),
          responsibility: rating('trach-nhiem'),
          coordination: rating('phoi-hop'),
          citizenSatisfaction: rating('hai-long'),
          comment: EVALUATION_COMMENTS[between(`${key}:nhan-xet`, 0, EVALUATION_COMMENTS.length - 1)],
        },
        at,
      );
    }
  }

  /** The province's training plan for this year, in the layout of the plan form. */
  async #plan(): Promise<void> {
    const { savePlan } = await import('../../src/lib/server/plans/plan-store.ts');
    const [unit] = await this.db.select().from(units).where(eq(units.code, PROVINCE)).limit(1);
    const row = (item: Partial<PlanItem> & Pick<PlanItem, 'content' | 'audience'>): PlanItem => ({
      classCount: 1,
      peopleCount: 0,
      duration: '',
      place: '',
      fundProvince: 0,
      fundCentral: 0,
      fundScheme: 0,
      fundOther: 0,
      organiser: 'Sở Nội vụ',
      note: '',
      ...item,
    });
    await savePlan(
      this.#admin(PROVINCE_ADMIN),
      unit,
      undefined,
      {
        span: 'nam',
        period: String(this.clock.year),
        title: `Kế hoạch bồi dưỡng cán bộ, công chức cấp xã năm ${this.clock.year}`,
      },
      [
        row({
          content: 'Vận hành chính quyền địa phương hai cấp (trực tuyến)',
          audience: 'Cán bộ, công chức cấp xã',
          peopleCount: 72,
          duration: '80 tiết',
          place: 'Trực tuyến',
          fundScheme: 40,
        }),
        row({
          content: 'Kiến thức, kỹ năng quản lý nhà nước cho lãnh đạo cấp xã',
          audience: 'Lãnh đạo, quản lý cấp xã',
          peopleCount: 30,
          duration: '3 ngày',
          place: 'Trường Chính trị tỉnh',
          fundProvince: 120,
        }),
        row({
          content: 'Tập huấn tiếp công dân, giải quyết khiếu nại, tố cáo',
          audience: 'Công chức chuyên môn',
          classCount: 2,
          peopleCount: 45,
          duration: '3 ngày',
          place: 'Trực tuyến và tại xã',
          fundProvince: 60,
        }),
        row({
          content: 'Kỹ năng số và dịch vụ công trực tuyến',
          audience: 'Công chức chuyên môn',
          classCount: 2,
          peopleCount: 40,
          duration: '2 ngày',
          place: 'Tại xã',
          fundScheme: 50,
          fundOther: 10,
        }),
      ],
    );
  }

  /** Counts of what the province now has. */
  async summary(): Promise<HistorySummary> {
    const count = async (query: Promise<{ n: number }[]>) => Number((await query)[0].n);
    const n = sql<number>`count(*)`;
    return {
      assignments: await count(this.db.select({ n }).from(assignments)),
      completions: await count(this.db.select({ n }).from(courseCompletions)),
      certificates: await count(this.db.select({ n }).from(certificates)),
      attempts: await count(this.db.select({ n }).from(quizAttempts)),
      failedAttempts: await count(this.db.select({ n }).from(quizAttempts).where(eq(quizAttempts.passed, false))),
      classes: await count(this.db.select({ n }).from(trainingClasses)),
      attendances: await count(this.db.select({ n }).from(classAttendances)),
      evaluations: await count(this.db.select({ n }).from(effectivenessEvaluations)),
      plans: await count(this.db.select({ n }).from(trainingPlans)),
    };
  }
}

/** A right (or deliberately wrong) public answer for one slot, as the quiz page would send it. */
function publicAnswer(slot: AnswerSlot, right: boolean): unknown {
  const { question, optionIds } = slot;
  const position = (id: string) => String(optionIds.indexOf(id) + 1);
  if (question.type === 'true-false') return right ? question.correct : !question.correct;
  const wrongOption = optionIds.find((id) => !question.correct.includes(id)) ?? optionIds[0];
  if (question.type === 'single') return position(right ? question.correct[0] : wrongOption);
  if (question.type === 'multiple') return right ? question.correct.map(position) : [position(wrongOption)];
  return (right ? question.correct : [...question.correct].reverse()).map(position);
}

/**
 * The answers to send so that the attempt passes or fails as planned, with a score near a target
 * drawn from the plan: starting from all right, questions (in a fixed order) are answered wrongly
 * while the grade, computed by the real grading function, stays on the planned side of the target.
 */
function plannedAnswers(attempt: QuizAttempt, entry: QuizEntry, pass: boolean, key: string): Record<string, unknown> {
  const passPercent = entry.quiz.passPercent;
  const target = pass
    ? passPercent + chance(`${key}:muc-tieu`) * (100 - passPercent)
    : 25 + chance(`${key}:muc-tieu`) * (passPercent - 30);
  const slots = answerSlots(attempt.questions, attempt.drawn).sort((a, b) =>
    a.question.id.localeCompare(b.question.id),
  );
  const right = new Map(slots.map((slot) => [slot.publicId, true]));
  const grade = () => {
    const stored: Record<string, unknown> = {};
    for (const slot of slots) {
      const value = toStoredAnswer(slot, publicAnswer(slot, right.get(slot.publicId)!));
      if (value.ok) stored[slot.question.id] = value.value;
    }
    return gradeAttempt(attempt.questions, stored, passPercent);
  };
  for (const slot of slots) {
    right.set(slot.publicId, false);
    const result = grade();
    if (pass && (!result.passed || result.percent < target)) right.set(slot.publicId, true);
    if (!pass && result.percent < target) break;
  }
  return Object.fromEntries(slots.map((slot) => [slot.publicId, publicAnswer(slot, right.get(slot.publicId)!)]));
}
