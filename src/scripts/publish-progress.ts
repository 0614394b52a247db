/**
 * Keeps the publication progress page current: asks GET /api/v1/publishing/jobs/<id> every second
 * and updates the bar and the status text; when the job has finished, reloads the page once to show
 * the result (link to the course, or the problems).
 */
import { publishStatusText } from '../lib/publish-status.ts';
import type { PublishJobProgress } from '../schemas/api/publishing.ts';

const root = document.querySelector<HTMLElement>('[data-publish-job]');
const jobId = root?.dataset.publishJob;
const bar = document.querySelector<HTMLProgressElement>('[data-progress]');
const statusText = document.querySelector<HTMLElement>('[data-status-text]');

async function poll(): Promise<void> {
  try {
    const response = await fetch(`/api/v1/publishing/jobs/${jobId}`, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (response.ok) {
      const job = (await response.json()) as PublishJobProgress;
      if (job.status === 'succeeded' || job.status === 'failed') {
        location.reload();
        return;
      }
      if (bar) bar.value = job.percent;
      const text = publishStatusText(job.status, job.step, job.percent);
      if (statusText && statusText.textContent !== text) statusText.textContent = text;
    }
  } catch {
    // A dropped request is retried on the next tick.
  }
  setTimeout(() => void poll(), 1000);
}

if (jobId && root?.dataset.finished !== 'true') setTimeout(() => void poll(), 1000);
