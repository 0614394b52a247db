import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import { CaseStudySchema } from '../../src/schemas/case-study.ts';
import { zodProblems } from '../../src/integrations/content-check/problems.ts';
import { VALID_CASE_STUDY_YAML } from '../fixtures/content-tree.ts';

type Study = { start: string; decisions: { id: string; options: { id: string; next?: string }[] }[] };
const validStudy = () => yaml.load(VALID_CASE_STUDY_YAML) as Study;
const messagesOf = (study: unknown) =>
  zodProblems(CaseStudySchema, study, 'th.yaml').map((p) => `${p.field}: ${p.message}`);

describe('CaseStudySchema', () => {
  test('accepts a two-level case study', () => {
    assert.deepEqual(messagesOf(validStudy()), []);
  });

  test('reports an option leading to a decision that does not exist', () => {
    const study = validStudy();
    study.decisions[0].options[1].next = 'buoc-9';

    assert.deepEqual(messagesOf(study), [
      'decisions.0.options.1.next: Lựa chọn "b" dẫn tới quyết định "buoc-9" không tồn tại. Dùng một trong: buoc-1, buoc-2, hoặc bỏ "next" nếu tình huống kết thúc ở đây.',
    ]);
  });

  test('reports a loop back to an earlier decision', () => {
    const study = validStudy();
    study.decisions[1].options[0].next = 'buoc-1';

    assert.match(messagesOf(study).join('\n'), /quay lại "buoc-1" và tạo vòng lặp/);
  });

  test('reports a decision no option leads to', () => {
    const study = validStudy();
    delete study.decisions[0].options[0].next;

    assert.match(messagesOf(study).join('\n'), /Quyết định "buoc-2" không thể tới được từ "buoc-1"/);
  });

  test('reports a start that names no decision', () => {
    const study = validStudy();
    study.start = 'bat-dau';

    assert.match(messagesOf(study)[0], /^start: Quyết định đầu tiên \(start\) "bat-dau" không có trong danh sách/);
  });

  test('reports duplicate decision ids', () => {
    const study = validStudy();
    study.decisions[1].id = 'buoc-1';

    assert.match(messagesOf(study).join('\n'), /Mã quyết định "buoc-1" bị trùng/);
  });

  test('requires at least two options at each decision', () => {
    const study = validStudy();
    study.decisions[1].options = study.decisions[1].options.slice(0, 1);

    assert.match(messagesOf(study).join('\n'), /ít nhất hai lựa chọn/);
  });

  test('explains the allowed assessments of an option', () => {
    const study = validStudy() as unknown as { decisions: { options: { outcome: string }[] }[] };
    study.decisions[0].options[0].outcome = 'good';

    assert.match(messagesOf(study).join('\n'), /"tot", "chap-nhan-duoc" hoặc "chua-phu-hop"/);
  });
});
