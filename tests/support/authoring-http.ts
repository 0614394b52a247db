/**
 * The instructor area over plain HTTP, as a browser without JavaScript uses it: sign in through
 * the real form, open a draft of a live course with the dashboard's "Sửa" form, post the editors'
 * forms (url-encoded with repeated fields, or multipart with files) to the page that shows them,
 * and read a draft's stored files back from the database.
 */
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { courseDrafts } from '../../db/schema/index.ts';
import { openTestDatabase } from './database.ts';
import type { HttpAnswer } from './http.ts';

/** Form fields in order; a name may repeat (checkbox groups, legal rows). */
export type FormFields = readonly (readonly [string, string])[];

async function answerOf(response: Response): Promise<HttpAnswer> {
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Signs in through the sign-in form; returns the session cookie ("hls_session=…"). */
export async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/dang-nhap/?_action=signIn`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ username, password }),
  });
  await response.body?.cancel();
  const cookie = /hls_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  assert.ok(cookie, `signing in as ${username} should set a session cookie (status ${response.status})`);
  return cookie;
}

/** POSTs url-encoded `fields` to `path` as a same-origin form; redirects are not followed. */
export async function postForm(baseUrl: string, cookie: string, path: string, fields: FormFields): Promise<HttpAnswer> {
  const body = new URLSearchParams();
  for (const [name, value] of fields) body.append(name, value);
  return answerOf(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    }),
  );
}

/** POSTs a multipart form (text fields and files) to `path` as a same-origin form. */
export async function postMultipart(
  baseUrl: string,
  cookie: string,
  path: string,
  form: FormData,
): Promise<HttpAnswer> {
  return answerOf(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: baseUrl },
      body: form,
    }),
  );
}

/** Opens (or finds) the writer's draft of a live course through the dashboard's form; returns its id. */
export async function openDraftOverHttp(baseUrl: string, cookie: string, courseId: string): Promise<string> {
  const answer = await postForm(baseUrl, cookie, '/giang-vien/?_action=authoring.editCourse', [['course', courseId]]);
  const id = /^\/giang-vien\/ban-nhap\/([a-z0-9]+)\/$/.exec(answer.headers.get('location') ?? '')?.[1];
  assert.ok(id, `opening a draft of ${courseId} should redirect to it (status ${answer.status})`);
  return id;
}

/** A draft's stored files and media list, read from the database. */
export async function storedDraft(
  databaseUrl: string,
  draftId: string,
): Promise<{ files: Record<string, string>; media: string[] }> {
  const db = openTestDatabase(databaseUrl);
  try {
    const [row] = await db
      .select({ files: courseDrafts.files, media: courseDrafts.media })
      .from(courseDrafts)
      .where(eq(courseDrafts.id, draftId));
    assert.ok(row, `draft ${draftId} should exist`);
    return { files: row.files, media: row.media };
  } finally {
    db.$client.close();
  }
}
