/**
 * The password-reset e-mail, in Vietnamese: plain text and a simple HTML copy of it, with no
 * images, no tracking pixel and no link but the one to the reset page. Pure.
 */
import { RESET_TOKEN_LIFETIME_MINUTES } from './password-reset.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const SUBJECT = 'Đặt lại mật khẩu Học Liệu Số';

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );
}

/** The message for the account `username` of `displayName`, carrying `link`. */
export function passwordResetMail({
  displayName,
  username,
  link,
}: {
  displayName: string;
  username: string;
  link: string;
}): MailContent {
  const paragraphs = [
    `Kính gửi ${displayName},`,
    `Có người (có thể là anh/chị) đã yêu cầu đặt lại mật khẩu cho tài khoản ${username} trên Học Liệu Số.`,
    `Liên kết dùng được một lần, trong ${RESET_TOKEN_LIFETIME_MINUTES} phút. Sau khi đặt mật khẩu mới, mọi phiên đăng nhập cũ của tài khoản sẽ kết thúc.`,
    'Nếu anh/chị không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên. Không chuyển tiếp thư này cho người khác.',
    'Thư này được gửi tự động, xin đừng trả lời.',
  ];
  const text = [
    paragraphs[0],
    '',
    paragraphs[1],
    '',
    'Để đặt mật khẩu mới, hãy mở liên kết sau:',
    link,
    '',
    ...paragraphs.slice(2).flatMap((paragraph) => [paragraph, '']),
  ]
    .join('\n')
    .trimEnd();
  const html = [
    '<!doctype html>',
    '<html lang="vi"><head><meta charset="utf-8"><title>' + escapeHtml(SUBJECT) + '</title></head>',
    '<body style="font-family: sans-serif; line-height: 1.5; color: #1b1b1b;">',
    `<p>${escapeHtml(paragraphs[0])}</p>`,
    `<p>${escapeHtml(paragraphs[1])}</p>`,
    `<p><a href="${escapeHtml(link)}">Đặt mật khẩu mới</a></p>`,
    `<p>Nếu liên kết trên không mở được, hãy chép địa chỉ này vào trình duyệt:<br>${escapeHtml(link)}</p>`,
    ...paragraphs.slice(2).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    '</body></html>',
  ].join('\n');
  return { subject: SUBJECT, text, html };
}
