/**
 * The demo history's calendar. The history is a fixed shape of days counted back from the seed's
 * "today": the current date in Vietnam, or DEMO_TODAY=YYYY-MM-DD to pin it. Seeded on the same
 * day (or with the same DEMO_TODAY), the history is identical; on another day, it is the same
 * history moved so that it still ends yesterday.
 */

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar of one seeding, and the moment the server code is told it is ("now"). */
export class DemoClock {
  /** Midnight of "today" in Vietnam, as a UTC instant. */
  readonly todayStart: number;
  #now: number;

  constructor(today = process.env.DEMO_TODAY ?? vietnamDate(new Date())) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(today))
      throw new Error(`DEMO_TODAY phải có dạng YYYY-MM-DD, không phải "${today}".`);
    this.todayStart = Date.parse(`${today}T00:00:00Z`) - VIETNAM_OFFSET_MS;
    this.#now = this.todayStart;
  }

  /** The instant `day` days from today (negative: in the past) at `hour`:`minute` in Vietnam. */
  at(day: number, hour = 9, minute = 0): Date {
    return new Date(this.todayStart + day * DAY_MS + hour * 3_600_000 + minute * 60_000);
  }

  /** The calendar date (YYYY-MM-DD, Vietnam) `day` days from today. */
  date(day: number): string {
    return vietnamDate(this.at(day, 12));
  }

  /** The year of today in Vietnam. */
  get year(): number {
    return Number(this.date(0).slice(0, 4));
  }

  /** What the server code is told the time is. */
  now(): Date {
    return new Date(this.#now);
  }

  set(moment: Date): void {
    this.#now = moment.getTime();
  }
}

/** The calendar date in Vietnam of an instant. */
export function vietnamDate(moment: Date): string {
  return new Date(moment.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}
