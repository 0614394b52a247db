/**
 * Synthetic course content for the build benchmark: deterministic Vietnamese-like lessons of
 * realistic length, using the lesson components, written into a scratch project's content/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SENTENCES = [
  'Công chức cấp xã tiếp nhận hồ sơ đất đai và hướng dẫn người dân hoàn thiện thủ tục hành chính đúng quy định.',
  'Ủy ban nhân dân xã phân công rõ người chịu trách nhiệm, thời hạn xử lý và cách thông báo kết quả cho công dân.',
  'Khi nhận đơn khiếu nại, cán bộ cần phân loại đơn, kiểm tra thẩm quyền và ghi vào sổ theo dõi trong ngày.',
  'Việc số hóa hồ sơ giúp tra cứu nhanh, giảm giấy tờ và bảo đảm dữ liệu đúng, đủ, sạch, sống.',
  'Người đứng đầu cơ quan chịu trách nhiệm tổ chức thực hiện, kiểm tra, đôn đốc và báo cáo định kỳ.',
  'Trong giao tiếp với người dân, công chức lắng nghe, giải thích rõ ràng và không hẹn lần hẹn lượt.',
  'Đối với các vụ việc phức tạp, đông người, cần phối hợp với Mặt trận Tổ quốc và các đoàn thể ở thôn, tổ dân phố.',
  'Kết quả giải quyết phải được công khai tại trụ sở và trên cổng thông tin điện tử của xã.',
];

function paragraph(seed: number, length: number): string {
  return Array.from({ length }, (_, i) => SENTENCES[(seed * 7 + i * 3) % SENTENCES.length]).join(' ');
}

function lesson(course: number, index: number): string {
  const sections = Array.from(
    { length: 5 },
    (_, s) => `## Mục ${s + 1}\n\n${paragraph(course + index + s, 6)}\n\n${paragraph(course + index + s + 1, 5)}\n`,
  ).join('\n');
  return `---
title: Bài ${index + 1} của khóa tổng hợp số ${course + 1}
summary: Bài học tổng hợp dùng để đo thời gian dựng trang với nhiều bài học.
minutes: ${10 + (index % 4) * 5}
---
${sections}
<Callout kind="luu-y" title="Lưu ý khi áp dụng">${paragraph(index, 2)}</Callout>

<LegalRef type="Luật" number="42/2013/QH13" year={2013} title="Luật Tiếp công dân" checked="2026-12-07" />

<KeyPoints>
- ${SENTENCES[index % SENTENCES.length]}
- ${SENTENCES[(index + 3) % SENTENCES.length]}
</KeyPoints>
`;
}

function course(index: number): string {
  return `title: Khóa học tổng hợp số ${index + 1}
summary: Khóa học sinh tự động để đo hiệu năng dựng trang của Học Liệu Số.
kind: tap-huan-nghiep-vu
fields: [khieu-nai-to-cao]
audiences: [cong-chuc-chuyen-mon]
hours: 0.5
days: 0.5
objectives: [Đo thời gian dựng trang.]
version: 1
instructors: [{ name: Nhóm phát triển }]
status: published
sample: true
updated: 2026-11-20
`;
}

/** Writes `lessonCount` lessons, 20 per course, under `root`/content/courses. */
export function writeSyntheticCourses(root: string, lessonCount: number, lessonsPerCourse = 20): void {
  for (let c = 0; c * lessonsPerCourse < lessonCount; c++) {
    const dir = join(root, 'content', 'courses', `tong-hop-${c + 1}`);
    mkdirSync(join(dir, 'lessons'), { recursive: true });
    writeFileSync(join(dir, 'course.yaml'), course(c));
    const count = Math.min(lessonsPerCourse, lessonCount - c * lessonsPerCourse);
    for (let l = 0; l < count; l++) {
      writeFileSync(join(dir, 'lessons', `${String(l + 1).padStart(2, '0')}-bai-${l + 1}.mdx`), lesson(c, l));
    }
  }
  mkdirSync(join(root, 'content', 'videos'), { recursive: true });
}
