/** Byte counts in the refusals of uploads and archives. */

/** Vietnamese byte count for messages, e.g. "100 MB", "1,5 KB", "512 byte". */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} KB`;
  return `${bytes.toLocaleString('vi-VN')} byte`;
}
