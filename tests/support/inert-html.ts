/**
 * Whether author text reached a rendered page only as text: a small HTML tokenizer that finds the
 * marker (e.g. `alert(1)`) anywhere it could run or load: in a tag's name or attribute name, an
 * unquoted or event-handler attribute value, a script or style element, a comment, or a
 * javascript:, vbscript: or data: URL in any URL attribute (the last on the whole page, marker or
 * not). Text and quoted values of ordinary attributes may hold the marker: there it is inert.
 */

const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'data',
  'xlink:href',
  'background',
  'cite',
  'ping',
  'srcset',
  'manifest',
  'codebase',
]);
const START_TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/y;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/** Character references of an attribute value decoded, as a browser reads them. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    colon: ':',
    tab: '\t',
    newline: '\n',
    nbsp: '\u00a0',
  };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** The scheme a browser would follow for this attribute value, lower case ('' when none). */
function schemeOf(value: string): string {
  const url = decodeEntities(value)
    .replace(/[\t\n\r]/g, '')
    .replace(/^[\u0000-\u0020]+/, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase() ?? '';
}

/** Every place in `html` where `marker` (or a dangerous URL) is markup rather than text. */
export function markupProblems(html: string, marker = 'alert(1)'): string[] {
  const problems: string[] = [];
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) break;
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      const comment = html.slice(open, end < 0 ? html.length : end + 3);
      if (comment.includes(marker)) problems.push(`comment holds ${marker}: ${comment.slice(0, 120)}`);
      at = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html[open + 1] === '/' || html[open + 1] === '!' || html[open + 1] === '?') {
      const end = html.indexOf('>', open);
      const tag = html.slice(open, end < 0 ? html.length : end + 1);
      if (tag.includes(marker)) problems.push(`tag holds ${marker}: ${tag.slice(0, 120)}`);
      at = end < 0 ? html.length : end + 1;
      continue;
    }
    START_TAG.lastIndex = open;
    const tag = START_TAG.exec(html);
    if (!tag) {
      // A "<" that starts no tag: text, harmless to a browser, but never what an escaping page sends.
      if (/^<[a-zA-Z]/.test(html.slice(open, open + 2)))
        problems.push(`unreadable tag: ${html.slice(open, open + 120)}`);
      at = open + 1;
      continue;
    }
    const name = tag[1].toLowerCase();
    if (name.includes(marker.toLowerCase())) problems.push(`tag name holds ${marker}: ${tag[0].slice(0, 120)}`);
    for (const attribute of tag[2].matchAll(ATTRIBUTE)) {
      const attributeName = attribute[1].toLowerCase();
      const raw = attribute[2] ?? '';
      const quoted = raw.startsWith('"') || raw.startsWith("'");
      const value = quoted ? raw.slice(1, -1) : raw;
      if (attributeName.includes(marker.toLowerCase()))
        problems.push(`attribute name holds ${marker}: <${name} ${attribute[0]}>`);
      if (!quoted && value.includes(marker))
        problems.push(`unquoted attribute holds ${marker}: <${name} ${attribute[0]}>`);
      if (attributeName.startsWith('on') && decodeEntities(value).includes(marker))
        problems.push(`event handler holds ${marker}: <${name} ${attribute[0]}>`);
      if (attributeName === 'srcdoc') problems.push(`srcdoc attribute: <${name} ${attribute[0].slice(0, 120)}>`);
      if (URL_ATTRIBUTES.has(attributeName) && ['javascript', 'vbscript', 'data'].includes(schemeOf(value)))
        problems.push(`${schemeOf(value)}: URL in ${attributeName}: <${name} ${attribute[0].slice(0, 120)}>`);
    }
    at = open + tag[0].length;
    if (name === 'script' || name === 'style' || name === 'textarea' || name === 'title') {
      const close = html.toLowerCase().indexOf(`</${name}`, at);
      const content = html.slice(at, close < 0 ? html.length : close);
      if ((name === 'script' || name === 'style') && content.includes(marker))
        problems.push(`<${name}> holds ${marker}: ${content.slice(0, 120)}`);
      if ((name === 'textarea' || name === 'title') && /<\/?[a-zA-Z]/.test(content))
        problems.push(`<${name}> holds an unescaped tag: ${content.slice(0, 120)}`);
      at = close < 0 ? html.length : close;
    }
  }
  return problems;
}

/** `text` as Astro escapes a text expression (& < > " '). */
export function escapedText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
