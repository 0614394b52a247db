/**
 * `npm run bench:uploads`: 20 video uploads of 150 MB each, all at once, to the video editor of
 * the built server (issue 14). The bytes are generated while they are sent (one 1 MB block sent
 * over and over), never held whole by the bench. Each upload must end cleanly: stored (303) or
 * refused (429 with Retry-After, or 413), never a reset or a 5xx. Prints how each ended, their
 * durations and the server's peak memory (VmHWM of its process, and VmRSS sampled every 50 ms).
 * Target: the server's peak RSS under 600 MB. One instructor sends them all, so the server is
 * started with UPLOAD_SLOTS_PER_USER=20: the global limit (UPLOAD_SLOTS_TOTAL, default 8) is what
 * is measured. Options: BENCH_UPLOADS (20), BENCH_UPLOAD_MB (150); BENCH_SMOKE=1 (bench/smoke.ts)
 * sends 4 of 2 MB and a missed target does not fail the run. Needs `npm run build` first.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase } from '../tests/support/database.ts';
import { startServer } from '../tests/support/server.ts';
import { signInOverHttp } from '../tests/support/authoring-http.ts';

const SMOKE = process.env.BENCH_SMOKE === '1';
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? (SMOKE ? 4 : 20));
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? (SMOKE ? 2 : 150));
const TARGET_RSS_MB = 600;
const COURSE = 'tiep-cong-dan-khieu-nai-to-cao';

const databaseUrl = await createTestDatabase();
const server = await startServer({ DATABASE_URL: databaseUrl, UPLOAD_SLOTS_PER_USER: String(UPLOADS) });
const base = server.baseUrl;

const status = (field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) /
  1024;

const cookie = await signInOverHttp(base, 'giangvien', 'soan-bai-giang-2026');
const opened = await fetch(`${base}/giang-vien/?_action=authoring.editCourse`, {
  method: 'POST',
  redirect: 'manual',
  headers: { Cookie: cookie, Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ course: COURSE }),
});
await opened.body?.cancel();
const draftId = /^\/giang-vien\/ban-nhap\/([a-z0-9]+)\/$/.exec(opened.headers.get('location') ?? '')?.[1];
if (!draftId) throw new Error(`could not open a draft: ${opened.status}`);

const BOUNDARY = 'hls-bench-uploads';
const encoder = new TextEncoder();
/** One block of the "video": an MP4 "ftyp" box first (the form checks the first bytes), then filler. */
const FIRST_BLOCK = Buffer.alloc(1024 * 1024, 0x2a);
Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypmp42'), 0, 0, 0, 0, ...Buffer.from('mp42isom')]).copy(FIRST_BLOCK);
const BLOCK = Buffer.alloc(1024 * 1024, 0x2a);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
const TRANSCRIPT =
  'Cán bộ tiếp công dân chào hỏi, ghi nhận nội dung và hướng dẫn công dân nộp đơn đúng nơi, đúng thủ tục. '
    .repeat(5)
    .trim();
const VTT = 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nXin chào.\n';

const part = (name: string, extra = '', type?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n${type ? `Content-Type: ${type}\r\n` : ''}\r\n`;

/** The multipart body of one upload, generated as it is read. */
function body(index: number): ReadableStream<Uint8Array> {
  const pieces: (() => Uint8Array)[] = [
    () =>
      encoder.encode(
        `${part('title')}Video thử tải lên ${index + 1}\r\n${part('transcript')}${TRANSCRIPT}\r\n${part('durationSeconds')}60\r\n`,
      ),
    () => encoder.encode(`${part('tep-phu-de', '; filename="phu-de.vtt"', 'text/vtt')}${VTT}\r\n`),
    () =>
      new Uint8Array(
        Buffer.concat([
          encoder.encode(part('anh-dai-dien', '; filename="anh.png"', 'image/png')),
          PNG,
          encoder.encode('\r\n'),
        ]),
      ),
    () => encoder.encode(part('tep-video', `; filename="video-${index + 1}.mp4"`, 'video/mp4')),
    ...Array.from({ length: UPLOAD_MB }, (_, block) => () => new Uint8Array(block === 0 ? FIRST_BLOCK : BLOCK)),
    () => encoder.encode(`\r\n--${BOUNDARY}--\r\n`),
  ];
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next < pieces.length) controller.enqueue(pieces[next++]());
      else controller.close();
    },
  });
}

interface Outcome {
  status: number | string;
  seconds: number;
  retryAfter: string | null;
}

async function upload(index: number): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}/giang-vien/ban-nhap/${draftId}/video/moi/`, {
      method: 'POST',
      redirect: 'manual',
      body: body(index),
      duplex: 'half',
      headers: { Cookie: cookie, Origin: base, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    } as RequestInit);
    const text = await response.text();
    if (response.status === 400)
      console.error([...text.matchAll(/href="#[^"]*"[^>]*>([^<]*)/g)].map((match) => match[1]).join(' | '));
    return {
      status: response.status,
      seconds: (performance.now() - started) / 1000,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    return {
      status: `lỗi kết nối (${(error as Error).cause ?? (error as Error).message})`,
      seconds: (performance.now() - started) / 1000,
      retryAfter: null,
    };
  }
}

let sampledMb = status('VmRSS');
const idleMb = sampledMb;
const sampler = setInterval(() => (sampledMb = Math.max(sampledMb, status('VmRSS'))), 50);
const started = performance.now();
const outcomes = await Promise.all(Array.from({ length: UPLOADS }, (_, index) => upload(index)));
const wallSeconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const peakMb = Math.max(sampledMb, status('VmHWM'));

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const stored = outcomes.filter((outcome) => outcome.status === 303);
const refused = outcomes.filter((outcome) => outcome.status === 429 || outcome.status === 413);
const unclean = outcomes.filter((outcome) => !stored.includes(outcome) && !refused.includes(outcome));
const seconds = (list: Outcome[]) => list.map((outcome) => outcome.seconds).sort((a, b) => a - b);
const describe = (list: Outcome[]) => {
  const sorted = seconds(list);
  return sorted.length === 0
    ? 'không có'
    : `trung vị ${fmt(sorted[Math.floor(sorted.length / 2)], 2)} s, lâu nhất ${fmt(sorted[sorted.length - 1], 2)} s`;
};

console.log(`${UPLOADS} video tải lên cùng lúc, mỗi video ${UPLOAD_MB} MB, trong ${fmt(wallSeconds)} s`);
console.log(`  đã lưu (303): ${stored.length}, ${describe(stored)}`);
console.log(
  `  từ chối gọn (429/413): ${refused.length}, ${describe(refused)}${refused.some((outcome) => outcome.status === 429 && !outcome.retryAfter) ? ' (thiếu Retry-After!)' : ''}`,
);
console.log(
  `  kết thúc không gọn: ${unclean.length}${unclean.length ? ` (${unclean.map((outcome) => outcome.status).join(', ')})` : ''}`,
);
console.log(
  `RSS của máy chủ: lúc rảnh ${fmt(idleMb, 0)} MB, cao nhất ${fmt(peakMb, 0)} MB (mục tiêu dưới ${TARGET_RSS_MB} MB)`,
);

await server.stop();
// The stored videos went into the project's data/drafts/<draft>/; the draft belongs to this bench's database only.
await rm(join(process.cwd(), 'data', 'drafts', draftId), { recursive: true, force: true });

const problems: string[] = [];
if (unclean.length > 0) problems.push(`${unclean.length} lần tải lên kết thúc không gọn`);
if (refused.some((outcome) => outcome.status === 429 && !outcome.retryAfter))
  problems.push('câu trả lời 429 thiếu Retry-After');
if (stored.length === 0) problems.push('không video nào được lưu');
if (problems.length > 0) {
  console.error(`Lỗi: ${problems.join('; ')}.`);
  process.exitCode = 1;
} else if (peakMb >= TARGET_RSS_MB) {
  console.log(`RSS cao nhất ${fmt(peakMb, 0)} MB vượt mục tiêu ${TARGET_RSS_MB} MB.`);
  if (!SMOKE) process.exitCode = 1;
}
