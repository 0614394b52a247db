/**
 * Plain HTTP against the test server as a signed-in user (a session cookie) or nobody: redirects
 * are not followed, so tests see the 303 or 302 the server gave; forms are posted from the site's
 * own origin, as a browser would.
 */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

async function answerOf(response: Response): Promise<HttpAnswer> {
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** GET `path` with the session cookie, if any. */
export async function getAs(baseUrl: string, cookie: string | undefined, path: string): Promise<HttpAnswer> {
  return answerOf(await fetch(`${baseUrl}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' }));
}

/** POST `form` (url-encoded) to `path` with the session cookie. */
export async function postFormAs(
  baseUrl: string,
  cookie: string,
  path: string,
  form: Record<string, string>,
): Promise<HttpAnswer> {
  return answerOf(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    }),
  );
}
