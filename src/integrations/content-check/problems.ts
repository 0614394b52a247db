import type { ZodType } from 'astro/zod';

/** One thing wrong with a content file, said so that its writer can fix it. */
export interface ContentProblem {
  /** Path of the file, relative to the project. */
  file: string;
  /** Dotted path of the field, or "" for the whole file. */
  field: string;
  /** What is wrong and how to fix it, in Vietnamese. */
  message: string;
}

/** The value at a zod issue's path in the checked data (zod 4 leaves `input` out of issues). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The problems zod finds in `data`, with each message made to name the field. */
export function zodProblems(schema: ZodType, data: unknown, file: string): ContentProblem[] {
  const result = schema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const field = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys.join(', ');
      return {
        file,
        field,
        message: `Trường không được hỗ trợ: ${keys}. Kiểm tra chính tả tên trường (xem content/README.md).`,
      };
    }
    if (
      issue.code === 'invalid_type' &&
      valueAt(data, issue.path) === undefined &&
      !/^(Thiếu|Cần)/.test(issue.message)
    ) {
      return { file, field, message: `Thiếu trường "${field}". ${issue.message}` };
    }
    return { file, field, message: issue.message };
  });
}

/** Problems as lines a person reads: "file › field: message". */
export function formatProblems(problems: readonly ContentProblem[]): string {
  return problems.map((p) => `${p.file}${p.field ? ` › ${p.field}` : ''}: ${p.message}`).join('\n');
}
