/**
 * Who issues a certificate and how the holder's unit is written on it, from the unit tree.
 * The issuing body is the Department of Home Affairs (Sở Nội vụ) of the official's province,
 * which keeps the training records of the province's communes. Pure.
 */

/** What naming needs to know of a unit. */
export interface NamedUnit {
  name: string;
  kind: string;
  level: string;
}

/** Words that open an administrative unit's name, as written at the start of a line. */
const ADMINISTRATIVE_PREFIXES = ['Tỉnh', 'Thành phố', 'Xã', 'Phường', 'Đặc khu'];

/** What each kind of province is called inside a sentence. */
const PROVINCE_WORDS: Record<string, string> = { tinh: 'tỉnh', 'thanh-pho': 'thành phố' };

/** "Xã Quảng Lợi" → "xã Quảng Lợi", as the name is written after other words. */
export function inSentence(name: string): string {
  const prefix = ADMINISTRATIVE_PREFIXES.find((word) => name.startsWith(`${word} `));
  return prefix ? `${prefix.toLocaleLowerCase('vi')}${name.slice(prefix.length)}` : name;
}

/** "Tỉnh Sông Lam" → "Sở Nội vụ tỉnh Sông Lam"; a bare name gets its kind: "Hà Nội" → "Sở Nội vụ thành phố Hà Nội". */
export function issuerOf(province: NamedUnit): string {
  const name = inSentence(province.name);
  const named = Object.values(PROVINCE_WORDS).some((word) => name.startsWith(`${word} `));
  return `Sở Nội vụ ${named ? name : `${PROVINCE_WORDS[province.kind] ?? 'tỉnh'} ${name}`}`;
}

/**
 * The holder's unit as printed: the unit, then each larger unit up to the province, as Vietnamese
 * addresses are written: "Văn phòng HĐND và UBND, xã Quảng Lợi, tỉnh Sông Lam". `chain` runs from
 * the province down to the unit itself.
 */
export function unitLabelOf(chain: readonly NamedUnit[]): string {
  return [...chain]
    .reverse()
    .map((unit, index) => (index === 0 ? unit.name : inSentence(unit.name)))
    .join(', ');
}

/** Where a certificate is dated, from its issuer: "Sở Nội vụ tỉnh Sông Lam" → "Sông Lam" (for "Sông Lam, ngày …"). */
export function placeOfIssuer(issuer: string): string {
  return issuer.replace(/^Sở Nội vụ (tỉnh|thành phố) /, '');
}
