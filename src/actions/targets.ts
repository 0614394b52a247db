/**
 * The targets a province sets from its own plan (/quan-tri/chi-tieu/muc-tieu/): province
 * administrators for their own province, the system administrator for any. Replaces the
 * province's targets as a whole, audited (set-targets).
 */
import { ActionError, defineAction } from 'astro:actions';
import { requireAllowed } from '../lib/server/auth/action-guards.ts';
import { mayManageTargets, saveProvinceTargets, targetProvince } from '../lib/server/indicators/targets-store.ts';
import { targetsForm } from '../schemas/indicator-targets.ts';

const NOT_FOUND = 'Không tìm thấy tỉnh trong phạm vi quản lý.';

export const save = defineAction({
  accept: 'form',
  input: targetsForm,
  handler: async (input, context) => {
    const user = requireAllowed(context, mayManageTargets, NOT_FOUND);
    const province = await targetProvince(user, input.provinceId);
    if (!province) throw new ActionError({ code: 'NOT_FOUND', message: NOT_FOUND });
    await saveProvinceTargets(province.id, input.rows, user.id);
    return { redirectTo: `/quan-tri/chi-tieu/muc-tieu/?tinh=${encodeURIComponent(province.code)}&da-luu=1` };
  },
});

/** The target actions, registered under `targets` (actions.targets.save). */
export const targets = { save };
