/**
 * Reading and writing the text of content files the way a developer writes them, so a file saved
 * from the instructor area reads like one written by hand and git diffs stay small. Pure.
 */
import yaml from 'js-yaml';

/** The lesson front matter block, as the content check reads it. */
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** YAML text of a value: block style, keys in the given order, long lines unwrapped. */
export function yamlText(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true, quotingType: '"' });
}

/** The data of a YAML file, or undefined when it does not parse. */
export function parseYamlText(text: string): unknown {
  try {
    return yaml.load(text);
  } catch {
    return undefined;
  }
}

/** A lesson file split into its front matter data and its MDX body (undefined data if malformed). */
export function parseLessonText(text: string): { data: Record<string, unknown> | undefined; body: string } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { data: undefined, body: text };
  const data = parseYamlText(match[1]);
  return {
    data: data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined,
    body: text.slice(match[0].length),
  };
}

/** A lesson file from its front matter data and body. */
export function lessonText(data: Record<string, unknown>, body: string): string {
  return `---\n${yamlText(data)}---\n${body.replace(/^\n+/, '').replace(/\s*$/, '\n')}`;
}
