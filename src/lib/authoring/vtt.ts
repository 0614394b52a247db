/**
 * Checking an uploaded WebVTT captions file before it is stored: the "WEBVTT" header, and cue
 * timings "00:00:01.000 --> 00:00:04.000" that parse and end after they start. The message names
 * the line to fix. Pure.
 */

/** The captions are fine, or the first problem with the line it is on. */
export type VttCheck = { ok: true; cues: number } | { ok: false; line: number; message: string };

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

/** Seconds of a WebVTT timestamp ("01:02.500" or "00:01:02.500"), or undefined. */
export function vttSeconds(stamp: string): number | undefined {
  const match = TIMESTAMP.exec(stamp);
  if (!match) return undefined;
  const [, hours = '0', minutes, seconds, millis] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(millis) / 1000;
}

/** Checks the text of a .vtt file. */
export function checkVtt(source: string): VttCheck {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    return {
      ok: false,
      line: 1,
      message:
        'Dòng 1 phải là "WEBVTT": tệp phụ đề cần theo định dạng WebVTT (.vtt), không phải .srt hay văn bản thường.',
    };
  }
  let cues = 0;
  let blockStart = true;
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') {
      blockStart = true;
      continue;
    }
    if (line.includes('-->')) {
      const [startText, rest = ''] = line.split('-->');
      const endText = rest.trim().split(/\s+/)[0] ?? '';
      const start = vttSeconds(startText.trim());
      const end = vttSeconds(endText);
      if (start === undefined || end === undefined) {
        return {
          ok: false,
          line: index + 1,
          message: `Dòng ${index + 1} có mốc thời gian sai: "${line.trim()}". Viết như "00:00:01.000 --> 00:00:04.000" (giờ:phút:giây.phần nghìn giây).`,
        };
      }
      if (end <= start) {
        return {
          ok: false,
          line: index + 1,
          message: `Dòng ${index + 1}: thời điểm kết thúc phải sau thời điểm bắt đầu ("${line.trim()}").`,
        };
      }
      cues++;
      blockStart = false;
      continue;
    }
    if (blockStart && /^\d{1,2}:\d{2}/.test(line) && !line.includes('-->')) {
      return {
        ok: false,
        line: index + 1,
        message: `Dòng ${index + 1} trông như mốc thời gian nhưng thiếu "-->": viết như "00:00:01.000 --> 00:00:04.000".`,
      };
    }
    blockStart = false;
  }
  if (cues === 0) {
    return {
      ok: false,
      line: lines.length,
      message:
        'Tệp phụ đề chưa có câu thoại nào: cần ít nhất một đoạn có mốc thời gian như "00:00:01.000 --> 00:00:04.000" và lời bên dưới.',
    };
  }
  return { ok: true, cues };
}
