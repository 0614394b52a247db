/**
 * Progress for the records exports: instead of a silent wait, the link's file is fetched as a
 * stream and a progress bar shows what has arrived (rows for CSV, whose lines can be counted
 * against the total the page shows; megabytes for XLSX, which is compressed), then handed to the
 * browser as a download. Without JavaScript the links are plain downloads.
 */

function fileNameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match ? match[1] : fallback;
}

async function downloadWithProgress(link: HTMLAnchorElement, status: HTMLElement): Promise<void> {
  const bar = status.querySelector('progress')!;
  const text = status.querySelector('[data-export-text]')!;
  const totalRows = Number(link.dataset.rows ?? '0');
  const isCsv = link.pathname.endsWith('.csv');
  const format = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  bar.hidden = false;
  bar.removeAttribute('value');
  text.textContent = 'Đang tạo tệp…';
  const response = await fetch(link.href, { credentials: 'same-origin' });
  if (!response.ok || !response.body) throw new Error(String(response.status));
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    if (isCsv && totalRows > 0) {
      for (const byte of value) if (byte === 10) lines += 1;
      bar.max = totalRows;
      bar.value = Math.min(totalRows, Math.max(0, lines - 1));
      text.textContent = `Đã tạo ${format.format(bar.value)} / ${format.format(totalRows)} dòng`;
    } else {
      text.textContent = `Đã nhận ${format.format(bytes / 1024 / 1024)} MB`;
    }
  }
  const blob = new Blob(chunks as BlobPart[], {
    type: response.headers.get('content-type') ?? 'application/octet-stream',
  });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileNameOf(response, link.pathname.split('/').pop() ?? 'ho-so');
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  bar.max = 1;
  bar.value = 1;
  text.textContent = 'Đã tạo xong tệp; trình duyệt đang lưu tệp tải về.';
}

const exportStatus = document.querySelector<HTMLElement>('[data-export-status]');
for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-export]')) {
  link.addEventListener('click', (event) => {
    if (!exportStatus || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    downloadWithProgress(link, exportStatus).catch(() => {
      // Anything unexpected: fall back to the plain download.
      exportStatus.querySelector('progress')!.hidden = true;
      window.location.href = link.href;
    });
  });
}

export {};
