/** Where each plan-form error points: the heading fields by id, row errors at the rows' heading. */
export const PLAN_FIELD_IDS: Record<string, string> = {
  unitId: 'don-vi',
  span: 'loai-ke-hoach-nam',
  period: 'thoi-ky',
  title: 'ten-ke-hoach',
};
export const PLAN_ROWS_ID = 'cac-dong';
