/** `npm run content:check`: checks all of content/ and prints each problem with its fix. */
import { checkContent } from '../src/integrations/content-check/check-content.ts';
import { formatProblems } from '../src/integrations/content-check/problems.ts';

const problems = checkContent(process.cwd());
if (problems.length > 0) {
  console.error(`Nội dung có ${problems.length} lỗi cần sửa:\n${formatProblems(problems)}`);
  process.exit(1);
}
console.log('Nội dung hợp lệ: không có lỗi.');
