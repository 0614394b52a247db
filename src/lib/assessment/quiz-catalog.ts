/**
 * The quizzes of the published courses with the banks they draw from, as plain data. Pure: the
 * caller passes the YAML texts (the server bundles them; tests read them from disk).
 */
import { createHash } from 'node:crypto';
import yaml from 'js-yaml';
import { QuestionBankSchema, type QuestionBank } from '../../schemas/question-bank.ts';
import { QuizSchema, type Quiz } from '../../schemas/quiz.ts';

/** One quiz, ready to draw from. */
export interface QuizEntry {
  /** "<courseId>/<quiz file name without .yaml>". */
  quizId: string;
  courseId: string;
  /** The file name without .yaml: the last segment of the quiz's URL. */
  slug: string;
  quiz: Quiz;
  bank: QuestionBank;
  /** Hash of the quiz and its bank: changes whenever either is edited. */
  version: string;
}

export interface QuizCatalog {
  byId: ReadonlyMap<string, QuizEntry>;
  /** Each course's quizzes, final test first, then by title. */
  byCourse: ReadonlyMap<string, readonly QuizEntry[]>;
}

/** YAML texts keyed by path ".../courses/<courseId>/(question-banks|quizzes)/<name>.yaml". */
export type ContentTexts = Readonly<Record<string, string>>;

const PATH_PATTERN = /courses\/([a-z0-9][a-z0-9-]*)\/(question-banks|quizzes)\/([a-z0-9][a-z0-9-]*)\.ya?ml$/;

/**
 * Builds the catalog of the given courses. The build's content check has already refused any bad
 * file, so a file that still fails here is a programming error and throws.
 */
export function buildQuizCatalog(texts: ContentTexts, courseIds: ReadonlySet<string>): QuizCatalog {
  const banks = new Map<string, QuestionBank>();
  const quizzes: { courseId: string; slug: string; quiz: Quiz }[] = [];
  for (const [path, text] of Object.entries(texts)) {
    const match = PATH_PATTERN.exec(path);
    if (!match || !courseIds.has(match[1])) continue;
    const [, courseId, folder, slug] = match;
    const data = yaml.load(text);
    if (folder === 'question-banks') banks.set(`${courseId}/${slug}`, QuestionBankSchema.parse(data));
    else quizzes.push({ courseId, slug, quiz: QuizSchema.parse(data) });
  }
  const byId = new Map<string, QuizEntry>();
  const byCourse = new Map<string, QuizEntry[]>();
  for (const { courseId, slug, quiz } of quizzes) {
    const bank = banks.get(`${courseId}/${quiz.bank}`);
    if (!bank) throw new Error(`Quiz ${courseId}/${slug} draws from a missing bank ${quiz.bank}.`);
    const version = createHash('sha256')
      .update(JSON.stringify([quiz, bank]))
      .digest('hex')
      .slice(0, 16);
    const entry: QuizEntry = { quizId: `${courseId}/${slug}`, courseId, slug, quiz, bank, version };
    byId.set(entry.quizId, entry);
    byCourse.set(courseId, [...(byCourse.get(courseId) ?? []), entry]);
  }
  for (const entries of byCourse.values()) {
    entries.sort(
      (a, b) => Number(b.quiz.final) - Number(a.quiz.final) || a.quiz.title.localeCompare(b.quiz.title, 'vi'),
    );
  }
  return { byId, byCourse };
}

/** The course's final test, if it has one. */
export function finalQuizOf(catalog: QuizCatalog, courseId: string): QuizEntry | undefined {
  return catalog.byCourse.get(courseId)?.find((entry) => entry.quiz.final);
}
