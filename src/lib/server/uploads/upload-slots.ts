/**
 * How many uploads are received or parsed at once (issue 14): a counting semaphore kept in
 * upload_slots, so it holds over every server instance on the database. A slot is taken with one
 * INSERT … SELECT … WHERE the user's and everyone's live slots are below their limits: SQLite runs
 * it atomically, so two instances cannot both take the last slot. The holder pushes its slot's
 * expiry forward while it works; a slot whose instance died simply expires.
 */
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { uploadSlots } from '../../../../db/schema/index.ts';
import { getDb } from '../db.ts';
import { newId } from '../../ids.ts';
import { discardBody } from './stream-to-disk.ts';

/** What an upload is, for the slot's row. */
export type UploadKind = 'video' | 'officials' | 'attendance' | 'h5p';

/** Refused: the user or the servers already have as many uploads as allowed. */
export class UploadBusyError extends Error {
  readonly status = 429;
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface UploadSlot {
  id: string;
  /** Frees the slot; safe to call twice. */
  release(): Promise<void>;
}

const positive = (value: string | undefined, fallback: number) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
};

/** Uploads one user may have in flight (UPLOAD_SLOTS_PER_USER, default 2). */
export const perUserLimit = () => positive(process.env.UPLOAD_SLOTS_PER_USER, 2);
/** Uploads in flight over all instances (UPLOAD_SLOTS_TOTAL, default 8). */
export const totalLimit = () => positive(process.env.UPLOAD_SLOTS_TOTAL, 8);
/** A slot not renewed for this long is free again (UPLOAD_SLOT_TTL_MS, default 2 minutes). */
const ttlMs = () => positive(process.env.UPLOAD_SLOT_TTL_MS, 120_000);

/** Whole seconds a refused client is asked to wait. */
const RETRY_AFTER_SECONDS = 10;

export const USER_BUSY = 'Anh/chị đang có tệp khác đang được tải lên hoặc xử lý. Hãy đợi tệp đó xong rồi thử lại.';
export const SERVER_BUSY = 'Máy chủ đang nhận nhiều tệp tải lên cùng lúc. Hãy thử lại sau ít phút.';

/** Takes a slot for `userId`, or throws UploadBusyError (429). Release it in a `finally`. */
export async function acquireUploadSlot(userId: string, kind: UploadKind): Promise<UploadSlot> {
  const db = getDb();
  const id = newId();
  const now = Date.now();
  const ttl = ttlMs();
  // Expired slots (of dead instances) are dropped first; the index on expires_at keeps this cheap.
  await db.delete(uploadSlots).where(lte(uploadSlots.expiresAt, now));
  const result = await db.run(sql`
    insert into ${uploadSlots} (id, user_id, kind, expires_at)
    select ${id}, ${userId}, ${kind}, ${now + ttl}
    where (select count(*) from ${uploadSlots} where user_id = ${userId} and expires_at > ${now}) < ${perUserLimit()}
      and (select count(*) from ${uploadSlots} where expires_at > ${now}) < ${totalLimit()}`);
  if (result.rowsAffected !== 1) {
    const [mine] = await db
      .select({ n: sql<number>`count(*)` })
      .from(uploadSlots)
      .where(and(eq(uploadSlots.userId, userId), gt(uploadSlots.expiresAt, now)));
    throw new UploadBusyError(mine.n >= perUserLimit() ? USER_BUSY : SERVER_BUSY, RETRY_AFTER_SECONDS);
  }

  // Renewed while held, so a long upload keeps its slot and a dead instance's slot runs out soon.
  const renew = setInterval(
    () => {
      db.update(uploadSlots)
        .set({ expiresAt: Date.now() + ttl })
        .where(eq(uploadSlots.id, id))
        .catch((error: unknown) => console.error('Không gia hạn được lượt tải lên', error));
    },
    Math.max(1_000, Math.floor(ttl / 3)),
  );
  renew.unref();
  let released = false;
  return {
    id,
    async release() {
      if (released) return;
      released = true;
      clearInterval(renew);
      await db.delete(uploadSlots).where(eq(uploadSlots.id, id));
    },
  };
}

/** Runs `work` holding a slot of `userId`; the slot is freed however it ends. */
export async function withUploadSlot<T>(userId: string, kind: UploadKind, work: () => Promise<T>): Promise<T> {
  const slot = await acquireUploadSlot(userId, kind);
  try {
    return await work();
  } finally {
    await slot.release().catch((error: unknown) => console.error('Không trả được lượt tải lên', error));
  }
}

/**
 * Takes a slot for the upload in `request`; when none is free, reads and drops up to `drainBytes`
 * of the body before throwing UploadBusyError, so the browser sees the 429 rather than a reset
 * connection (see discardBody).
 */
export async function acquireSlotForRequest(
  request: Request,
  userId: string,
  kind: UploadKind,
  drainBytes: number,
): Promise<UploadSlot> {
  try {
    return await acquireUploadSlot(userId, kind);
  } catch (error) {
    if (error instanceof UploadBusyError) await discardBody(request, drainBytes);
    throw error;
  }
}
