/**
 * The device's queue of learning events. Events are kept in localStorage until the server has
 * acknowledged the batch that carried them, so nothing is lost offline; each keeps the UUID it
 * was born with, so a batch re-sent after a dropped answer is stored once on the server.
 *
 * Nothing is sent before the server has said, on this page, who is signed in. Each event is
 * stamped with that user (`owner`); events taken before the answer have no owner yet. When the
 * server names someone else, the other person's events are dropped rather than credited to the
 * wrong learner, and the unowned ones are adopted by the learner it names.
 */
import { resendDelayMs } from '../lib/resend-delay.ts';
import type { Me } from '../schemas/api/me.ts';
import type { CourseProgress, MyProgress, ProgressEvent } from '../schemas/api/progress.ts';

/** What a page reports: the event without its id and time, which the queue adds. */
export type NewProgressEvent = Omit<ProgressEvent, 'id' | 'occurredAt'>;

interface QueuedEvent extends ProgressEvent {
  /** The user the server had named on the page that took the event; never sent. */
  owner?: string;
}

interface Stored {
  /** The user id the server last confirmed on this device. */
  user?: string;
  events: QueuedEvent[];
}

/** What the status line shows. */
export interface SyncState {
  pending: number;
  online: boolean;
  /** The server answered 401: nobody is signed in. */
  signedOut: boolean;
  /** The last try failed for another reason; a retry is scheduled. */
  retrying: boolean;
  /** Something was saved on the server during this page's life. */
  saved: boolean;
}

const KEY = 'hls.progress.v1';
const BATCH = 100;
/** Beyond this the oldest events are dropped, completions last. */
const MAX_QUEUED = 2000;
const ENDPOINT = '/api/v1/progress/events';

let memory: Stored = { events: [] };
/** Whether the server has told this page who is signed in (nothing is sent before it has). */
let confirmed = false;
/** Whether this page has taken any event. */
let recorded = false;
let identifying: Promise<unknown> | undefined;
let flushTimer: ReturnType<typeof setTimeout> | undefined;
let flushDue = 0;
let failures = 0;
/** After a failure, nothing is sent before this time (ms since the epoch): the server's Retry-After, or the backoff. */
let resendAt = 0;
let batchSize = BATCH;
const state: SyncState = { pending: 0, online: navigator.onLine, signedOut: false, retrying: false, saved: false };
const listeners: ((state: SyncState) => void)[] = [];

function read(): Stored {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Stored | null;
    if (Array.isArray(stored?.events)) memory = stored;
  } catch {
    // Storage disabled or corrupt: keep what this page holds in memory.
  }
  return memory;
}

function write(stored: Stored): void {
  memory = stored;
  try {
    localStorage.setItem(KEY, JSON.stringify(stored));
  } catch {
    // Quota or privacy mode: the events live as long as the page does.
  }
}

/** Events of the user last confirmed here (or of nobody known yet). */
function sendable(stored: Stored): QueuedEvent[] {
  return stored.events.filter((event) => !event.owner || event.owner === stored.user);
}

function notify(): void {
  state.pending = sendable(read()).length;
  // Another tab may have sent this page's events: an empty queue means the server has them.
  if (state.pending === 0 && confirmed && recorded) state.saved = true;
  state.online = navigator.onLine;
  for (const listener of listeners) listener(state);
}

/** Calls `listener` now and on every change of the sync state. */
export function onSyncState(listener: (state: SyncState) => void): void {
  listeners.push(listener);
  notify();
}

/** A v4 UUID; `crypto.randomUUID` exists only on https and localhost. */
function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The device's local time with its offset, e.g. 2026-11-24T19:30:00.000+07:00. */
function localIsoTime(date = new Date()): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** Keeps a new event on the device and sends it soon. */
export function record(event: NewProgressEvent): void {
  const stored = read();
  // Until the server has answered on this page, the event belongs to whoever it will name.
  stored.events.push({ ...event, id: uuid(), occurredAt: localIsoTime(), owner: confirmed ? stored.user : undefined });
  if (stored.events.length > MAX_QUEUED) {
    const drop = stored.events.findIndex((queued) => queued.kind !== 'lesson_completed');
    stored.events.splice(drop < 0 ? 0 : drop, 1);
  }
  write(stored);
  recorded = true;
  notify();
  if (!state.signedOut) flushSoon(1000);
}

/** The server said who is signed in: drop anyone else's events and adopt the unowned ones. */
export function confirmUser(userId: string): void {
  const stored = read();
  stored.events = stored.events
    .filter((event) => !event.owner || event.owner === userId)
    .map((event) => ({ ...event, owner: userId }));
  stored.user = userId;
  write(stored);
  confirmed = true;
  state.signedOut = false;
  notify();
}

/** The server answered 401. Events stay queued for when the same learner signs in again. */
function markSignedOut(): void {
  confirmed = false;
  state.signedOut = true;
  notify();
}

/** GET a JSON answer about the signed-in learner: null on 401 (and the queue learns it), undefined when unreachable. */
async function askServer<T>(path: string): Promise<T | null | undefined> {
  try {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      markSignedOut();
      return null;
    }
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Asks the server who is signed in (once at a time) and confirms that user for the queue. */
function identify(): Promise<unknown> {
  identifying ??= askServer<Me>('/api/v1/me')
    .then(
      (me) => me && confirmUser(me.userId),
      () => undefined,
    )
    .finally(() => (identifying = undefined));
  return identifying;
}

/** The learner's progress in a course: null when signed out, undefined when the server could not be reached. */
export async function loadMyProgress(courseId: string): Promise<CourseProgress[] | null | undefined> {
  const body = await askServer<MyProgress>(`/api/v1/me/progress?course=${encodeURIComponent(courseId)}`);
  return body && body.courses;
}

/**
 * Schedules a flush after `delay` ms unless one is already due sooner; never before the wait a
 * failure set (a new event on a page does not bring a busy server's learners back early).
 */
export function flushSoon(delay = 0): void {
  const due = Math.max(Date.now() + delay, resendAt);
  if (flushTimer !== undefined && due >= flushDue) return;
  clearTimeout(flushTimer);
  flushDue = due;
  flushTimer = setTimeout(() => void flush(), due - Date.now());
}

/** Sends one batch; true when the queue may hold more to send now. */
async function sendBatch(keepalive = false): Promise<boolean> {
  const stored = read();
  const batch = sendable(stored).slice(0, batchSize);
  if (batch.length === 0) return false;
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      keepalive,
      body: JSON.stringify({ events: batch.map(({ owner: _owner, ...event }) => event) }),
    });
  } catch {
    return fail();
  }
  if (response.ok) {
    const sent = new Set(batch.map((event) => event.id));
    const fresh = read();
    fresh.events = fresh.events.filter((event) => !sent.has(event.id));
    write(fresh);
    failures = 0;
    resendAt = 0;
    batchSize = BATCH;
    Object.assign(state, { signedOut: false, retrying: false, saved: true });
    return true;
  }
  if (response.status === 401) {
    markSignedOut();
    return false;
  }
  if (response.status === 400 || response.status === 413) return dropInvalid(batch, response);
  return fail(response);
}

/**
 * A batch the server refuses as invalid will never pass: drop the events its issues point at
 * (`events.<n>…`); if it names none, send smaller batches until the bad event is alone.
 */
async function dropInvalid(batch: QueuedEvent[], response: Response): Promise<boolean> {
  const body = (await response.json().catch(() => ({}))) as { issues?: { path?: string }[] };
  // Issue paths read "events.3.lessonId".
  const bad = new Set(
    (body.issues ?? [])
      .map(({ path = '' }) => /^events\.(\d+)/.exec(path)?.[1])
      .map((index) => index && batch[Number(index)]?.id)
      .filter(Boolean),
  );
  if (bad.size === 0 && batch.length > 1) {
    batchSize = Math.ceil(batch.length / 2);
    return true;
  }
  if (bad.size === 0) bad.add(batch[0].id);
  const fresh = read();
  fresh.events = fresh.events.filter((event) => !bad.has(event.id));
  write(fresh);
  return true;
}

/** When to send again (src/lib/resend-delay.ts): events keep on the device, so the wait may grow long. */
const RESEND = { firstMs: 2_000, capMs: 300_000 };

/**
 * Network error, 5xx, 429: retry later, when the server's Retry-After says, otherwise waiting
 * twice as long each time; spread at random, so a province's learners turned away together by a
 * busy server do not all come back in the same second.
 */
function fail(response?: Response): false {
  failures += 1;
  state.retrying = true;
  resendAt = Date.now() + resendDelayMs(failures, response?.headers.get('Retry-After'), RESEND);
  // A flush already due sooner (a new event's) waits too.
  clearTimeout(flushTimer);
  flushTimer = undefined;
  flushSoon();
  return false;
}

async function flushAll(): Promise<void> {
  if (!navigator.onLine) return notify();
  if (!confirmed) await identify();
  if (state.signedOut) return notify();
  if (!confirmed) return void fail();
  while (await sendBatch()) notify();
  notify();
}

/** Sends everything queued, one tab at a time (Web Locks where the browser has them). */
export async function flush(): Promise<void> {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (navigator.locks) await navigator.locks.request(KEY, flushAll);
  else await flushAll();
}

/** The page is going away: send one last batch that outlives it; acknowledged or not, it stays queued until the next page confirms. */
export function flushOnExit(): void {
  if (navigator.onLine && confirmed) void sendBatch(true);
}

addEventListener('online', () => {
  failures = 0;
  resendAt = 0;
  flushSoon();
});
addEventListener('offline', notify);
addEventListener('storage', (event) => {
  if (event.key === KEY) notify();
});
// Back from another tab (perhaps after signing in there): try again.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && (state.signedOut || state.pending > 0)) flushSoon();
});
