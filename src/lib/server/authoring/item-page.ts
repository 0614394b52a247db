/**
 * The first lines of the item editors that save through Astro Actions (case studies, question
 * banks, quizzes): the draft (sign-in or 404, as on every draft page), the item named in the URL
 * ("moi" for a new one; a missing one → 404), and what the actions posted to the page answered:
 * a saved or deleted item goes on to where the action says (303), an item gone meanwhile → 404, a
 * refused deletion gives its problems and status. The page handles a refused save itself.
 */
import type { CourseDraft } from '../../../../db/schema/index.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFoundResponse } from '../org/admin-guard.ts';
import { draftOrResponse } from './draft-guard.ts';
import { isItemId, itemKey, type ItemFolder } from './draft-items.ts';
import type { FieldProblem } from '../../authoring-forms/item-form.ts';

/** What `Astro.getActionResult` gives for an action of the item editors. */
type ItemActionResult =
  | {
      data?: { ok: true; redirectTo: string } | { ok: false; status: number; problems: FieldProblem[] };
      error?: { code: string };
    }
  | undefined;

/** What an item page needs of `Astro`. */
interface ItemPageAstro {
  params: Record<string, string | undefined>;
  locals: App.Locals;
  url: URL;
  response: { status?: number };
  redirect(path: string, status: 303): Response;
}

export interface ItemPage {
  user: SessionUser;
  draft: CourseDraft;
  /** True for "moi": a new item, not saved yet. */
  isNew: boolean;
  /** The item's id ('' for a new item). */
  id: string;
  /** The item's file key in the draft ('' for a new item). */
  key: string;
  /** Why a deletion was refused (the page's status is set to match). */
  deleteProblems: FieldProblem[];
}

/** The draft and item of an item editor page, or the response to send instead. */
export async function itemPageOrResponse(
  astro: ItemPageAstro,
  folder: ItemFolder,
  deleteItemResult: ItemActionResult,
  saveResults: readonly ItemActionResult[],
): Promise<ItemPage | { response: Response }> {
  const guard = await draftOrResponse(astro.locals.user, astro.url, astro.params.draft);
  if ('response' in guard) return guard;
  const { user, draft } = guard;
  // A deleted item's page no longer exists: go back to the draft before looking for it.
  if (deleteItemResult?.data?.ok) return { response: astro.redirect(deleteItemResult.data.redirectTo, 303) };
  const isNew = astro.params.id === 'moi';
  const id = isNew ? '' : (astro.params.id ?? '');
  const key = id && isItemId(id) ? itemKey(draft.courseId, folder, id) : '';
  if (!isNew && (!key || draft.files[key] === undefined)) return { response: notFoundResponse() };

  if (deleteItemResult?.error?.code === 'NOT_FOUND') return { response: notFoundResponse() };
  const deleteProblems = deleteItemResult?.data && !deleteItemResult.data.ok ? deleteItemResult.data.problems : [];
  if (deleteItemResult?.data && !deleteItemResult.data.ok) astro.response.status = deleteItemResult.data.status;
  for (const result of saveResults) {
    if (result?.error?.code === 'NOT_FOUND') return { response: notFoundResponse() };
    if (result?.data?.ok) return { response: astro.redirect(result.data.redirectTo, 303) };
  }
  return { user, draft, isNew, id, key, deleteProblems };
}
