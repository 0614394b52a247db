/**
 * Unit management forms (/quan-tri/quan-ly-don-vi/): create, rename, move, merge, split and
 * retire a unit. Each validates its input here (zod, Vietnamese messages), then the server module
 * checks the caller's subtree again inside its transaction: outside it, 404 as for a unit that
 * does not exist. A refusal is a 4xx with a sentence; nothing is half written.
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { requireAllowed } from '../lib/server/auth/action-guards.ts';
import { createUnit, moveUnit, renameUnit, retireUnit } from '../lib/server/org/units-admin/operations.ts';
import { mergeUnits, splitUnit, type NewCommune } from '../lib/server/org/units-admin/restructure.ts';
import { UnitChangeRefused } from '../lib/server/org/units-admin/unit-writes.ts';
import {
  effectiveDateProblem,
  normaliseUnitCode,
  UNIT_CODE_PATTERN,
  UNIT_KIND_SLUGS,
  unitManagementPaths,
} from '../lib/org/unit-rules.ts';
import { todayInVietnam } from '../lib/vietnam-time.ts';

/** What the unit's page says after each change (the `da-luu` query value). */
export const UNIT_SAVED_NOTICES = {
  'doi-ten': 'Đã đổi tên đơn vị.',
  chuyen: 'Đã chuyển đơn vị sang đơn vị cấp trên mới.',
  'hop-nhat': 'Đã hợp nhất các đơn vị.',
  'chia-tach': 'Đã chia tách đơn vị.',
  'giai-the': 'Đã giải thể đơn vị.',
} as const;
export type UnitSavedNotice = keyof typeof UNIT_SAVED_NOTICES;

const STATUS_CODES = { 400: 'BAD_REQUEST', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' } as const;

const id = (missing: string) => z.string({ error: missing }).regex(/^[a-z0-9]{1,64}$/, { error: missing });
const unitName = z
  .string({ error: 'Hãy nhập tên đơn vị.' })
  .trim()
  .min(2, { error: 'Hãy nhập tên đơn vị.' })
  .max(200, { error: 'Tên đơn vị dài tối đa 200 ký tự.' });
const unitCode = z
  .string({ error: 'Hãy nhập mã đơn vị.' })
  .transform(normaliseUnitCode)
  .refine((code) => code.length > 0, { error: 'Hãy nhập mã đơn vị.' })
  .refine((code) => UNIT_CODE_PATTERN.test(code), {
    error: 'Mã đơn vị chỉ gồm chữ không dấu, chữ số và dấu - . _ (tối đa 40 ký tự).',
  });
const kind = z.enum(UNIT_KIND_SLUGS, { error: 'Hãy chọn loại đơn vị.' });
const communeKind = z.enum(['xa', 'phuong', 'dac-khu'], { error: 'Hãy chọn loại: xã, phường hoặc đặc khu.' });
const effectiveOn = z
  .string({ error: 'Hãy chọn ngày có hiệu lực.' })
  .trim()
  .min(1, { error: 'Hãy chọn ngày có hiệu lực.' })
  .superRefine((date, issues) => {
    const problem = effectiveDateProblem(date, todayInVietnam());
    if (problem) issues.addIssue({ code: 'custom', message: problem });
  });
const reason = z
  .string()
  .trim()
  .max(500, { error: 'Lý do dài tối đa 500 ký tự.' })
  .nullish()
  .transform((text) => text ?? '');

/** The caller, if they manage any units; anyone else gets 404. */
function manager(context: ActionAPIContext) {
  return requireAllowed(context, (user) => unitManagementPaths(user).length > 0, 'Không tìm thấy trang.');
}

/** Runs a change, turning its refusal into the action's 4xx. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnitChangeRefused)
      throw new ActionError({
        code: STATUS_CODES[error.status as keyof typeof STATUS_CODES] ?? 'BAD_REQUEST',
        message: error.message,
      });
    throw error;
  }
}

const backTo = (unitId: string, notice: UnitSavedNotice) => ({
  redirectTo: `/quan-tri/quan-ly-don-vi/${unitId}/?da-luu=${notice}`,
});

export const createUnitAction = defineAction({
  accept: 'form',
  input: z.object({
    name: unitName,
    code: unitCode,
    kind,
    parentId: z
      .string()
      .regex(/^[a-z0-9]{0,64}$/, { error: 'Hãy chọn đơn vị cấp trên trong danh sách.' })
      .nullish()
      .transform((value) => value || null),
    effectiveOn,
    reason,
  }),
  handler: async (input, context) => {
    const user = manager(context);
    const unit = await refusing(() => createUnit(user, input));
    return { redirectTo: `/quan-tri/quan-ly-don-vi/?da-tao=${unit.id}` };
  },
});

export const renameUnitAction = defineAction({
  accept: 'form',
  input: z.object({ unitId: id('Thiếu đơn vị.'), name: unitName, effectiveOn, reason }),
  handler: async (input, context) => {
    const user = manager(context);
    await refusing(() => renameUnit(user, input.unitId, input));
    return backTo(input.unitId, 'doi-ten');
  },
});

export const moveUnitAction = defineAction({
  accept: 'form',
  input: z.object({
    unitId: id('Thiếu đơn vị.'),
    parentId: id('Hãy chọn đơn vị cấp trên mới.'),
    effectiveOn,
    reason,
  }),
  handler: async (input, context) => {
    const user = manager(context);
    await refusing(() => moveUnit(user, input.unitId, input));
    return backTo(input.unitId, 'chuyen');
  },
});

export const mergeUnitsAction = defineAction({
  accept: 'form',
  input: z
    .object({
      unitId: id('Thiếu đơn vị.'),
      otherIds: z
        .array(id('Hãy chọn đơn vị trong danh sách.'), { error: 'Hãy chọn ít nhất một đơn vị để hợp nhất cùng.' })
        .min(1, { error: 'Hãy chọn ít nhất một đơn vị để hợp nhất cùng.' })
        .max(50, { error: 'Chọn tối đa 50 đơn vị.' }),
      survivor: z.string({ error: 'Hãy chọn đơn vị sau hợp nhất.' }).regex(/^(moi|[a-z0-9]{1,64})$/, {
        error: 'Hãy chọn đơn vị sau hợp nhất.',
      }),
      newName: z.string().trim().max(200).nullish(),
      newCode: z.string().max(60).nullish(),
      newKind: z.string().max(20).nullish(),
      effectiveOn,
      reason,
    })
    .superRefine((input, issues) => {
      if (input.survivor !== 'moi') return;
      if (!input.newName || input.newName.length < 2)
        issues.addIssue({ code: 'custom', path: ['newName'], message: 'Hãy nhập tên đơn vị mới.' });
      if (!UNIT_CODE_PATTERN.test(normaliseUnitCode(input.newCode ?? '')))
        issues.addIssue({
          code: 'custom',
          path: ['newCode'],
          message: 'Hãy nhập mã đơn vị mới (chữ không dấu, chữ số, - . _).',
        });
      if (!communeKind.safeParse(input.newKind).success)
        issues.addIssue({
          code: 'custom',
          path: ['newKind'],
          message: 'Hãy chọn loại đơn vị mới: xã, phường hoặc đặc khu.',
        });
    }),
  handler: async (input, context) => {
    const user = manager(context);
    const survivor =
      input.survivor === 'moi'
        ? {
            create: {
              name: input.newName!,
              code: normaliseUnitCode(input.newCode!),
              kind: input.newKind as NewCommune['kind'],
            },
          }
        : { unitId: input.survivor };
    const result = await refusing(() =>
      mergeUnits(user, {
        unitIds: [input.unitId, ...input.otherIds],
        survivor,
        effectiveOn: input.effectiveOn,
        reason: input.reason,
      }),
    );
    return backTo(result.survivor.id, 'hop-nhat');
  },
});

export const splitUnitAction = defineAction({
  accept: 'form',
  input: z
    .object({
      unitId: id('Thiếu đơn vị.'),
      partName: z.array(z.string().trim().max(200, { error: 'Tên đơn vị dài tối đa 200 ký tự.' })).max(10),
      partCode: z.array(z.string().max(60)).max(10),
      partKind: z.array(z.string().max(20)).max(10),
      assign: z
        .array(z.string().regex(/^[a-z0-9]{1,64}:\d{1,2}$/, { error: 'Hãy chọn đơn vị mới cho từng cán bộ.' }))
        .max(20_000)
        .default([]),
      effectiveOn,
      reason,
    })
    .superRefine((input, issues) => {
      const filled = input.partName.filter((name) => name.length > 0).length;
      if (filled < 2)
        issues.addIssue({ code: 'custom', path: ['partName'], message: 'Hãy nhập tên của ít nhất hai đơn vị mới.' });
      input.partName.forEach((name, index) => {
        if (!name) return;
        if (!UNIT_CODE_PATTERN.test(normaliseUnitCode(input.partCode[index] ?? '')))
          issues.addIssue({
            code: 'custom',
            path: ['partCode'],
            message: `Hãy nhập mã cho đơn vị mới thứ ${index + 1} (chữ không dấu, chữ số, - . _).`,
          });
        if (!communeKind.safeParse(input.partKind[index]).success)
          issues.addIssue({
            code: 'custom',
            path: ['partKind'],
            message: `Hãy chọn loại cho đơn vị mới thứ ${index + 1}.`,
          });
      });
    }),
  handler: async (input, context) => {
    const user = manager(context);
    // The rows left blank are dropped; an official's choice names a row of the form, renumbered here.
    const rows = input.partName.map((name, index) => ({ name, index })).filter((row) => row.name);
    const renumber = new Map(rows.map((row, position) => [row.index, position]));
    const parts = rows.map((row) => ({
      name: row.name,
      code: normaliseUnitCode(input.partCode[row.index]),
      kind: input.partKind[row.index] as NewCommune['kind'],
    }));
    const placement = new Map<string, number>();
    for (const choice of input.assign) {
      const [officialId, index] = choice.split(':');
      const position = renumber.get(Number(index));
      if (position === undefined)
        throw new ActionError({ code: 'BAD_REQUEST', message: 'Một cán bộ được chuyển sang đơn vị mới chưa có tên.' });
      placement.set(officialId, position);
    }
    await refusing(() =>
      splitUnit(user, input.unitId, { parts, placement, effectiveOn: input.effectiveOn, reason: input.reason }),
    );
    return backTo(input.unitId, 'chia-tach');
  },
});

export const retireUnitAction = defineAction({
  accept: 'form',
  input: z.object({ unitId: id('Thiếu đơn vị.'), effectiveOn, reason }),
  handler: async (input, context) => {
    const user = manager(context);
    await refusing(() => retireUnit(user, input.unitId, input));
    return backTo(input.unitId, 'giai-the');
  },
});

/** Registered under `units` (actions.units.create, …). */
export const units = {
  create: createUnitAction,
  rename: renameUnitAction,
  move: moveUnitAction,
  merge: mergeUnitsAction,
  split: splitUnitAction,
  retire: retireUnitAction,
};
