/** The form of a province's own targets (src/schemas/indicator-targets.ts): what it keeps and what it refuses, in Vietnamese. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { percentName, sourceName, targetsForm } from '../../src/schemas/indicator-targets.ts';

const base = { provinceId: 'tinh1' };

describe('targetsForm', () => {
  test('keeps the figures given, with their source, and drops the blank ones (Decision 700 applies)', () => {
    const parsed = targetsForm.parse({
      ...base,
      [percentName('general-management', '2026-2031')]: '100',
      [percentName('general-management', '2027')]: '',
      [sourceName('general-management')]: '  Kế hoạch số 219/KH-UBND, mục II.2.b ',
    });

    assert.deepEqual(parsed, {
      provinceId: 'tinh1',
      rows: [
        {
          indicator: 'general-management',
          periodKey: '2026-2031',
          percent: 100,
          source: 'Kế hoạch số 219/KH-UBND, mục II.2.b',
        },
      ],
    });
  });

  test('accepts a decimal comma', () => {
    const parsed = targetsForm.parse({
      ...base,
      [percentName('leaders-programme', '2026-2028')]: '95,5',
      [sourceName('leaders-programme')]: 'KH',
    });

    assert.equal(parsed.rows[0]!.percent, 95.5);
  });

  test('refuses a percent outside 0–100 and a figure without its source, in Vietnamese', () => {
    const result = targetsForm.safeParse({
      ...base,
      [percentName('field-skills', '2029-2031')]: '150',
      [percentName('leaders-programme', '2029-2031')]: '100',
    });

    assert.equal(result.success, false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    assert.ok(
      messages.includes(`${percentName('field-skills', '2029-2031')}: Chỉ tiêu phải là một số phần trăm từ 0 đến 100.`),
      messages.join('\n'),
    );
  });

  test('control: a source is required once a figure is given', () => {
    const result = targetsForm.safeParse({ ...base, [percentName('leaders-programme', '2029-2031')]: '100' });

    assert.equal(result.success, false);
    assert.match(result.error!.issues[0]!.message, /Hãy ghi căn cứ/);
  });
});
