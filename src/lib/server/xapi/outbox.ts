/**
 * The xAPI outbox: a statement is queued in the same transaction as the fact it reports, so
 * there is never a fact without its statement nor a statement for a fact rolled back. Queuing
 * the same fact again does nothing (the id is the fact's UUIDv5 and the primary key).
 */
import type { Database } from '../../../../db/client.ts';
import { xapiOutbox } from '../../../../db/schema/xapi.ts';
import { ensureXapiSender } from './sender.ts';
import type { XapiFact } from '../../xapi/statements.ts';

/** A database or an open transaction: anything drizzle can insert through. */
export type OutboxWriter = Pick<Database, 'insert'>;

/** Where the statement belongs and when it was queued. */
export interface EnqueueOptions {
  /** Tree path of the learner's unit at the fact: administrators see the rows of their scope. */
  unitPath?: string | null;
  now?: Date;
}

/**
 * Queues `fact`'s statement for the LRS inside the caller's transaction (`writer`); nothing when
 * the same fact is queued already. Exported for every module that reports facts (evaluations too).
 */
export async function enqueue(writer: OutboxWriter, fact: XapiFact, options: EnqueueOptions = {}): Promise<void> {
  const now = options.now ?? new Date();
  await writer
    .insert(xapiOutbox)
    .values({
      statementId: fact.statement.id,
      factKind: fact.kind,
      statement: fact.statement,
      unitPath: options.unitPath ?? null,
      createdAt: now,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
    })
    .onConflictDoNothing();
  // Starting a timer awaits nothing: safe inside the caller's transaction.
  ensureXapiSender();
}
