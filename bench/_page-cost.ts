// ad hoc: per-request latency of some pages, sequential, signed in
import { isNotNull, eq } from 'drizzle-orm';
import { users } from '../db/schema/index.ts';
import { createTestDatabase, openTestDatabase } from '../tests/support/database.ts';
import { startServer } from '../tests/support/server.ts';
const databaseUrl = await createTestDatabase();
process.env.DATABASE_URL = databaseUrl;
const { createSession } = await import('../src/lib/server/auth/sessions.ts');
const db = openTestDatabase(databaseUrl);
const [learner] = await db.select({ id: users.id }).from(users).where(isNotNull(users.officialId)).limit(1);
const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.username, process.env.ADMIN ?? 'quantri.tinh')).limit(1);
const lc = `hls_session=${await createSession(learner.id)}`;
const ac = admin ? `hls_session=${await createSession(admin.id)}` : '';
const server = await startServer({ DATABASE_URL: databaseUrl });
for (const [path, cookie] of [['/viec-hoc-cua-toi/', lc], ['/khoa-hoc/tiep-cong-dan-khieu-nai-to-cao/tiep-cong-dan-tai-tru-so-ubnd-xa/', lc], ['/api/v1/me/progress', lc], [process.env.DASH ?? '/quan-tri/', ac]]) {
  const times: number[] = []; let status = 0;
  for (let i = 0; i < 60; i++) { const t = performance.now(); const r = await fetch(server.baseUrl + path, { headers: { cookie, 'accept-encoding': 'br, gzip' }, redirect: 'manual' }); await r.arrayBuffer(); status = r.status; if (i >= 10) times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(path, status, 'median', times[25].toFixed(2), 'ms p90', times[45].toFixed(2));
}
await server.stop();
