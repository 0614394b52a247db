/**
 * No answer key before submission: every page and response a learner can get before submitting
 * (quiz page, start, attempt page, attempt JSON, save, confirm page) and every file the build
 * serves (dist/client, JavaScript chunks included) is searched for anything that would give an
 * answer away: explanation text, legal reference numbers, bank ids (which can state the answer),
 * a "correct" property; and the option order and ids are checked to carry no hint. The practice
 * quiz is attempted until every question it can draw was shown, which covers every question type.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { eq, isNotNull } from 'drizzle-orm';
import { quizAttempts, users } from '../../db/schema/index.ts';
import type { AnswerableQuestion, Question, QuestionBank } from '../../src/schemas/question-bank.ts';
import { matchesRule } from '../../src/lib/assessment/draw.ts';
import { buildQuizCatalog, type QuizEntry } from '../../src/lib/assessment/quiz-catalog.ts';
import { answerSlots } from '../../src/lib/assessment/public-attempt.ts';
import { createTestDatabase, openTestDatabase } from '../support/database.ts';
import { demoCourses } from '../support/demo-content.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const PRACTICE = 'tiep-cong-dan-khieu-nai-to-cao/on-tap';
const ALL_TYPES = ['single', 'multiple', 'true-false', 'ordering', 'case-group'] as const;
const MAX_PRACTICE_ATTEMPTS = 80;

/** The quizzes of the published demo courses, read from content/ as the server reads them. */
function demoCatalog() {
  const root = join(process.cwd(), 'content', 'courses');
  const texts: Record<string, string> = {};
  for (const course of readdirSync(root)) {
    for (const folder of ['question-banks', 'quizzes']) {
      let files: string[];
      try {
        files = readdirSync(join(root, course, folder));
      } catch {
        continue;
      }
      for (const file of files)
        texts[`/content/courses/${course}/${folder}/${file}`] = readFileSync(join(root, course, folder, file), 'utf8');
    }
  }
  return buildQuizCatalog(texts, new Set(demoCourses().map((course) => course.id)));
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
/** HTML as a reader sees its text: entities decoded, whitespace folded. */
const decoded = (html: string) =>
  normalise(
    html
      .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
      .replace(/&#x([0-9a-f]+);/gi, (_, code) => String.fromCodePoint(parseInt(code, 16)))
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );

const partsOf = (question: Question): AnswerableQuestion[] =>
  question.type === 'case-group' ? question.questions : [question];

/** Everything the learner is meant to read before submitting, to rule out markers that appear there honestly. */
function publicTextOf(bank: QuestionBank): string {
  return normalise(
    bank.questions
      .flatMap((question) => [
        question.prompt,
        question.type === 'case-group' ? question.scenario : '',
        ...partsOf(question).flatMap((part) => [
          part.prompt,
          ...('options' in part ? part.options.map((option) => option.text) : []),
        ]),
      ])
      .join(' \n '),
  );
}

interface Marker {
  text: string;
  what: string;
}

/**
 * What would give the key away, per question: the start and end of each explanation, the
 * number of each legal reference, the question ids and the longer option ids (which authors
 * write as words). A marker found in the questions' own public text is left out.
 */
function markersOf(bank: QuestionBank): Marker[] {
  const visible = publicTextOf(bank);
  const markers: Marker[] = [];
  const add = (text: string | undefined, what: string) => {
    if (text && text.length >= 4 && !visible.includes(text)) markers.push({ text, what });
  };
  for (const question of bank.questions) {
    for (const item of [question, ...(question.type === 'case-group' ? question.questions : [])]) {
      if (item.explanation) {
        const explanation = normalise(item.explanation);
        add(explanation.slice(0, 60), `giải thích của ${item.id}`);
        add(explanation.slice(-40), `giải thích của ${item.id}`);
      }
      add(item.legalReference?.number, `căn cứ pháp lý của ${item.id}`);
      add(item.id, 'mã câu hỏi trong ngân hàng');
      if ('options' in item)
        for (const option of item.options) if (option.id.length >= 4) add(option.id, `mã phương án của ${item.id}`);
    }
  }
  return markers;
}

/**
 * Markers for the static files: whole prompts, whole explanations and the bank's title. Lessons
 * honestly teach what the explanations restate (and cite the same laws), so only text that is
 * the bank's own, in full, counts there.
 */
function staticMarkersOf(bank: QuestionBank): Marker[] {
  return [
    { text: normalise(bank.title), what: 'tên ngân hàng câu hỏi' },
    ...bank.questions.flatMap((question) =>
      [question, ...(question.type === 'case-group' ? question.questions : [])].flatMap((item) => [
        ...(item.explanation ? [{ text: normalise(item.explanation), what: `giải thích của ${item.id}` }] : []),
        { text: normalise(item.prompt), what: `câu hỏi ${item.id}` },
      ]),
    ),
  ];
}

/** A built file's text as a bundler may have escaped it (\n, \", \uXXXX in string literals). */
function unescapedScript(text: string): string {
  return normalise(
    text
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, code) => String.fromCharCode(parseInt(code, 16)))
      .replace(/\\[nrt]/g, ' ')
      .replace(/\\(["'`\\])/g, '$1'),
  );
}

/** Every key in a JSON value, however deep. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, child]) => [key, ...keysOf(child)]);
  return [];
}

const catalog = demoCatalog();
const quizzes = [...catalog.byId.values()];
const allMarkers = new Map(quizzes.map((entry) => [entry.quizId, markersOf(entry.bank)]));

let server: RunningServer;
let databaseUrl: string;
const cookies: string[] = [];
let nextCookie = 0;
/** Text every page carries (header, footer: the footer cites Decision 700/QĐ-TTg): not a leak. */
let siteChrome = '';

before(async () => {
  databaseUrl = await createTestDatabase();
  process.env.DATABASE_URL = databaseUrl;
  const { createSession } = await import('../../src/lib/server/auth/sessions.ts');
  const db = openTestDatabase(databaseUrl);
  const learners = await db
    .select({ id: users.id })
    .from(users)
    .where(isNotNull(users.officialId))
    .limit(quizzes.length + 4);
  db.$client.close();
  for (const { id } of learners) cookies.push(`hls_session=${await createSession(id)}`);
  server = await startServer({ DATABASE_URL: databaseUrl });
  siteChrome = decoded(await (await fetch(`${server.baseUrl}/khong-co-trang-nay/`)).text());
});
after(() => server?.stop());

/** One response a learner got, kept with where it came from. */
interface Seen {
  where: string;
  text: string;
  json?: unknown;
}

async function fetchAs(
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; seen: Seen }> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      Cookie: cookie,
      Origin: server.baseUrl,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    seen: {
      where: `${method} ${path}`,
      text: isJson ? normalise(raw) : decoded(raw),
      json: isJson ? JSON.parse(raw) : undefined,
    },
  };
}

/** Properties that only a key or a review has. */
const KEY_PROPERTIES = ['correct', 'explanation', 'legalReference', 'grade', 'key', 'outcome', 'earned'];

/** The leaks found in what was seen: markers, "correct"-like properties and attributes. */
function leaksIn(seen: readonly Seen[], markers: readonly Marker[]): string[] {
  const leaks: string[] = [];
  for (const { where, text, json } of seen) {
    for (const marker of markers)
      if (text.includes(marker.text) && !siteChrome.includes(marker.text))
        leaks.push(`${where}: ${marker.what} ("${marker.text}")`);
    if (json !== undefined) {
      for (const key of keysOf(json)) if (KEY_PROPERTIES.includes(key)) leaks.push(`${where}: thuộc tính "${key}"`);
      const review = (json as { review?: unknown }).review;
      if (review !== undefined && review !== null) leaks.push(`${where}: có phần xem lại trước khi nộp`);
    } else if (/data-correct|"correct"|\bcorrect=/.test(text)) {
      leaks.push(`${where}: thuộc tính "correct" trong HTML`);
    }
  }
  return leaks;
}

/**
 * Takes one attempt up to (not including) the submit and returns everything the learner got,
 * with the attempt's id. Answers a few questions on the way, so saved answers are shown too.
 */
async function walkAttempt(entry: QuizEntry, cookie: string): Promise<{ attemptId: string; seen: Seen[] }> {
  const quizPage = `/khoa-hoc/${entry.courseId}/kiem-tra/${entry.slug}/`;
  const seen: Seen[] = [];
  const page = await fetchAs(cookie, 'GET', quizPage);
  assert.equal(page.status, 200, `${quizPage}: ${page.seen.text.slice(0, 200)}`);
  seen.push(page.seen);
  const started = await fetchAs(cookie, 'POST', `/api/v1/quizzes/${entry.quizId}/attempts`);
  assert.equal(started.status, 201, started.seen.text.slice(0, 300));
  seen.push(started.seen);
  const view = started.seen.json as {
    id: string;
    url: string;
    questions: {
      id: string;
      type: string;
      options?: { id: string }[];
      questions?: { id: string; type: string; options?: { id: string }[] }[];
    }[];
  };
  seen.push((await fetchAs(cookie, 'GET', view.url)).seen);
  seen.push((await fetchAs(cookie, 'GET', `/api/v1/attempts/${view.id}`)).seen);
  // Answer the first option of every choice question and "Đúng" everywhere, then look again.
  const answers: Record<string, unknown> = {};
  for (const question of view.questions.flatMap((item) => item.questions ?? [item])) {
    if (question.type === 'single') answers[question.id] = '1';
    if (question.type === 'multiple') answers[question.id] = ['1'];
    if (question.type === 'true-false') answers[question.id] = true;
    if (question.type === 'ordering') answers[question.id] = question.options!.map((option) => option.id);
  }
  const saved = await fetchAs(cookie, 'PUT', `/api/v1/attempts/${view.id}/answers`, { answers });
  assert.equal(saved.status, 200, saved.seen.text);
  seen.push(saved.seen);
  seen.push((await fetchAs(cookie, 'GET', view.url)).seen);
  seen.push((await fetchAs(cookie, 'GET', `${view.url}nop-bai/`)).seen);
  seen.push((await fetchAs(cookie, 'GET', `/api/v1/attempts/${view.id}`)).seen);
  seen.push((await fetchAs(cookie, 'POST', `/api/v1/quizzes/${entry.quizId}/attempts`)).seen);
  seen.push((await fetchAs(cookie, 'GET', quizPage)).seen);
  return { attemptId: view.id, seen };
}

/** The stored attempt (the test may read the key; the learner never can). */
async function storedAttempt(id: string) {
  const db = openTestDatabase(databaseUrl);
  const [row] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, id));
  db.$client.close();
  return row;
}

/** Hints in the order and ids of the options shown: ids must be positions, orderings never shown solved. */
function orderHints(attempt: Awaited<ReturnType<typeof storedAttempt>>, view: unknown): string[] {
  const hints: string[] = [];
  const shown = (
    view as {
      questions: { id: string; options?: { id: string }[]; questions?: { id: string; options?: { id: string }[] }[] }[];
    }
  ).questions;
  shown.forEach((question, index) => {
    if (question.id !== `c${index + 1}`) hints.push(`câu ${index + 1} có mã ${question.id}`);
    for (const item of question.questions ?? [question]) {
      item.options?.forEach((option, position) => {
        if (option.id !== String(position + 1))
          hints.push(`${item.id}: phương án thứ ${position + 1} có mã ${option.id}`);
      });
    }
  });
  for (const slot of answerSlots(attempt.questions, attempt.drawn)) {
    if (
      slot.question.type === 'ordering' &&
      slot.optionIds.every((id, position) => id === (slot.question as { correct: string[] }).correct[position])
    ) {
      hints.push(`${slot.publicId}: câu sắp xếp hiển thị sẵn theo thứ tự đúng`);
    }
  }
  return hints;
}

describe('no answer key before submission', () => {
  test('the practice quiz shows every question it can draw, of every type, without any key', async () => {
    const entry = catalog.byId.get(PRACTICE)!;
    const drawable = new Set(
      entry.bank.questions
        .filter((question) => entry.quiz.draw.some((rule) => matchesRule(question, rule)))
        .map((question) => question.id),
    );
    const markers = allMarkers.get(PRACTICE)!;
    const shownQuestions = new Map<string, Question>();
    const leaks: string[] = [];
    const cookie = cookies[nextCookie++];

    for (let attempt = 0; attempt < MAX_PRACTICE_ATTEMPTS && shownQuestions.size < drawable.size; attempt++) {
      const { attemptId, seen } = await walkAttempt(entry, cookie);
      const stored = await storedAttempt(attemptId);
      for (const question of stored.questions) shownQuestions.set(question.id, question);
      leaks.push(...leaksIn(seen, markers), ...orderHints(stored, seen[1].json));
      assert.equal((await fetchAs(cookie, 'POST', `/api/v1/attempts/${attemptId}/submit`)).status, 200);
    }

    assert.deepEqual(leaks, []);
    assert.equal(shownQuestions.size, drawable.size, 'every question the practice quiz can draw was shown');
    const withKeyText = [...shownQuestions.values()].filter((question) =>
      partsOf(question).some((part) => part.explanation && part.legalReference),
    );
    assert.deepEqual(
      ALL_TYPES.filter((type) => !withKeyText.some((question) => question.type === type)),
      [],
      'a question of every type with an explanation and a legal reference',
    );
    assert.ok(markers.length >= 40, `only ${markers.length} markers`);
  });

  test('every other quiz of the demo courses shows its first attempt without any key', async () => {
    const leaks: string[] = [];

    for (const entry of quizzes.filter((candidate) => candidate.quizId !== PRACTICE)) {
      const { attemptId, seen } = await walkAttempt(entry, cookies[nextCookie++]);
      leaks.push(
        ...leaksIn(seen, allMarkers.get(entry.quizId)!),
        ...orderHints(await storedAttempt(attemptId), seen[1].json),
      );
    }

    assert.deepEqual(leaks, []);
    assert.ok(
      quizzes.some((entry) => entry.quiz.final),
      'a final test was checked',
    );
  });

  test('the built files served to browsers contain no question, explanation or key', () => {
    const markers = quizzes.flatMap((entry) => staticMarkersOf(entry.bank));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(html|js|mjs|css|json|txt|xml|svg|map|yaml|yml)$/.test(name)) files.push(path);
      }
    };
    walk(join(process.cwd(), 'dist', 'client'));
    const leaks: string[] = [];

    for (const file of files) {
      const raw = readFileSync(file, 'utf8');
      const text = file.endsWith('.html') ? decoded(raw) : unescapedScript(raw);
      for (const marker of markers) if (text.includes(marker.text)) leaks.push(`${file}: ${marker.what}`);
    }
    // The same search finds a bank shipped as YAML or as a string inside a script.
    const yamlText = readFileSync(
      join(process.cwd(), 'content/courses/tiep-cong-dan-khieu-nai-to-cao/question-banks/ngan-hang-chung.yaml'),
      'utf8',
    );
    const ownMarkers = staticMarkersOf(catalog.byId.get(PRACTICE)!.bank);
    assert.ok(
      ownMarkers.every(
        (marker) => unescapedScript(JSON.stringify(yamlText)).includes(marker.text) || marker.text.includes('"'),
      ),
      'markers are found in a bundled bank',
    );

    assert.ok(
      files.some((file) => file.endsWith('.js')),
      'the build has JavaScript chunks to search',
    );
    assert.deepEqual(leaks, []);
  });

  test('the review after submitting does show the explanations, so the search above can find them', async () => {
    const cookie = cookies[nextCookie++];
    const entry = catalog.byId.get(PRACTICE)!;
    const { attemptId } = await walkAttempt(entry, cookie);

    const review = await fetchAs(cookie, 'POST', `/api/v1/attempts/${attemptId}/submit`);
    const page = await fetchAs(cookie, 'GET', (review.seen.json as { url: string }).url);

    assert.ok(leaksIn([review.seen], allMarkers.get(PRACTICE)!).some((leak) => leak.includes('giải thích')));
    assert.ok(leaksIn([page.seen], allMarkers.get(PRACTICE)!).some((leak) => leak.includes('căn cứ pháp lý')));
  });
});
