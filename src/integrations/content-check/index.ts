import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { fileURLToPath } from 'node:url';
import { checkContent } from './check-content.ts';
import { formatProblems } from './problems.ts';

/** Fails the build (and warns in dev) when content/ has problems, naming file, field and fix. */
export function contentCheck(): AstroIntegration {
  return {
    name: 'hoc-lieu-so:content-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        const problems = checkContent(fileURLToPath(config.root));
        if (problems.length === 0) return;
        const report = formatProblems(problems);
        if (command === 'dev') {
          logger.warn(`Nội dung có ${problems.length} lỗi:\n${report}`);
          return;
        }
        throw new AstroError(
          `Nội dung có ${problems.length} lỗi cần sửa:\n${report}`,
          '1. Mở tệp được nêu ở đầu mỗi dòng.\n2. Sửa trường được nêu sau dấu ›, theo hướng dẫn.\n3. Chạy lại `npm run content:check` cho tới khi không còn lỗi.',
        );
      },
    },
  };
}
