/**
 * The attempt page's island: saves each change to PUT /api/v1/attempts/{id}/answers, says when
 * it last saved, counts down from the seconds the server gave (measured with a monotonic clock
 * from that moment, never the device's date), and submits when the count reaches zero. Answers
 * the network or a busy server did not take are sent again on their own. Without it the form
 * still works: "Lưu bài" and "Nộp bài" post the whole form.
 */
import { formatClockTime } from '../../lib/format.ts';
import { resendDelayMs } from '../../lib/resend-delay.ts';

const form = document.querySelector<HTMLFormElement>('[data-attempt-form]');
if (form) startIsland(form);

type Answer = string | string[] | boolean | null;

/** Answers nobody took (a gateway's 502/504, the server's 503): sent again, unlike a refusal. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
/** When to send answers again (src/lib/resend-delay.ts): an exam has minutes, not hours, to wait. */
const RESEND = { firstMs: 5_000, capMs: 60_000 };

function startIsland(form: HTMLFormElement): void {
  const attemptId = form.dataset.attemptId!;
  const attemptUrl = form.dataset.attemptUrl!;
  const status = form.querySelector<HTMLElement>('[data-save-status]')!;
  const alertBox = form.querySelector<HTMLElement>('[data-save-error]')!;
  const countdown = form.querySelector<HTMLElement>('[data-countdown]');
  const announcement = form.querySelector<HTMLElement>('[data-time-announcement]')!;
  const apiUrl = `/api/v1/attempts/${attemptId}`;

  let closed = false;
  const pending = new Map<string, Answer>();
  let inFlight: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Sends in a row that were not taken. */
  let failures = 0;

  const timer = countdownOf(
    countdown,
    form.dataset.remainingSeconds ? Number(form.dataset.remainingSeconds) : Number.NaN,
    {
      announce: (text) => (announcement.textContent = text),
      expire: async () => {
        if (closed) return;
        status.textContent = 'Hết giờ: đang nộp bài…';
        await flush();
        closed = true;
        await fetch(`${apiUrl}/submit`, {
          method: 'POST',
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
        }).catch(() => undefined);
        location.replace(`${attemptUrl}?het-gio=1`);
      },
    },
  );

  function showProblem(message: string): void {
    alertBox.textContent = message;
    alertBox.hidden = false;
  }

  /** Stops everything once the server says the attempt takes no more answers. */
  function close(message: string): void {
    closed = true;
    pending.clear();
    showProblem(message);
    const link = document.createElement('a');
    link.href = attemptUrl;
    link.textContent = 'Xem kết quả';
    alertBox.append(' ', link);
  }

  /** The current answer of one question, read from the form; undefined while an ordering is incomplete. */
  function answerOf(fieldset: HTMLFieldSetElement): Answer | undefined {
    const id = fieldset.dataset.question!;
    const inputs = [...fieldset.querySelectorAll<HTMLInputElement>(`input[name="${CSS.escape(id)}"]`)];
    switch (fieldset.dataset.type) {
      case 'single':
        return inputs.find((input) => input.checked)?.value ?? null;
      case 'multiple':
        return inputs.filter((input) => input.checked).map((input) => input.value);
      case 'true-false': {
        const value = inputs.find((input) => input.checked)?.value;
        return value === undefined ? null : value === 'true';
      }
      case 'ordering': {
        const selects = [...fieldset.querySelectorAll<HTMLSelectElement>('select[data-item]')];
        if (selects.every((select) => select.value === '')) return null;
        const order: string[] = [];
        for (const select of selects) if (select.value !== '') order[Number(select.value) - 1] = select.dataset.item!;
        return order.filter(Boolean).length === selects.length ? order : undefined;
      }
    }
    return undefined;
  }

  /** An ordering keeps one item per position: choosing a taken position swaps the two items. */
  function keepPositionsDistinct(select: HTMLSelectElement): void {
    const previous = select.dataset.previous ?? '';
    if (select.value !== '') {
      const fieldset = select.closest('fieldset')!;
      for (const other of fieldset.querySelectorAll<HTMLSelectElement>('select[data-item]')) {
        if (other !== select && other.value === select.value) {
          other.value = previous;
          other.dataset.previous = previous;
        }
      }
    }
    select.dataset.previous = select.value;
  }

  async function send(): Promise<void> {
    if (closed || pending.size === 0) return;
    const answers = Object.fromEntries(pending);
    pending.clear();
    let response: Response;
    try {
      response = await fetch(`${apiUrl}/answers`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ answers }),
        credentials: 'same-origin',
      });
    } catch {
      saveLater(answers, 'Chưa lưu được vì mất kết nối. Sẽ tự lưu lại khi có mạng.');
      return;
    }
    if (TRANSIENT_STATUSES.has(response.status)) {
      // The server, or the proxy in front of it, could not take the answers right now (busy, or
      // the process it reached stopped): nothing was saved, so send them again, when it says.
      saveLater(
        answers,
        'Máy chủ đang bận nên chưa lưu được. Sẽ tự lưu lại sau ít giây.',
        response.headers.get('Retry-After'),
      );
      return;
    }
    const body = (await response.json().catch(() => ({}))) as {
      savedAt?: string;
      remainingSeconds?: number | null;
      error?: string;
    };
    if (response.ok) {
      failures = 0;
      alertBox.hidden = true;
      status.textContent = `Đã lưu lúc ${formatClockTime(new Date(body.savedAt ?? Date.now()))}`;
      if (typeof body.remainingSeconds === 'number') timer.sync(body.remainingSeconds);
    } else if (response.status === 409) {
      close(body.error ?? 'Bài làm này không nhận thêm câu trả lời.');
    } else if (response.status === 401) {
      showProblem(
        'Phiên đăng nhập đã hết. Hãy đăng nhập lại ở một thẻ khác rồi bấm “Lưu bài”; các câu đã lưu không mất.',
      );
    } else {
      showProblem(body.error ?? 'Chưa lưu được câu trả lời. Hãy bấm “Lưu bài”.');
    }
  }

  /**
   * Keeps answers that were not saved (newer changes win) and sends them again, when the server's
   * Retry-After says or after a wait that doubles, spread at random so that a whole exam hall
   * turned away at once does not come back at the same moment (resendDelayMs).
   */
  function saveLater(answers: Record<string, Answer>, message: string, retryAfter: string | null = null): void {
    for (const [id, value] of Object.entries(answers)) if (!pending.has(id)) pending.set(id, value);
    status.textContent = message;
    failures++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, resendDelayMs(failures, retryAfter, RESEND));
  }

  /** Sends what is pending, one request at a time, in order. */
  function flush(): Promise<void> {
    inFlight = (inFlight ?? Promise.resolve()).then(send);
    return inFlight;
  }

  form.addEventListener('change', (event) => {
    if (closed) return;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLSelectElement) keepPositionsDistinct(target);
    const fieldset = target.closest<HTMLFieldSetElement>('fieldset[data-question]:not([data-type="case-group"])');
    if (!fieldset) return;
    const answer = answerOf(fieldset);
    if (answer === undefined) {
      status.textContent = 'Hãy chọn vị trí cho mọi mục để lưu câu sắp xếp này.';
      return;
    }
    pending.set(fieldset.dataset.question!, answer);
    status.textContent = 'Đang lưu…';
    void flush();
  });

  for (const select of form.querySelectorAll<HTMLSelectElement>('select[data-item]'))
    select.dataset.previous = select.value;
}

/**
 * A countdown from the server's remaining seconds. Elapsed time comes from performance.now(),
 * which no change of the device's date affects; each save re-synchronises it with the server.
 */
function countdownOf(
  element: HTMLElement | null,
  seconds: number,
  on: { announce: (text: string) => void; expire: () => void },
) {
  let remainingAtSync = seconds;
  let syncedAt = performance.now();
  let announced = new Set<number>();
  let expired = false;
  const left = () => Math.max(0, Math.ceil(remainingAtSync - (performance.now() - syncedAt) / 1000));

  function render(): void {
    if (!element || !Number.isFinite(remainingAtSync)) return;
    const value = left();
    const minutes = Math.floor(value / 60);
    element.textContent = `Thời gian còn lại: ${minutes}:${String(value % 60).padStart(2, '0')}`;
    for (const mark of [5, 1]) {
      if (value <= mark * 60 && value > 0 && !announced.has(mark)) {
        announced.add(mark);
        on.announce(`Còn ${mark} phút làm bài.`);
      }
    }
    if (value === 0 && !expired) {
      expired = true;
      on.expire();
    }
  }

  if (element && Number.isFinite(seconds) && element.dataset.countdown !== undefined) {
    render();
    setInterval(render, 1000);
  }
  return {
    sync(serverSeconds: number): void {
      remainingAtSync = serverSeconds;
      syncedAt = performance.now();
      announced = new Set([...announced].filter((mark) => serverSeconds <= mark * 60));
    },
  };
}
