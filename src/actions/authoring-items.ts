/**
 * Saving a draft's case studies, question banks, questions and quizzes from the structured editors.
 * Each form posts FormData with numbered rows ("d0-o1-label"), so the handlers read it themselves,
 * authorize (signed in, the draft visible and editable), validate with the content schemas and the
 * content check's cross-file rules, and write the YAML through the draft store. A problem answers
 * the form as typed with a message per field, and nothing is written.
 */
import { ActionError, defineAction } from 'astro:actions';
import type { ActionAPIContext } from 'astro:actions';
import { QuestionBankSchema } from '../schemas/question-bank.ts';
import { findDraftFor, writeDraftFiles } from '../lib/server/authoring/draft-store.ts';
import { canWriteCourse } from '../lib/server/authoring/access.ts';
import { requireSignedIn } from '../lib/server/auth/action-guards.ts';
import { yamlText } from '../lib/authoring/content-text.ts';
import {
  draftItemIds,
  draftYaml,
  isItemId,
  itemKey,
  itemUsers,
  takenCaseStudyIds,
  writeRefusal,
  type ItemFolder,
} from '../lib/server/authoring/draft-items.ts';
import { slugOf, text, uniqueId, type FieldProblem } from '../lib/authoring-forms/item-form.ts';
import {
  applyCaseStudyCommand,
  caseStudyData,
  caseStudyProblems,
  readCaseStudyForm,
  type CaseStudyInput,
} from '../lib/authoring-forms/case-study-form.ts';
import {
  applyQuestionCommand,
  bankWithQuestion,
  newQuestionId,
  readQuestionForm,
  type QuestionInput,
} from '../lib/authoring-forms/question-form.ts';
import {
  applyQuizCommand,
  checkQuiz,
  courseAssessment,
  quizzesBrokenBy,
  readQuizForm,
  type QuizInput,
} from '../lib/authoring-forms/quiz-form.ts';
import type { DraftForEditing } from '../lib/server/authoring/draft-store.ts';
import { groupedDigits } from '../schemas/messages.ts';

/** What a form gets back: where to go after a save, or the form again (400 with problems, or 200 after an add/remove button). */
export type ItemFormResult<I> =
  { ok: true; redirectTo: string } | { ok: false; status: number; problems: FieldProblem[]; input: I };

async function editableDraft(form: FormData, context: ActionAPIContext): Promise<DraftForEditing> {
  const user = requireSignedIn(context);
  const draftId = text(form, 'draft');
  const draft = /^[a-z0-9]{1,64}$/.test(draftId) ? await findDraftFor(user, draftId) : undefined;
  if (!draft || !(await canWriteCourse(user, draft.courseId)))
    throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy bản nháp.' });
  return draft;
}

async function write<I>(
  context: ActionAPIContext,
  draft: DraftForEditing,
  changes: Record<string, string | null>,
  input: I,
  field: string,
  redirectTo: string,
): Promise<ItemFormResult<I>> {
  const result = await writeDraftFiles(context.locals.user!, draft.id, changes);
  if (result.ok) return { ok: true, redirectTo };
  if (result.reason === 'not-found') throw new ActionError({ code: 'NOT_FOUND', message: writeRefusal(result.reason) });
  return { ok: false, status: 409, problems: [{ field, message: writeRefusal(result.reason) }], input };
}

/** Longest text any one field of these forms may carry; the content schemas set lower limits on the texts they know. */
const MAX_FIELD_CHARS = 50_000;

/** Fields longer than any field of these forms may be (legal rows, tags…), each as a problem next to it. */
function overlongFields(form: FormData): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string' && value.length > MAX_FIELD_CHARS) {
      problems.push({
        field: name,
        message: `Ô này có ${groupedDigits(value.length)} ký tự, quá giới hạn ${groupedDigits(MAX_FIELD_CHARS)} ký tự: hãy viết gọn lại.`,
      });
    }
  }
  return problems;
}

/** "moi" in an editor's URL means a new item, so no item may be called that. */
function reserved(taken: Set<string>): Set<string> {
  return taken.add('moi');
}

function base(draft: DraftForEditing): string {
  return `/giang-vien/ban-nhap/${draft.id}`;
}

const saveCaseStudy = defineAction({
  accept: 'form',
  handler: async (form: FormData, context): Promise<ItemFormResult<CaseStudyInput>> => {
    const draft = await editableDraft(form, context);
    const { input: posted, command } = readCaseStudyForm(form);
    const input = applyCaseStudyCommand(posted, command);
    if (command.kind !== 'save') return { ok: false, status: 200, problems: [], input };
    const overlong = overlongFields(form);
    if (overlong.length) return { ok: false, status: 400, problems: overlong, input };
    const existingId = text(form, 'id');
    if (
      existingId &&
      (!isItemId(existingId) || draft.files[itemKey(draft.courseId, 'case-studies', existingId)] === undefined)
    ) {
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy tình huống.' });
    }
    const problems = caseStudyProblems(input);
    const id = existingId || uniqueId(slugOf(input.title), reserved(takenCaseStudyIds(draft)), 'tinh-huong');
    if (!existingId && !slugOf(input.title) && !problems.some((problem) => problem.field === 'title')) {
      problems.unshift({ field: 'title', message: 'Tên tình huống cần có chữ hoặc số để làm mã tình huống.' });
    }
    if (problems.length) return { ok: false, status: 400, problems, input };
    const key = itemKey(draft.courseId, 'case-studies', id);
    return write(
      context,
      draft,
      { [key]: yamlText(caseStudyData(input)) },
      input,
      'title',
      `${base(draft)}/tinh-huong/${id}/?da-luu=1`,
    );
  },
});

/** The bank form: its title (a new bank starts empty; questions are added one by one). */
export interface BankInput {
  title: string;
}

const saveQuestionBank = defineAction({
  accept: 'form',
  handler: async (form: FormData, context): Promise<ItemFormResult<BankInput>> => {
    const draft = await editableDraft(form, context);
    const input = { title: text(form, 'title').trim() };
    const overlong = overlongFields(form);
    if (overlong.length) return { ok: false, status: 400, problems: overlong, input };
    const existingId = text(form, 'id');
    const key = existingId ? itemKey(draft.courseId, 'question-banks', existingId) : '';
    if (existingId && (!isItemId(existingId) || draft.files[key] === undefined))
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy ngân hàng câu hỏi.' });
    const title = QuestionBankSchema.shape.title.safeParse(input.title);
    if (!title.success)
      return { ok: false, status: 400, problems: [{ field: 'title', message: title.error.issues[0].message }], input };
    const id =
      existingId ||
      uniqueId(slugOf(input.title), reserved(new Set(draftItemIds(draft, 'question-banks'))), 'ngan-hang');
    const stored = existingId ? (draftYaml(draft, key) as { questions?: unknown[] } | undefined) : undefined;
    const data = { title: input.title, questions: Array.isArray(stored?.questions) ? stored.questions : [] };
    if (data.questions.length > 0) {
      const parsed = QuestionBankSchema.safeParse(data);
      if (!parsed.success)
        return {
          ok: false,
          status: 400,
          problems: [
            {
              field: 'title',
              message: `Ngân hàng có lỗi ở ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`,
            },
          ],
          input,
        };
    }
    return write(
      context,
      draft,
      { [itemKey(draft.courseId, 'question-banks', id)]: yamlText(data) },
      input,
      'title',
      `${base(draft)}/ngan-hang/${id}/?da-luu=1`,
    );
  },
});

/** The bank a question form belongs to, or 404. */
function bankOf(
  draft: DraftForEditing,
  form: FormData,
): { id: string; key: string; title: string; questions: unknown[] } {
  const id = text(form, 'bank');
  const key = itemKey(draft.courseId, 'question-banks', id);
  const data = isItemId(id)
    ? (draftYaml(draft, key) as { title?: unknown; questions?: unknown } | undefined)
    : undefined;
  if (!data || typeof data !== 'object')
    throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy ngân hàng câu hỏi.' });
  return {
    id,
    key,
    title: typeof data.title === 'string' ? data.title : '',
    questions: Array.isArray(data.questions) ? data.questions : [],
  };
}

const saveQuestion = defineAction({
  accept: 'form',
  handler: async (form: FormData, context): Promise<ItemFormResult<QuestionInput>> => {
    const draft = await editableDraft(form, context);
    const bank = bankOf(draft, form);
    const { input: posted, command } = readQuestionForm(form);
    const input = applyQuestionCommand(posted, command);
    if (command.kind !== 'save') return { ok: false, status: 200, problems: [], input };
    const overlong = overlongFields(form);
    if (overlong.length) return { ok: false, status: 400, problems: overlong, input };
    const existingId = text(form, 'qid');
    if (existingId && !bank.questions.some((question) => (question as { id?: unknown })?.id === existingId))
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy câu hỏi.' });
    const id = existingId || newQuestionId(input.prompt, { questions: bank.questions as { id: string }[] });
    const result = bankWithQuestion(bank, id, input);
    if (!result.ok) return { ok: false, status: 400, problems: result.problems, input };
    const broken = quizzesBrokenBy(bank.id, result.bank, courseAssessment(draft.files, draft.courseId).quizzes);
    if (broken.length) {
      return {
        ok: false,
        status: 400,
        problems: broken.map((quiz) => ({
          field: 'tags',
          message: `Sau thay đổi này, bài kiểm tra "${quiz.title}" không rút đủ câu: ${quiz.message}`,
        })),
        input,
      };
    }
    return write(
      context,
      draft,
      { [bank.key]: yamlText(result.data) },
      input,
      'prompt',
      `${base(draft)}/ngan-hang/${bank.id}/?da-luu=${encodeURIComponent(id)}`,
    );
  },
});

const deleteQuestion = defineAction({
  accept: 'form',
  handler: async (form: FormData, context): Promise<ItemFormResult<{ qid: string }>> => {
    const draft = await editableDraft(form, context);
    const bank = bankOf(draft, form);
    const qid = text(form, 'qid');
    const input = { qid };
    const remaining = bank.questions.filter((question) => (question as { id?: unknown })?.id !== qid);
    if (remaining.length === bank.questions.length)
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy câu hỏi.' });
    if (remaining.length === 0)
      return {
        ok: false,
        status: 400,
        problems: [
          { field: `cau-${qid}`, message: 'Không xóa được câu hỏi cuối cùng: ngân hàng cần ít nhất một câu hỏi.' },
        ],
        input,
      };
    const parsed = QuestionBankSchema.safeParse({ title: bank.title, questions: remaining });
    if (parsed.success) {
      const broken = quizzesBrokenBy(bank.id, parsed.data, courseAssessment(draft.files, draft.courseId).quizzes);
      if (broken.length) {
        return {
          ok: false,
          status: 400,
          problems: broken.map((quiz) => ({
            field: `cau-${qid}`,
            message: `Không xóa được câu "${qid}": bài kiểm tra "${quiz.title}" rút câu từ ngân hàng này và sẽ không đủ câu. ${quiz.message}`,
          })),
          input,
        };
      }
    }
    return write(
      context,
      draft,
      { [bank.key]: yamlText({ title: bank.title, questions: remaining }) },
      input,
      `cau-${qid}`,
      `${base(draft)}/ngan-hang/${bank.id}/?da-xoa=${encodeURIComponent(qid)}`,
    );
  },
});

const saveQuiz = defineAction({
  accept: 'form',
  handler: async (form: FormData, context): Promise<ItemFormResult<QuizInput>> => {
    const draft = await editableDraft(form, context);
    const { input: posted, command } = readQuizForm(form);
    const input = applyQuizCommand(posted, command);
    if (command.kind !== 'save') return { ok: false, status: 200, problems: [], input };
    const overlong = overlongFields(form);
    if (overlong.length) return { ok: false, status: 400, problems: overlong, input };
    const existingId = text(form, 'id');
    if (
      existingId &&
      (!isItemId(existingId) || draft.files[itemKey(draft.courseId, 'quizzes', existingId)] === undefined)
    )
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy bài kiểm tra.' });
    const id =
      existingId || uniqueId(slugOf(input.title), reserved(new Set(draftItemIds(draft, 'quizzes'))), 'kiem-tra');
    const checked = checkQuiz(id, input, courseAssessment(draft.files, draft.courseId));
    if (!checked.ok) return { ok: false, status: 400, problems: checked.problems, input };
    return write(
      context,
      draft,
      { [itemKey(draft.courseId, 'quizzes', id)]: yamlText(checked.data) },
      input,
      'title',
      `${base(draft)}/kiem-tra/${id}/?da-luu=1`,
    );
  },
});

/** The editors whose items may be deleted, by URL segment: folder and what to call it. */
const DELETABLE: Record<string, { folder: ItemFolder; noun: string }> = {
  'tinh-huong': { folder: 'case-studies', noun: 'tình huống' },
  'ngan-hang': { folder: 'question-banks', noun: 'ngân hàng câu hỏi' },
  'kiem-tra': { folder: 'quizzes', noun: 'bài kiểm tra' },
};

/** Deletes a case study, bank or quiz from the draft, unless a lesson or quiz of the draft still uses it. */
const deleteItem = defineAction({
  accept: 'form',
  handler: async (form: FormData, context): Promise<ItemFormResult<{ kind: string; id: string }>> => {
    const draft = await editableDraft(form, context);
    const input = { kind: text(form, 'kind'), id: text(form, 'id') };
    const kind = DELETABLE[input.kind];
    const key = kind && isItemId(input.id) ? itemKey(draft.courseId, kind.folder, input.id) : '';
    if (!kind || !key || draft.files[key] === undefined)
      throw new ActionError({ code: 'NOT_FOUND', message: 'Không tìm thấy mục cần xóa.' });
    if (!form.has('xac-nhan'))
      return {
        ok: false,
        status: 400,
        problems: [{ field: 'xac-nhan', message: `Hãy đánh dấu ô xác nhận trước khi xóa ${kind.noun}.` }],
        input,
      };
    const users = itemUsers(draft, kind.folder, input.id);
    if (users.length) {
      return {
        ok: false,
        status: 400,
        problems: [
          {
            field: 'xac-nhan',
            message: `Không xóa được ${kind.noun} “${input.id}” vì ${users.join(', ')} đang dùng nó. Hãy bỏ chỗ dùng đó trước.`,
          },
        ],
        input,
      };
    }
    return write(
      context,
      draft,
      { [key]: null },
      input,
      'xac-nhan',
      `${base(draft)}/?da-xoa=${encodeURIComponent(input.id)}`,
    );
  },
});

export const authoringItems = { saveCaseStudy, saveQuestionBank, saveQuestion, deleteQuestion, saveQuiz, deleteItem };
