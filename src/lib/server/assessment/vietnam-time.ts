/** Times as the learner reads them, always in Vietnam's time zone whatever the server's. Pure. */

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const clock = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });
const day = new Intl.DateTimeFormat('vi-VN', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE });

/** "20:15". */
export function formatClockTime(date: Date): string {
  return clock.format(date);
}

/** "20:15 24/11/2026": the form the quiz pages use for deadlines and waiting times. */
export function formatTimeAndDate(date: Date): string {
  return `${formatClockTime(date)} ${day.format(date)}`;
}
