/**
 * The lesson editor in the browser: the toolbar inserts Markdown and the platform's components at
 * the cursor (component fields asked in a small dialog), and the form saves itself 1.5 s after the
 * last change, then reloads the preview. Without this script the form still saves by its button.
 */
import { actions } from 'astro:actions';
import { readableActionMessage } from '../lib/action-messages.ts';
import { formatClockTime } from '../lib/format.ts';
import { formErrors } from '../lib/form-errors.ts';

const AUTOSAVE_DELAY_MS = 1500;

const form = document.querySelector<HTMLFormElement>('#lesson-form');
const body = document.querySelector<HTMLTextAreaElement>('#body');
const toolbar = document.querySelector<HTMLElement>('[data-lesson-toolbar]');
const status = document.querySelector<HTMLElement>('[data-save-status]');
const frame = document.querySelector<HTMLIFrameElement>('[data-preview-frame]');
const previewBase = document.querySelector<HTMLElement>('[data-lesson-editor]')?.dataset.previewBase ?? '';

/** An attribute value as MDX reads it: double quotes are not allowed inside, so use typographic ones. */
const attribute = (value: string) => value.trim().replaceAll('"', '”');

/** Text put inside a component as Markdown: "{", "}" and "<" escaped, so it stays text, never code or a tag. */
const markdownText = (value: string) => value.replace(/[{}<]/g, (character) => `\\${character}`);

/** The tag of a component from its dialog's answers; undefined when a needed answer is missing. */
function componentTag(kind: string, answers: FormData): string | undefined {
  const get = (name: string) => String(answers.get(name) ?? '').trim();
  switch (kind) {
    case 'video':
      return get('id') && `<Video id="${attribute(get('id'))}" />`;
    case 'case-study':
      return get('id') && `<CaseStudy id="${attribute(get('id'))}" />`;
    case 'quiz':
      return get('id') && `<Quiz id="${attribute(get('id'))}" />`;
    case 'key-points': {
      const points = get('points')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      const title = get('title');
      const open = title && title !== 'Ghi nhớ' ? `<KeyPoints title="${attribute(title)}">` : '<KeyPoints>';
      return `${open}\n${(points.length ? points : ['Ý cần nhớ.']).map((point) => `- ${markdownText(point)}`).join('\n')}\n</KeyPoints>`;
    }
    case 'legal-ref': {
      const parts = [`type="${attribute(get('type'))}"`];
      if (get('number')) parts.push(`number="${attribute(get('number'))}"`);
      parts.push(`year={${Number.parseInt(get('year'), 10) || new Date().getFullYear()}}`);
      parts.push(`title="${attribute(get('title'))}"`);
      if (get('article')) parts.push(`article="${attribute(get('article'))}"`);
      // The day the author checked the text is in force; the lesson check refuses a tag without it.
      parts.push(`checked="${attribute(get('checked'))}"`);
      return `<LegalRef ${parts.join(' ')} />`;
    }
    case 'callout': {
      const title = get('title') ? ` title="${attribute(get('title'))}"` : '';
      return `<Callout kind="${attribute(get('kind') || 'luu-y')}"${title}>\n${markdownText(get('text')) || 'Nội dung.'}\n</Callout>`;
    }
    case 'download':
      return (
        get('href') &&
        `<Download href="${attribute(get('href'))}" title="${attribute(get('title') || get('href').split('/').at(-1) || '')}" />`
      );
    case 'h5p': {
      const select = document.querySelector<HTMLSelectElement>('#chen-h5p-id');
      const title = get('title') || select?.selectedOptions[0]?.dataset.title || get('id');
      return get('id') && `<H5P id="${attribute(get('id'))}" title="${attribute(title)}" />`;
    }
  }
  return undefined;
}

/** Puts `text` in place of the selection and leaves the cursor after it; counts as an edit. */
function insert(text: string, selectFrom?: number, selectTo?: number): void {
  if (!body) return;
  const start = body.selectionStart;
  body.focus();
  body.setRangeText(text, start, body.selectionEnd, 'end');
  if (selectFrom !== undefined && selectTo !== undefined) body.setSelectionRange(start + selectFrom, start + selectTo);
  body.dispatchEvent(new Event('input', { bubbles: true }));
}

/** A block on lines of its own, with blank lines around it as MDX needs. */
function insertBlock(block: string): void {
  if (!body) return;
  const before = body.value.slice(0, body.selectionStart);
  const after = body.value.slice(body.selectionEnd);
  const lead = before === '' ? '' : before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  insert(`${lead}${block}${trail}`);
}

function markdown(kind: string): void {
  if (!body) return;
  const selected = body.value.slice(body.selectionStart, body.selectionEnd);
  const lineStart = body.value.lastIndexOf('\n', body.selectionStart - 1) + 1;
  if (kind === 'bold') {
    const text = selected || 'chữ đậm';
    insert(`**${text}**`, 2, 2 + text.length);
  } else if (kind === 'link') {
    const text = selected || 'tên liên kết';
    insert(`[${text}](https://)`, text.length + 3, text.length + 11);
  } else if (kind === 'heading' || kind === 'list') {
    const prefix = kind === 'heading' ? '## ' : '- ';
    body.setSelectionRange(lineStart, lineStart);
    insert(prefix);
  }
}

let lastFocus: HTMLElement | null = null;

function openDialog(kind: string): void {
  const dialog = document.querySelector<HTMLDialogElement>(`[data-insert-dialog="${kind}"]`);
  if (!dialog) return;
  lastFocus = document.activeElement as HTMLElement | null;
  dialog.querySelector('form')?.reset();
  dialog.returnValue = '';
  dialog.showModal();
}

for (const dialog of document.querySelectorAll<HTMLDialogElement>('[data-insert-dialog]')) {
  dialog.addEventListener('close', () => {
    const dialogForm = dialog.querySelector('form');
    const tag =
      dialog.returnValue === 'insert' && dialogForm
        ? componentTag(dialog.dataset.insertDialog ?? '', new FormData(dialogForm))
        : undefined;
    if (tag) insertBlock(tag);
    else lastFocus?.focus();
  });
}

if (toolbar && body) {
  toolbar.hidden = false;
  toolbar.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button');
    if (!button) return;
    if (button.dataset.markdown) markdown(button.dataset.markdown);
    if (button.dataset.openDialog) openDialog(button.dataset.openDialog);
  });
}

let timer: ReturnType<typeof setTimeout> | undefined;
let saving = false;
let again = false;

async function save(): Promise<void> {
  if (!form) return;
  if (saving) {
    again = true;
    return;
  }
  const fileInput = form.elements.namedItem('file') as HTMLInputElement | null;
  const title = (form.elements.namedItem('title') as HTMLInputElement | null)?.value.trim();
  // A new lesson gets its file name from its title: wait for one.
  if (fileInput?.value === 'moi' && !title) return;
  saving = true;
  if (status) status.textContent = 'Đang lưu…';
  try {
    const { data, error } = await actions.authoring.saveLesson(new FormData(form));
    if (error || !data) {
      // A refused body (code, raw HTML, a forbidden link) says where and what to write instead.
      // Said in the status line, so no control to link to.
      const reason = formErrors(error, { fallback: '', everyMessage: true })
        .summary.map((line) => readableActionMessage(line.message))
        .join(' ');
      if (status) status.textContent = reason ? `Chưa lưu được: ${reason}` : 'Chưa lưu được. Hãy bấm Lưu bài học.';
      return;
    }
    if (fileInput && fileInput.value !== data.file) {
      fileInput.value = data.file;
      history.replaceState(null, '', data.redirectTo);
    }
    const problems = data.problems.length ? ` Còn ${data.problems.length} vấn đề cần sửa trước khi xuất bản.` : '';
    if (status) status.textContent = `Đã lưu lúc ${formatClockTime(new Date(data.savedAt))}.${problems}`;
    if (frame) {
      frame.hidden = false;
      document.querySelector('[data-preview-note]')?.remove();
      frame.src = `${previewBase}${data.file}/?t=${Date.now()}`;
    }
  } catch {
    if (status) status.textContent = 'Mất kết nối, chưa lưu được. Hãy bấm Lưu bài học khi có mạng.';
  } finally {
    saving = false;
    if (again) {
      again = false;
      void save();
    }
  }
}

if (form?.dataset.autosave === 'true') {
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  });
}
