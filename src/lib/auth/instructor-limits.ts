/**
 * An instructor grant may be limited to some courses (role_grants.courseSlugs) and/or to courses
 * of some fields (role_grants.fields). Pure: which courses a person's instructor grants reach.
 */

/** The limits of one instructor grant; null means "no limit of this kind". */
export interface InstructorLimits {
  courseSlugs: readonly string[] | null;
  fields: readonly string[] | null;
}

/** True when some grant has no limit at all: every course is reachable. */
export function unlimitedInstructor(grants: readonly InstructorLimits[]): boolean {
  return grants.some((grant) => !grant.courseSlugs?.length && !grant.fields?.length);
}

/**
 * True when one of the grants reaches the course: its slug among the grant's courses (if listed)
 * and one of its fields among the grant's fields (if listed). A course whose fields are unknown
 * (`fields` undefined: not published yet) is reached only by grants without a field limit.
 */
export function instructorReaches(
  grants: readonly InstructorLimits[],
  course: { slug: string; fields?: readonly string[] },
): boolean {
  return grants.some((grant) => {
    const slugOk = !grant.courseSlugs?.length || grant.courseSlugs.includes(course.slug);
    const fieldOk = !grant.fields?.length || (course.fields ?? []).some((field) => grant.fields!.includes(field));
    return slugOk && fieldOk;
  });
}
