import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkContent } from '../../src/integrations/content-check/check-content.ts';
import { courseHours } from '../../src/integrations/content-check/course-hours.ts';
import { VALID_CASE_STUDY_YAML, VALID_COURSE_YAML, VALID_LESSON, validContentTree } from '../fixtures/content-tree.ts';

describe('checkContent', () => {
  test('accepts the demo content of the project', () => {
    const problems = checkContent(process.cwd());

    assert.deepEqual(problems, []);
  });

  test('accepts a small valid course', () => {
    assert.deepEqual(checkContent(validContentTree()), []);
  });

  test('names the file and the line of a YAML syntax error', () => {
    const root = validContentTree({ 'content/courses/thu-nghiem/course.yaml': 'title: "không đóng ngoặc\nkind: x\n' });

    const [problem] = checkContent(root);

    assert.equal(problem.file, 'content/courses/thu-nghiem/course.yaml');
    assert.match(problem.message, /Không đọc được YAML ở dòng \d+/);
  });

  test('reports a course folder without course.yaml', () => {
    const root = validContentTree({ 'content/courses/khong-ten/lessons/01-a.mdx': VALID_LESSON });

    const problems = checkContent(root);

    assert.ok(
      problems.some(
        (p) => p.file === 'content/courses/khong-ten/course.yaml' && /Thiếu tệp course.yaml/.test(p.message),
      ),
    );
  });

  test('reports a lesson file name without its order number', () => {
    const root = validContentTree({ 'content/courses/thu-nghiem/lessons/mo-dau.mdx': VALID_LESSON });

    const problems = checkContent(root);

    assert.deepEqual(
      problems.map((p) => p.file),
      ['content/courses/thu-nghiem/lessons/mo-dau.mdx'],
    );
    assert.match(problems[0].message, /01-ten-bai\.mdx/);
  });

  test('reports two lessons with the same order number', () => {
    const root = validContentTree({ 'content/courses/thu-nghiem/lessons/01-bai-khac.mdx': VALID_LESSON });

    assert.ok(checkContent(root).some((p) => /Số thứ tự 01 đã dùng/.test(p.message)));
  });

  test('reports an unknown component with the list of those available', () => {
    const root = validContentTree({
      'content/courses/thu-nghiem/lessons/02-b.mdx': `${VALID_LESSON}\n<BieuDo id="x" />\n`,
    });

    const [problem] = checkContent(root);

    assert.equal(problem.file, 'content/courses/thu-nghiem/lessons/02-b.mdx');
    // The line of the file (front matter included) and the column where the tag starts.
    assert.equal(problem.field, `dòng ${VALID_LESSON.split('\n').length + 1}, cột 1`);
    assert.match(problem.message, /<BieuDo> không có\. Dùng một trong: Video, CaseStudy/);
  });

  test('reports a video or case study that does not exist', () => {
    const body = `${VALID_LESSON}\n<Video id="khong-co" />\n<CaseStudy id="cung-khong-co" />\n`;
    const root = validContentTree({ 'content/courses/thu-nghiem/lessons/02-b.mdx': body });

    const messages = checkContent(root).map((p) => p.message);

    assert.equal(messages.length, 2);
    assert.match(messages[0], /<Video id="khong-co"> không khớp video nào/);
    assert.match(messages[1], /<CaseStudy id="cung-khong-co"> không khớp tình huống nào\. Có: tranh-chap-ranh-gioi/);
  });

  test('reports an HTML comment, which MDX cannot parse', () => {
    const root = validContentTree({
      'content/courses/thu-nghiem/lessons/02-b.mdx': `${VALID_LESSON}\n<!-- ghi chú -->\n`,
    });

    const [problem] = checkContent(root);
    assert.match(problem.message, /Không dùng chú thích HTML "<!-- -->" trong bài học: hãy xóa nó/);
    // The parser's own hint suggests an MDX comment, which is an expression and refused too.
    assert.doesNotMatch(problem.message, /\{\/\*/);
  });

  test('reports a handout that is not in public/media', () => {
    const body = `${VALID_LESSON}\n<Download href="/media/handouts/khong-co.txt" title="Mẫu" />\n`;
    const root = validContentTree({ 'content/courses/thu-nghiem/lessons/02-b.mdx': body });

    assert.match(checkContent(root)[0].message, /<Download href="\/media\/handouts\/khong-co\.txt">/);
  });

  test('reports a case study id used by two courses', () => {
    const root = validContentTree({
      'content/courses/khoa-khac/course.yaml': VALID_COURSE_YAML,
      'content/courses/khoa-khac/lessons/01-a.mdx': VALID_LESSON,
      'content/courses/khoa-khac/case-studies/tranh-chap-ranh-gioi.yaml': 'title: x',
    });

    assert.ok(checkContent(root).some((p) => /Mã tình huống "tranh-chap-ranh-gioi" đã dùng/.test(p.message)));
  });

  test('refuses a legal reference without its checked date, in a course, a case study and a lesson, naming each file', () => {
    const root = validContentTree({
      'content/courses/thu-nghiem/course.yaml': VALID_COURSE_YAML.replace(', checked: 2026-12-07 }', ' }'),
      'content/courses/thu-nghiem/case-studies/tranh-chap-ranh-gioi.yaml': VALID_CASE_STUDY_YAML.replace(
        ', checked: 2026-12-07 }',
        ', checked: 2099-01-01 }',
      ),
      'content/courses/thu-nghiem/lessons/02-b.mdx': `${VALID_LESSON}\n<LegalRef type="Luật" number="31/2024/QH15" year={2024} title="Luật Đất đai" checked="2024-13-01" />\n`,
    });

    const problems = checkContent(root);

    assert.deepEqual(
      problems.map((p) => [p.file, p.field]),
      [
        ['content/courses/thu-nghiem/case-studies/tranh-chap-ranh-gioi.yaml', 'legalBasis.0.checked'],
        ['content/courses/thu-nghiem/course.yaml', 'legalBases.0.checked'],
        ['content/courses/thu-nghiem/lessons/02-b.mdx', `dòng ${VALID_LESSON.split('\n').length + 1}, cột 1`],
      ],
    );
    assert.match(problems[0].message, /2099-01-01 chưa tới/);
    assert.match(problems[1].message, /Thiếu ngày kiểm tra văn bản \(checked\)/);
    assert.match(problems[2].message, /<LegalRef> thuộc tính checked: .*ngày có thật/);
  });

  test('reports video files missing from public/', () => {
    const root = validContentTree({
      'content/videos/thu.yaml': `title: Video thử
sources: [{ src: /media/videos/thu.mp4, type: video/mp4 }]
captions: /media/videos/thu.vi.vtt
poster: /media/videos/thu.jpg
durationSeconds: 30
transcript: Lời thoại đầy đủ của video thử nghiệm, đủ dài để vượt qua kiểm tra độ dài tối thiểu.
`,
    });

    const problems = checkContent(root);

    assert.deepEqual(
      problems.map((p) => p.field),
      ['sources.0.src', 'captions', 'poster'],
    );
    assert.match(problems[0].message, /Không tìm thấy tệp public\/media\/videos\/thu\.mp4/);
  });

  test('refuses declared hours the content cannot support, naming both figures', () => {
    const root = validContentTree({
      'content/courses/thu-nghiem/course.yaml': VALID_COURSE_YAML.replace('hours: 0.5', 'hours: 8'),
    });

    const problems = checkContent(root);

    assert.deepEqual(
      problems.map((p) => [p.file, p.field]),
      [['content/courses/thu-nghiem/course.yaml', 'hours']],
    );
    assert.match(
      problems[0].message,
      /Số giờ khai báo \(hours: 8\) lớn hơn số giờ nội dung hỗ trợ \(0,5 giờ, từ 30 phút/,
    );
  });

  test('counts a stated case-study estimate and a quiz time toward the hours (control for the refusal)', () => {
    const root = validContentTree({
      'content/courses/thu-nghiem/course.yaml': VALID_COURSE_YAML.replace('hours: 0.5', 'hours: 1'),
      'content/courses/thu-nghiem/case-studies/tranh-chap-ranh-gioi.yaml': `minutes: 30\n${VALID_CASE_STUDY_YAML}`,
    });

    assert.deepEqual(checkContent(root), []);
    assert.deepEqual(
      courseHours(root).map(({ courseId, minutes, credited, declared }) => ({ courseId, minutes, credited, declared })),
      [{ courseId: 'thu-nghiem', minutes: 60, credited: 1, declared: 1 }],
    );
  });

  test('a lesson that does not parse is reported alone: the hours are not judged on half the content', () => {
    const root = validContentTree({
      'content/courses/thu-nghiem/lessons/01-mo-dau.mdx': VALID_LESSON.replace('minutes: 30\n', ''),
    });

    assert.deepEqual(
      checkContent(root).map((p) => p.field),
      ['minutes'],
    );
  });

  test('the sample courses declare no more hours than their content', () => {
    const hours = courseHours(process.cwd()).filter((course) => course.status === 'published');
    assert.ok(hours.length >= 4);
    for (const course of hours)
      assert.ok(course.declared <= course.credited, `${course.courseId}: ${course.declared} > ${course.credited}`);
    assert.equal(hours.find((course) => course.courseId === 'van-hanh-chinh-quyen-dia-phuong-2-cap')?.credited, 3.5);
  });
});
