/**
 * Name-based UUIDs (version 5, SHA-1, RFC 4122 §4.3): the same name always gives the same id,
 * which is what makes a statement's id a function of the fact it reports.
 */
import { createHash } from 'node:crypto';

/** The namespace of every Học Liệu Số xAPI id (a random v4 UUID, fixed for ever). */
export const XAPI_NAMESPACE = '6f2c7d3e-91a4-4b8e-a5d2-3c1e0b7f9a64';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The UUIDv5 of `name` in `namespace`. */
export function uuidv5(namespace: string, name: string): string {
  if (!UUID_PATTERN.test(namespace)) throw new TypeError(`Không gian tên UUID không hợp lệ: ${namespace}`);
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The statement id of a fact, e.g. "course-completed:<user>:<course>". */
export function statementIdOf(factKey: string): string {
  return uuidv5(XAPI_NAMESPACE, `statement:${factKey}`);
}

/** The registration of a learner's enrolment in a course: one per user and course. */
export function registrationOf(userId: string, courseId: string): string {
  return uuidv5(XAPI_NAMESPACE, `registration:${userId}:${courseId}`);
}
