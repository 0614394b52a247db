/**
 * Asking the built server as several callers (administrators of different subtrees, a learner,
 * a signed-out visitor) and checking the scope rule on every answer: inside the caller's scope a
 * page answers 2xx, outside it answers exactly like an id that does not exist (404), writes
 * nothing and names nothing from outside. Targets are grouped by a code (a commune's), and each
 * caller says which codes it administers.
 */
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';

/** An answer with its body as text and as bytes (for XLSX), redirects not followed. */
export interface Answer {
  status: number;
  body: string;
  bytes: Buffer;
  location: string | null;
}

/** Someone asking: the session cookie ('' signed out) and the codes they administer. */
export interface ScopeCaller {
  label: string;
  cookie: string;
  kind: 'commune' | 'province' | 'learner' | 'anonymous';
  /** Codes of the targets the caller administers; empty for a learner or a visitor. */
  inside: readonly string[];
}

/** GET, form POST (through the site's own origin) and bearer-token API calls, counted. */
export interface ServerClient {
  readonly requests: number;
  get(caller: Pick<ScopeCaller, 'cookie'>, path: string): Promise<Answer>;
  post(
    caller: Pick<ScopeCaller, 'cookie'>,
    path: string,
    form: Record<string, string | string[]> | FormData,
  ): Promise<Answer>;
  api(token: string, path: string): Promise<{ status: number; body: string }>;
}

export function serverClient(baseUrl: string): ServerClient {
  let requests = 0;
  async function ask(caller: Pick<ScopeCaller, 'cookie'>, path: string, init: RequestInit = {}): Promise<Answer> {
    requests++;
    const headers = new Headers(init.headers);
    if (caller.cookie) headers.set('Cookie', caller.cookie);
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers, redirect: 'manual' });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: bytes.toString('utf8'), bytes, location: response.headers.get('location') };
  }
  return {
    get requests() {
      return requests;
    },
    get: (caller, path) => ask(caller, path),
    post(caller, path, form) {
      let body: FormData | URLSearchParams;
      if (form instanceof FormData) body = form;
      else {
        body = new URLSearchParams();
        for (const [name, value] of Object.entries(form)) for (const one of [value].flat()) body.append(name, one);
      }
      return ask(caller, path, { method: 'POST', headers: { Origin: baseUrl }, body });
    },
    async api(token, path) {
      requests++;
      const response = await fetch(`${baseUrl}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      return { status: response.status, body: await response.text() };
    },
  };
}

/** The text of every cell of every sheet of an XLSX answer. */
export async function xlsxText(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const sheet of workbook.worksheets)
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text ?? cell.value))));
  return cells.join('\n');
}

/** What the sweep needs to know: who asks, the targets by code, and what must never show. */
export interface ScopeSweepOptions<T> {
  http: ServerClient;
  /** Every caller, in the order they ask. */
  callers: readonly ScopeCaller[];
  /** Every target code, in the order they are asked for. */
  codes: readonly string[];
  target: (code: string) => T;
  /** An id that names nothing: its 404 is what every outside answer must equal. */
  missingId: string;
  /** Strings that must not appear in an answer to this caller (names and codes from outside). */
  forbiddenFor: (caller: ScopeCaller) => string[];
}

export interface ScopeSweep<T> {
  expectNoLeak(text: string, caller: ScopeCaller, what: string): void;
  /** Signed out: sent to sign in; a learner: 404; never the page. */
  expectRefused(caller: ScopeCaller, answer: Answer, what: string): void;
  /**
   * One route per target: inside → 2xx (checked further by `inside`), outside → exactly the
   * answer for a missing id; learners and visitors never get the page.
   */
  sweep(
    pathOf: (target: string) => string,
    targetOf: (target: T) => string,
    inside: (answer: Answer, target: T, caller: ScopeCaller) => void | Promise<void>,
  ): Promise<void>;
  /** A list page: 2xx to administrators with each inside target's `marker` and no outside name; refused to others. */
  listPage(path: string, marker: (target: T) => string, options?: { onlyProvince?: boolean }): Promise<void>;
  /**
   * A form action posted through the RPC endpoint at every target by every caller except an
   * administrator acting inside their scope: 404 (401 signed out) and `unchanged` reads the same
   * before and after. `mayInside(caller)` false: the caller may not use the form at all, so they
   * get 404 inside their scope too.
   */
  actionSweep(
    action: string,
    formOf: (target: T, caller: ScopeCaller) => Record<string, string | string[]> | FormData,
    unchanged: (target: T) => Promise<unknown>,
    options?: { mayInside?: (caller: ScopeCaller) => boolean },
  ): Promise<void>;
}

export function scopeSweep<T>({
  http,
  callers,
  codes,
  target,
  missingId,
  forbiddenFor,
}: ScopeSweepOptions<T>): ScopeSweep<T> {
  const isAdmin = (caller: ScopeCaller) => caller.kind !== 'learner' && caller.kind !== 'anonymous';
  const expectNoLeak: ScopeSweep<T>['expectNoLeak'] = (text, caller, what) => {
    for (const forbidden of forbiddenFor(caller))
      assert.ok(!text.includes(forbidden), `${caller.label} ${what}: the answer names ${forbidden}, outside the scope`);
  };
  const expectRefused: ScopeSweep<T>['expectRefused'] = (caller, answer, what) => {
    if (caller.kind === 'anonymous') {
      assert.equal(answer.status, 302, `${caller.label} ${what}: ${answer.status}`);
      assert.match(answer.location ?? '', /^\/dang-nhap\/\?next=/);
    } else assert.equal(answer.status, 404, `${caller.label} ${what}: ${answer.status}`);
  };
  return {
    expectNoLeak,
    expectRefused,
    async sweep(pathOf, targetOf, inside) {
      for (const caller of callers) {
        const missing = await http.get(caller, pathOf(missingId));
        for (const code of codes) {
          const path = pathOf(targetOf(target(code)));
          const what = `${path} (${code})`;
          const answer = await http.get(caller, path);
          if (!isAdmin(caller)) expectRefused(caller, answer, what);
          else if (caller.inside.includes(code)) {
            assert.ok(
              answer.status >= 200 && answer.status < 300,
              `${caller.label} ${what}: expected 2xx inside, got ${answer.status}`,
            );
            await inside(answer, target(code), caller);
          } else {
            assert.equal(answer.status, 404, `${caller.label} ${what}: expected 404 outside, got ${answer.status}`);
            assert.equal(answer.body, missing.body, `${caller.label} ${what}: the 404 differs from a missing id's`);
          }
        }
      }
    },
    async listPage(path, marker, options = {}) {
      for (const caller of callers) {
        const answer = await http.get(caller, path);
        if (!isAdmin(caller) || (options.onlyProvince && caller.kind === 'commune')) {
          if (caller.kind === 'anonymous') expectRefused(caller, answer, path);
          else assert.equal(answer.status, 404, `${caller.label} ${path}: ${answer.status}`);
          continue;
        }
        assert.equal(answer.status, 200, `${caller.label} ${path}: ${answer.status}`);
        for (const code of caller.inside)
          assert.ok(
            answer.body.includes(marker(target(code))),
            `${caller.label} ${path}: ${marker(target(code))} missing`,
          );
        expectNoLeak(answer.body, caller, path);
      }
    },
    async actionSweep(action, formOf, unchanged, options = {}) {
      for (const caller of callers) {
        for (const code of codes) {
          if (isAdmin(caller) && caller.inside.includes(code) && (options.mayInside?.(caller) ?? true)) continue;
          const before = JSON.stringify(await unchanged(target(code)));
          const answer = await http.post(caller, `/_actions/${action}`, formOf(target(code), caller));
          const expected = caller.kind === 'anonymous' ? 401 : 404;
          assert.equal(
            answer.status,
            expected,
            `${caller.label} ${action} → ${code}: expected ${expected}, got ${answer.status} ${answer.body.slice(0, 200)}`,
          );
          assert.equal(
            JSON.stringify(await unchanged(target(code))),
            before,
            `${caller.label} ${action} → ${code}: something was written`,
          );
          expectNoLeak(answer.body, caller, action);
        }
      }
    },
  };
}
