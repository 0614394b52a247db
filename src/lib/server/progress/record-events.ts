/**
 * This server's one event store: on its database, checking after each commit whether a course
 * became complete. event-store.ts is the mechanism, which tests build on their own databases.
 */
import type { AcceptedEvent } from '../../progress/check-events.ts';
import { recordCompletionIfDue } from '../completion/record-completion.ts';
import { getDb } from '../db.ts';
import { createEventStore, type EventStore, type RecordOutcome } from './event-store.ts';

let shared: EventStore | undefined;

/** The store of this server process, on its database, checking completions after its commits. */
export function progressEventStore(): EventStore {
  shared ??= createEventStore(getDb(), { whenCourseMayBeComplete: recordCompletionIfDue });
  return shared;
}

/** Stores a learner's events; resolves once they are committed (see EventStore). */
export function recordProgressEvents(userId: string, events: readonly AcceptedEvent[]): Promise<RecordOutcome> {
  return progressEventStore().record(userId, events);
}
