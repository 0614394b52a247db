/**
 * Messages of Astro's own action errors, said in Vietnamese. Astro refuses an action body over
 * `security.actionBodySizeLimit` (1 MB) before any of our code runs, with an English sentence.
 */
const BODY_TOO_LARGE = /^Request body exceeds (?:the configured limit of )?(\d+) bytes$/;

/** The message a person reads for an action error's message. */
export function readableActionMessage(message: string): string {
  const tooLarge = BODY_TOO_LARGE.exec(message);
  if (tooLarge) {
    const megabytes = Math.round(Number(tooLarge[1]) / 1_048_576);
    return `Nội dung gửi lên lớn hơn ${megabytes} MB nên chưa được lưu: hãy chia thành nhiều phần (ví dụ nhiều bài học) hoặc rút gọn.`;
  }
  return message;
}
