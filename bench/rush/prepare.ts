/**
 * Real learners for bench:rush, made through the app's own paths: an officials import (preview and
 * commit, as the administrator's upload does) into a commune of the seed, activation codes issued
 * by the function the activation letters use, then each account activated over HTTP with
 * POST /kich-hoat/ (the letter's form: staff code, code, new password), whose 303 carries the
 * learner's session cookie. The administrator (seed account) gets a session directly.
 * Run as its own process (`node bench/rush/prepare.ts <database URL> <server URL> <count>`, prints
 * the result as JSON): the server layer opens DATABASE_URL once per process, and each measurement
 * of bench:rush starts from a fresh database.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { inArray } from 'drizzle-orm';
import { officials } from '../../db/schema/index.ts';
import { commitImport } from '../../src/lib/server/officials-import/commit.ts';
import { createPreview, findImport } from '../../src/lib/server/officials-import/preview.ts';
import { issueActivationCodes } from '../../src/lib/server/accounts/activation-codes.ts';
import { createSession } from '../../src/lib/server/auth/sessions.ts';
import { getDb } from '../../src/lib/server/db.ts';
import { sessionUserOf, unitOf } from '../../tests/support/api-token-fixtures.ts';
import { csvFile, officialRow } from '../../tests/support/officials-csv.ts';

/** The province administrator of the seed: imports, issues the codes, watches the dashboard. */
export const ADMIN = 'quantri.songlam';
/** An office of the seed's commune Quảng Lợi, where the learners are imported. */
const UNIT_CODE = 'SL-QL-VP';
/** Activations in flight at once: each costs the server one Argon2 hash. */
const ACTIVATION_CONCURRENCY = 8;

export interface Prepared {
  /** Session tokens of the learners (the cookie's value). */
  learners: string[];
  /** Session token of the administrator. */
  admin: string;
  seconds: { import: number; codes: number; activation: number };
}

/** A distinct documentation-style address per learner (10.x.y.z), for X-Forwarded-For. */
const addressOf = (index: number) => `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;

/** POSTs the activation form; resolves the session token from the 303's Set-Cookie. */
function activate(baseUrl: string, staffCode: string, code: string, index: number): Promise<string> {
  const password = `hoc-lieu-so ${randomBytes(9).toString('base64url')}`;
  const body = new URLSearchParams({ staffCode, code, newPassword: password, confirmPassword: password }).toString();
  const url = new URL('/kich-hoat/', baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          origin: url.origin,
          // 127.0.0.1 is a trusted proxy by default (TRUSTED_PROXIES), so the server takes the
          // client address from X-Forwarded-For: one address per learner, as officials activating
          // from their own devices, instead of 2,000 tries from one address (60 an hour).
          'x-forwarded-for': addressOf(index + 1),
        },
      },
      (response) => {
        response.resume();
        const cookie = (response.headers['set-cookie'] ?? []).find((line) => /^(__Host-)?hls_session=[^;]/.test(line));
        if (response.statusCode !== 303 || !cookie)
          return reject(new Error(`Kích hoạt ${staffCode}: trả lời ${response.statusCode}, không có cookie phiên.`));
        resolve(cookie.slice(cookie.indexOf('=') + 1, cookie.indexOf(';')));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Imports `count` officials (staff codes RUSH-00001…), issues their codes and activates each over HTTP at `baseUrl`. */
export async function prepareLearners(baseUrl: string, count: number): Promise<Prepared> {
  const db = getDb();
  const admin = await sessionUserOf(db, ADMIN);
  const unit = await unitOf(db, UNIT_CODE);

  let started = performance.now();
  const staffCodes = Array.from({ length: count }, (_, i) => `RUSH-${String(i + 1).padStart(5, '0')}`);
  const rows = staffCodes.map((staffCode, i) => officialRow(staffCode, { fullName: `Học viên thử tải ${i + 1}` }));
  const importId = await createPreview(admin, 'rush.csv', csvFile(rows));
  const record = await findImport(admin, importId);
  if (!record || record.problems.length > 0)
    throw new Error(`Tệp nhập có dòng lỗi: ${JSON.stringify(record?.problems.slice(0, 3))}`);
  const committed = await commitImport(admin, importId);
  if (committed.counts.new !== count) throw new Error(`Nhập được ${committed.counts.new}/${count} cán bộ mới.`);
  const importSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < staffCodes.length; i += 500) {
    const part = await db
      .select({ id: officials.id })
      .from(officials)
      .where(inArray(officials.staffCode, staffCodes.slice(i, i + 500)));
    ids.push(...part.map((row) => row.id));
  }
  const batch = await issueActivationCodes(admin, ids, { unit: { id: unit.id, name: unit.name } });
  if (batch.letters.length !== count) throw new Error(`Cấp được ${batch.letters.length}/${count} mã kích hoạt.`);
  const codesSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const learners: string[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: ACTIVATION_CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) {
        const letter = batch.letters[i];
        learners[i] = await activate(baseUrl, letter.staffCode, letter.code, i);
      }
    }),
  );
  return {
    learners,
    admin: await createSession(admin.id),
    seconds: { import: importSeconds, codes: codesSeconds, activation: (performance.now() - started) / 1000 },
  };
}

if (import.meta.main) {
  const [databaseUrl, baseUrl, count] = process.argv.slice(2);
  if (process.env.DATABASE_URL !== databaseUrl) throw new Error('DATABASE_URL phải trùng với cơ sở dữ liệu được nêu.');
  const prepared = await prepareLearners(baseUrl, Number(count));
  getDb().$client.close();
  // The server layer's timers (rate-limit pruning) would keep the process alive.
  process.stdout.write(JSON.stringify(prepared), () => process.exit(0));
}
