/** Words the instructor area shows for a draft: its status and the course title it carries. Pure. */
import { parseYamlText } from '../../lib/authoring/content-text.ts';
import type { DraftAction, DraftStatus } from '../../lib/authoring/vocabulary.ts';

/** "Bản nháp", "Đã gửi duyệt", "Bị trả lại", "Đã xuất bản v N", "Đã hủy". */
export function draftStatusLabel(status: DraftStatus, publishedVersion: number | null): string {
  switch (status) {
    case 'draft':
      return 'Bản nháp';
    case 'submitted':
      return 'Đã gửi duyệt';
    case 'returned':
      return 'Bị trả lại';
    case 'published':
      return publishedVersion ? `Đã xuất bản v${publishedVersion}` : 'Đã xuất bản';
    case 'discarded':
      return 'Đã hủy';
  }
}

/** What a history entry says happened. */
export function draftActionLabel(action: DraftAction): string {
  const labels: Record<DraftAction, string> = {
    created: 'Tạo bản nháp',
    submitted: 'Gửi duyệt',
    returned: 'Trả lại',
    publish_requested: 'Yêu cầu xuất bản',
    published: 'Đã xuất bản',
    publish_failed: 'Xuất bản không thành công',
    discarded: 'Hủy bản nháp',
  };
  return labels[action];
}

/** The course title written in the draft's course.yaml, or its id when there is none yet. */
export function draftCourseTitle(draft: { courseId: string; files: Record<string, string> }): string {
  const data = parseYamlText(draft.files[`courses/${draft.courseId}/course.yaml`] ?? '');
  const title = data && typeof data === 'object' ? (data as { title?: unknown }).title : undefined;
  return typeof title === 'string' && title.trim() ? title : draft.courseId;
}
