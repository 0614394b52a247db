/**
 * The fields (lĩnh vực) an official's own work covers, derived from their position (vị trí việc
 * làm, free text in the records) and the fields recorded for them: indicator 3 counts training in
 * one of these. Pure.
 *
 * Source of the mapping: the specialised bodies of a commune-level People's Committee and their
 * remits after 1/7/2025 (Nghị định 150/2025/NĐ-CP: Văn phòng HĐND và UBND; Phòng Kinh tế / Phòng
 * Kinh tế, Hạ tầng và Đô thị; Phòng Văn hóa - Xã hội; Trung tâm Phục vụ hành chính công), and the
 * fields of training the plans name (Decision 700 plans, seeds 001 §IV, 003 §III, 004 §III).
 * Positions are matched by words, without diacritics; an official whose position matches none
 * keeps only their recorded fields. Slugs are those of FIELDS (src/schemas/vocabulary.ts; the unit
 * test checks each). A subject expert should check the table.
 */
import { foldVietnamese } from '../vietnamese.ts';
/** Words in a position (lower case, no diacritics) → the fields that work covers. */
export const POSITION_FIELDS: readonly { words: readonly string[]; fields: readonly string[] }[] = [
  { words: ['dang uy', 'bi thu', 'cong tac dang', 'to chuc - kiem tra'], fields: ['cong-tac-dang'] },
  {
    words: ['chu tich', 'hoi dong nhan dan', 'hdnd', 'uy ban nhan dan', 'ubnd', 'van phong', 'noi vu'],
    fields: ['chinh-quyen-dia-phuong'],
  },
  { words: ['tiep cong dan', 'don thu', 'khieu nai', 'to cao', 'thanh tra'], fields: ['khieu-nai-to-cao'] },
  { words: ['van thu', 'luu tru', 'chuyen doi so'], fields: ['du-lieu-ho-so-so', 'ky-nang-so'] },
  { words: ['tu phap', 'ho tich', 'phap che'], fields: ['kien-thuc-phap-luat', 'thu-tuc-hanh-chinh'] },
  { words: ['kinh te', 'ke hoach', 'quy hoach'], fields: ['quy-hoach-kinh-te-xa-hoi', 'tai-chinh-ke-hoach'] },
  { words: ['dau tu', 'ha tang'], fields: ['dau-tu-cong'] },
  { words: ['dau thau', 'mua sam'], fields: ['dau-thau'] },
  { words: ['dia chinh', 'dat dai'], fields: ['dat-dai'] },
  { words: ['xay dung', 'do thi', 'trat tu'], fields: ['trat-tu-xay-dung'] },
  { words: ['tai chinh', 'ke toan', 'ngan sach'], fields: ['tai-chinh', 'tai-chinh-ke-hoach'] },
  { words: ['nong nghiep', 'nong thon', 'moi truong'], fields: ['kinh-te-so-nong-nghiep'] },
  {
    words: ['lao dong', 'thuong binh', 'xa hoi', 'an sinh', 'bao tro'],
    fields: ['an-sinh-xa-hoi', 'quan-tri-rui-ro-xa-hoi'],
  },
  { words: ['du lich'], fields: ['du-lich-cong-dong'] },
  { words: ['giao duc', 'dao tao'], fields: ['giao-duc-dao-tao'] },
  {
    words: ['hanh chinh cong', 'mot cua', 'tiep nhan', 'tra ket qua'],
    fields: ['thu-tuc-hanh-chinh', 'giao-tiep-hanh-chinh', 'ky-nang-so'],
  },
];

/** Lower case without diacritics (đ → d, as search folds), spaces collapsed. */
export function plainWords(text: string): string {
  return foldVietnamese(text).replace(/\s+/g, ' ').trim();
}

const byPosition = new Map<string, readonly string[]>();

/** The fields a position covers (empty when no words match). */
export function fieldsOfPosition(jobPosition: string): readonly string[] {
  let fields = byPosition.get(jobPosition);
  if (fields === undefined) {
    const plain = plainWords(jobPosition);
    const found = new Set<string>();
    for (const entry of POSITION_FIELDS)
      if (entry.words.some((word) => plain.includes(word))) for (const field of entry.fields) found.add(field);
    fields = [...found].sort();
    byPosition.set(jobPosition, fields);
  }
  return fields;
}

/** An official's own fields: those of their position and those recorded for them. */
export function ownFields(jobPosition: string, recordedFields: readonly string[]): ReadonlySet<string> {
  return new Set([...fieldsOfPosition(jobPosition), ...recordedFields]);
}
