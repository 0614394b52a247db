/** The allowlist on a lesson body's syntax tree (src/lib/lesson-body-check.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLessonBody, MAX_NESTING } from '../../src/lib/lesson-body-check.ts';
import { todayInVietnam } from '../../src/lib/vietnam-time.ts';

const CONTEXT = {
  file: 'bai.mdx',
  videoIds: new Set(['tiep-dan']),
  caseStudyIds: new Set(['tranh-chap']),
  quizIds: new Set(['cuoi-khoa']),
  publicFileExists: () => true,
};

/** Bodies every lesson may contain: the control that shows a refusal below is not the checker refusing everything. */
const ALLOWED = [
  '# Tiêu đề\n\nĐoạn **đậm**, *nghiêng*, ~~gạch~~ và `mã`.\n\n- một\n- hai\n\n1. một\n\n> trích dẫn\n\n---\n\n| a | b |\n| - | - |\n| 1 | 2 |\n',
  '[Luật](https://thuvienphapluat.vn/) [gọi](tel:02383123456) [thư](mailto:a@b.vn) [trang](/khoa-hoc/) [mục](#ghi-nho) www.example.vn',
  '![Sơ đồ](/media/anh/so-do.png)',
  '[Văn bản][vb]\n\n[vb]: https://vbpl.vn/',
  'Chú thích[^1]\n\n[^1]: Ghi chú.',
  '```\n<script>alert(1)</script> {process.exit()}\n```',
  'Dấu ngoặc viết thoát: \\{a\\} và \\<b\\>.',
  '<Video id="tiep-dan" />\n\n<CaseStudy id="tranh-chap" />\n\n<Quiz id="cuoi-khoa" />\n\n<H5P id="phan-loai-don" title="Phân loại đơn" />',
  '<Callout kind="meo" title="Mẹo">\n**Chữ đậm** trong khung.\n</Callout>\n\n<KeyPoints>\n- Ý cần nhớ.\n</KeyPoints>',
  '<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" url="https://vbpl.vn/x" checked="2026-12-07" />',
  `<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" checked="${todayInVietnam()}" />`,
  '<ExpertCheck reason="Chưa xác nhận văn bản còn hiệu lực sau ngày 1/7/2025." />',
  '<Download href="/media/handouts/mau-so.txt" title="Mẫu số 01" />',
];

/** [body, what the refusal must say]. */
const REFUSED: [string, RegExp][] = [
  ["RCE: {process.getBuiltinModule('child_process').execSync('id').toString()}", /Không dùng biểu thức/],
  ['{1 + 1}', /Không dùng biểu thức/],
  ['# Tiêu đề {globalThis.x}', /Không dùng biểu thức/],
  ['{/* ghi chú */}', /Không dùng chú thích/],
  ['import fs from "node:fs"', /Không dùng import hay export/],
  ['export const x = process.env', /Không dùng import hay export/],
  ['<img src="x" onerror="alert(1)" />', /Không dùng thẻ HTML <img>.*!\[mô tả ảnh\]/],
  ['<script>alert(1)</script>', /Không dùng thẻ HTML <script>/],
  ['<iframe srcdoc="<script>alert(1)</script>" />', /Không dùng thẻ HTML <iframe>/],
  ['<svg onload="alert(1)" />', /Không dùng thẻ HTML <svg>/],
  ['Chữ <span onclick="alert(1)">bấm</span>', /Không dùng thẻ HTML <span>/],
  ['<a.b />', /Không dùng thẻ HTML/],
  ['<>x</>', /Không dùng thẻ rỗng/],
  ['<!-- <script>alert(1)</script> -->', /Không dùng chú thích HTML/],
  ['<https://evil.example>', /Không viết địa chỉ trong dấu < >/],
  ['[bấm](javascript:alert(1))', /giao thức "javascript:" không được phép/],
  ['[bấm](&#106;avascript:alert(1))', /giao thức "javascript:"/],
  ['[bấm](&#x6A;AVASCRIPT:alert(1))', /giao thức "javascript:"/],
  ['[bấm]( javascript:alert(1))', /giao thức "javascript:"/],
  ['[bấm][r]\n\n[r]: javascript:alert(1)', /giao thức "javascript:"/],
  ['[bấm](data:text/html,<script>alert(1)</script>)', /giao thức "data:"/],
  ['[bấm](vbscript:msgbox)', /giao thức "vbscript:"/],
  ['[bấm](//evil.example)', /trỏ sang trang web khác/],
  ['![x](data:image/svg+xml;base64,PHN2Zz4=)', /Ảnh .* không được phép/],
  ['![x](https://evil.example/a.png)', /Ảnh .* không được phép/],
  ['![x][a]\n\n[a]: javascript:alert(1)', /giao thức "javascript:"/],
  ['![x][a]\n\n[a]: https://evil.example/pixel.png', /Ảnh "https:\/\/evil\.example\/pixel\.png" không được phép/],
  ['<Callout __proto__="x">y</Callout>', /<Callout> không có thuộc tính __proto__/],
  ['<Download href="/media/../../data/hoc-lieu-so.db" title="CSDL" />', /<Download> thuộc tính href/],
  ['<Download href="/media/%2e%2e/%2e%2e/data/hoc-lieu-so.db" title="CSDL" />', /<Download> thuộc tính href/],
  ['<Download href="&#47;media/../x" title="CSDL" />', /<Download> thuộc tính href/],
  ['<Video id="tiep-dan" onClick="alert(1)" />', /<Video> không có thuộc tính onClick/],
  ['<Video id={"tiep-dan"} />', /thuộc tính id phải là chữ trong ngoặc kép/],
  ['<Video {...props} />', /không dùng \{…\} để gộp thuộc tính/],
  ['<Video id="tiep-dan" id="khac" />', /ghi hai lần/],
  ['<Video id="tiep-dan">chữ</Video>', /không chứa nội dung bên trong/],
  ['<Callout kind={"meo"}>x</Callout>', /thuộc tính kind phải là chữ trong ngoặc kép/],
  ['<Callout kind="do">x</Callout>', /Loại khung \(kind\)/],
  // A legal reference without the day it was checked, or with a day that is not one, is refused.
  [
    '<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" />',
    /<LegalRef> thuộc tính checked: Thiếu ngày kiểm tra văn bản \(checked\)/,
  ],
  [
    '<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" checked="07/12/2026" />',
    /checked\) phải là một ngày có thật/,
  ],
  [
    '<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" checked="2026-02-30" />',
    /checked\) phải là một ngày có thật/,
  ],
  [
    `<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" checked="${Number(todayInVietnam().slice(0, 4)) + 1}-01-01" />`,
    /chưa tới: chỉ ghi ngày đã thực sự đối chiếu/,
  ],
  [
    '<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" checked="2012-05-01" />',
    /sớm hơn năm ban hành 2013/,
  ],
  ['<ExpertCheck />', /<ExpertCheck> thuộc tính reason/],
  ['<ExpertCheck reason="x">chữ</ExpertCheck>', /không chứa nội dung bên trong/],
  [
    '<LegalRef type="Luật" number="1/2020/QH14" year={2020} title="Luật X" url="javascript:alert(1)" checked="2026-12-07" />',
    /https:\/\/ hoặc http:\/\//,
  ],
  [
    '<LegalRef type="Luật" number="1/2020/QH14" year={new Date().getFullYear()} title="Luật X" checked="2026-12-07" />',
    /không dùng biểu thức/,
  ],
  ['<BieuDo />', /Thành phần <BieuDo> không có/],
  [`${'>'.repeat(MAX_NESTING + 20)} sâu`, /lồng nhau quá/],
];

describe('checkLessonBody', () => {
  for (const body of ALLOWED) {
    test(`allows ${JSON.stringify(body.slice(0, 50))}`, () => assert.deepEqual(checkLessonBody(body, CONTEXT), []));
  }

  for (const [body, message] of REFUSED) {
    test(`refuses ${JSON.stringify(body.slice(0, 60))}`, () => {
      const problems = checkLessonBody(body, CONTEXT);

      assert.ok(problems.length > 0, 'no problem reported');
      assert.ok(problems.every((problem) => problem.kind === 'refused'));
      assert.match(problems.map((problem) => problem.message).join('\n'), message);
      assert.match(problems[0].field, /^dòng \d+, cột \d+$/);
    });
  }

  test('names the line and column of the file when given the front matter length', () => {
    const [problem] = checkLessonBody('Đoạn một.\n\nĐoạn hai {x}.', { ...CONTEXT, lineOffset: 5 });

    assert.equal(problem.field, 'dòng 8, cột 10');
  });

  test('a legal reference without its checked date names the file', () => {
    const problems = checkLessonBody(
      '<LegalRef type="Luật" number="02/2011/QH13" year={2011} title="Luật Khiếu nại" />',
      {
        ...CONTEXT,
        file: 'content/courses/x/lessons/01-a.mdx',
      },
    );

    assert.equal(problems.length, 1);
    assert.equal(problems[0].file, 'content/courses/x/lessons/01-a.mdx');
    assert.equal(problems[0].kind, 'refused');
  });

  test('a missing video is a reference problem, not a refusal: a draft may be saved with it', () => {
    const [problem] = checkLessonBody('<Video id="chua-co" />', CONTEXT);

    assert.equal(problem.kind, 'reference');
    assert.match(problem.message, /không khớp video nào.*Có: tiep-dan/);
  });

  test('a very deep body is refused without overflowing the stack', () => {
    const problems = checkLessonBody(`${'- '.repeat(5_000)}x`, CONTEXT);

    assert.match(problems[0]?.message ?? '', /lồng nhau quá/);
  });
});
