/**
 * The words for a publication's progress, shared by the progress page (server) and the script that
 * keeps it current (browser), so both say the same thing. Pure; no server imports.
 */
import type { PublishJobStatus, PublishStep } from './authoring/vocabulary.ts';

export const PUBLISH_STEP_LABELS: Record<PublishStep, string> = {
  validating: 'Kiểm tra nội dung',
  building: 'Dựng trang',
  indexing: 'Lập chỉ mục tìm kiếm',
  switching: 'Chuyển sang bản mới',
  done: 'Xong',
};

/** One sentence for where a publication stands. */
export function publishStatusText(status: PublishJobStatus, step: PublishStep | null, percent: number): string {
  if (status === 'queued') return 'Đang chờ tới lượt xuất bản…';
  if (status === 'succeeded') return 'Đã xuất bản xong. Khóa học mới đang mở cho học viên.';
  if (status === 'failed') return 'Xuất bản không thành công. Trang đang mở vẫn giữ nguyên như trước.';
  return `Đang xuất bản: ${step ? PUBLISH_STEP_LABELS[step] : 'bắt đầu'} (${percent}%).`;
}
