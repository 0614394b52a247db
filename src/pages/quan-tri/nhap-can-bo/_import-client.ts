/**
 * The import pages' script: sends a form in the background (XHR, so the upload's own progress
 * can be shown), then follows the server's job through the progress endpoint until it is done,
 * and goes on to the page the job names. Without it the forms still work as plain posts.
 */
import type { ImportJobStatus } from '../../../schemas/api/import-jobs.ts';

const POLL_MS = 400;
const numberFormat = new Intl.NumberFormat('vi-VN');

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector);

function setBusy(form: HTMLFormElement, busy: boolean): void {
  for (const button of form.querySelectorAll<HTMLButtonElement>('button')) button.disabled = busy;
  form.setAttribute('aria-busy', String(busy));
}

/** Shows (or updates) the progress box. `fraction` null means "working, amount unknown". */
function showProgress(step: string, fraction: number | null, detail: string): void {
  const box = $<HTMLElement>('[data-import-progress]');
  const stepText = $<HTMLElement>('[data-import-progress-step]');
  const bar = $<HTMLProgressElement>('[data-import-progress-bar]');
  const detailText = $<HTMLElement>('[data-import-progress-detail]');
  if (!box || !stepText || !bar || !detailText) return;
  box.hidden = false;
  if (stepText.textContent !== step) stepText.textContent = step;
  if (fraction === null) bar.removeAttribute('value');
  else bar.value = Math.round(fraction * 100);
  detailText.textContent = detail;
}

function hideProgress(): void {
  const box = $<HTMLElement>('[data-import-progress]');
  if (box) box.hidden = true;
}

/** Shows a refusal in the error box at the top of the form and moves focus to it. */
export function showClientError(message: string): void {
  hideProgress();
  // A summary rendered by the server for an earlier post is now out of date.
  document.querySelector('[data-client-errors] [data-error-summary]')?.remove();
  const box = $<HTMLElement>('[data-import-error]');
  const text = $<HTMLElement>('[data-import-error-text]');
  if (!box || !text) return;
  text.textContent = message;
  box.hidden = false;
  if (!document.title.startsWith('Lỗi: ')) document.title = `Lỗi: ${document.title}`;
  box.focus();
}

function fail(form: HTMLFormElement, message: string): void {
  setBusy(form, false);
  showClientError(message);
}

/** Failed polls in a row tolerated: while a large commit holds the server, a poll may be dropped. */
const MAX_FAILED_POLLS = 8;

async function follow(form: HTMLFormElement, progressUrl: string): Promise<void> {
  let failedPolls = 0;
  for (;;) {
    let status: ImportJobStatus;
    try {
      const response = await fetch(progressUrl, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (response.status === 401 || response.status === 404)
        return fail(form, 'Không theo dõi được tiến độ xử lý. Hãy tải lại trang để xem kết quả.');
      if (!response.ok) throw new Error(String(response.status));
      status = (await response.json()) as ImportJobStatus;
      failedPolls = 0;
    } catch {
      failedPolls += 1;
      if (failedPolls >= MAX_FAILED_POLLS)
        return fail(form, 'Mất kết nối với máy chủ. Hãy kiểm tra mạng rồi tải lại trang để xem kết quả.');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    if (status.state === 'done' && status.redirectTo) {
      showProgress('Đã xong, đang mở kết quả…', 1, '');
      window.location.assign(status.redirectTo);
      return;
    }
    if (status.state === 'failed') return fail(form, status.error?.message ?? 'Không xử lý được yêu cầu.');
    const fraction = status.total > 0 ? Math.min(1, status.done / status.total) : null;
    const detail =
      status.total > 0
        ? `${numberFormat.format(status.done)} / ${numberFormat.format(status.total)} dòng`
        : status.done > 0
          ? `${numberFormat.format(status.done)} dòng`
          : '';
    showProgress(status.step, fraction, detail);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Sends `data` to the form's address in the background and follows the job it starts. */
export function runImportJob(form: HTMLFormElement, data: FormData, firstStep: string): void {
  $<HTMLElement>('[data-import-error]')?.setAttribute('hidden', '');
  setBusy(form, true);
  const request = new XMLHttpRequest();
  request.open('POST', form.action);
  request.setRequestHeader('Accept', 'application/json');
  request.upload.addEventListener('progress', (event) => {
    const fraction = event.lengthComputable ? event.loaded / event.total : null;
    showProgress(firstStep, fraction, fraction === null ? '' : `${Math.round(fraction * 100)}%`);
  });
  request.addEventListener('load', () => {
    let body: { progress?: string; error?: string } = {};
    try {
      body = JSON.parse(request.responseText);
    } catch {
      // Not JSON: answered below by status.
    }
    if (request.status === 202 && body.progress) {
      showProgress('Máy chủ đang xử lý', null, '');
      void follow(form, body.progress);
    } else fail(form, body.error ?? 'Máy chủ không nhận yêu cầu. Hãy tải lại trang rồi thử lại.');
  });
  request.addEventListener('error', () =>
    fail(form, 'Mất kết nối khi gửi lên máy chủ. Hãy kiểm tra mạng rồi thử lại.'),
  );
  showProgress(firstStep, 0, '');
  request.send(data);
}
