/**
 * `npm run content:check`: prints each course's credited hours (src/lib/credited-hours.ts), then
 * checks all of content/ and prints each problem with its fix.
 */
import { checkContent } from '../src/integrations/content-check/check-content.ts';
import { courseHours } from '../src/integrations/content-check/course-hours.ts';
import { formatProblems } from '../src/integrations/content-check/problems.ts';
import { formatNumber } from '../src/lib/format.ts';

console.log('Số giờ được ghi nhận theo nội dung (bài học, bài kiểm tra, tình huống; làm tròn xuống nửa giờ):');
for (const course of courseHours(process.cwd())) {
  const notes = [
    course.sample ? 'tài liệu mẫu' : '',
    course.status === 'draft' ? 'bản nháp, chưa áp dụng' : '',
    course.complete ? '' : 'có tệp lỗi, chưa tính đủ',
  ]
    .filter(Boolean)
    .join(', ');
  console.log(
    `  ${course.courseId}: ${formatNumber(course.minutes)} phút → ${formatNumber(course.credited)} giờ được ghi nhận; ` +
      `khai báo hours: ${formatNumber(course.declared)}${notes ? ` (${notes})` : ''}`,
  );
}
const problems = checkContent(process.cwd());
if (problems.length > 0) {
  console.error(`Nội dung có ${problems.length} lỗi cần sửa:\n${formatProblems(problems)}`);
  process.exit(1);
}
console.log('Nội dung hợp lệ: không có lỗi.');
