/**
 * Controlled vocabularies of Học Liệu Số, defined once and shared by content schemas,
 * catalog filters and (later) the records of officials. Slugs are stable identifiers;
 * labels are what the interface shows. Sources: the five government plans behind Decision 700 (our reference shelf, outside this repository).
 */

/** A vocabulary entry: a stable slug and its Vietnamese label. */
export interface Term {
  readonly slug: string;
  readonly label: string;
}

/** The kinds of training (loại hình bồi dưỡng) named by the Decision 700 plans. */
export const TRAINING_KINDS = [
  { slug: 'chuyen-mon-chuyen-nganh', label: 'Bồi dưỡng kiến thức chuyên môn chuyên ngành' },
  { slug: 'kien-thuc-chung-qlnn', label: 'Kiến thức chung về quản lý nhà nước' },
  { slug: 'qlnn-lanh-dao-quan-ly', label: 'Kiến thức, kỹ năng QLNN cho chức danh lãnh đạo, quản lý' },
  { slug: 'tap-huan-nghiep-vu', label: 'Tập huấn chuyên môn, nghiệp vụ, kỹ năng' },
  { slug: 'ky-nang-bo-tro', label: 'Kỹ năng bổ trợ' },
] as const satisfies readonly Term[];

/** Fields of work (lĩnh vực) the plans name for field training. */
export const WORK_FIELDS = [
  { slug: 'chinh-quyen-dia-phuong', label: 'Tổ chức, vận hành chính quyền địa phương' },
  { slug: 'quy-hoach-kinh-te-xa-hoi', label: 'Lập quy hoạch phát triển kinh tế - xã hội' },
  { slug: 'dau-tu-cong', label: 'Quản lý dự án đầu tư công' },
  { slug: 'tai-chinh', label: 'Tài chính' },
  { slug: 'dau-thau', label: 'Đấu thầu' },
  { slug: 'dat-dai', label: 'Đất đai' },
  { slug: 'trat-tu-xay-dung', label: 'Trật tự xây dựng' },
  { slug: 'an-sinh-xa-hoi', label: 'Chính sách an sinh xã hội' },
  { slug: 'du-lich-cong-dong', label: 'Du lịch cộng đồng' },
  { slug: 'quan-tri-rui-ro-xa-hoi', label: 'Quản trị rủi ro xã hội' },
  { slug: 'kinh-te-so-nong-nghiep', label: 'Kinh tế số nông nghiệp, nông thôn' },
  { slug: 'khieu-nai-to-cao', label: 'Khiếu nại, tố cáo' },
  { slug: 'cong-tac-dang', label: 'Nghiệp vụ công tác Đảng' },
  { slug: 'giao-duc-dao-tao', label: 'Giáo dục và đào tạo' },
  { slug: 'tai-chinh-ke-hoach', label: 'Tài chính - kế hoạch' },
] as const satisfies readonly Term[];

/** Auxiliary skills (kỹ năng bổ trợ) the plans name; a course may list them as fields too. */
export const SKILL_FIELDS = [
  { slug: 'ra-quyet-dinh', label: 'Ra quyết định tại cơ sở' },
  { slug: 'thu-tuc-hanh-chinh', label: 'Thủ tục hành chính' },
  { slug: 'giao-tiep-hanh-chinh', label: 'Giao tiếp hành chính' },
  { slug: 'giai-quyet-mau-thuan', label: 'Giải quyết mâu thuẫn và tương tác với người dân' },
  { slug: 'du-lieu-ho-so-so', label: 'Khai thác, sử dụng dữ liệu, hồ sơ số và công cụ số' },
  { slug: 'truyen-thong-chinh-sach', label: 'Truyền thông chính sách' },
  { slug: 'phoi-hop-lien-nganh', label: 'Phối hợp liên ngành' },
  { slug: 'dao-duc-cong-vu', label: 'Đạo đức công vụ, văn hóa công sở, liêm chính' },
  { slug: 'kien-thuc-phap-luat', label: 'Kiến thức pháp luật' },
  { slug: 'ky-nang-so', label: 'Kỹ năng số, dịch vụ công trực tuyến, văn bản điện tử' },
] as const satisfies readonly Term[];

/** Every field a course may name: fields of work, then auxiliary skills. */
export const FIELDS = [...WORK_FIELDS, ...SKILL_FIELDS] as const;

/** Groups of officials that the Decision 700 targets count separately. */
export const OFFICIAL_GROUPS = [
  { slug: 'can-bo', label: 'Cán bộ' },
  { slug: 'lanh-dao-quan-ly', label: 'Công chức lãnh đạo, quản lý' },
  { slug: 'cong-chuc-chuyen-mon', label: 'Công chức chuyên môn' },
] as const satisfies readonly Term[];

/** Job titles (chức danh) of a commune-level unit after the 2025 reorganisation. */
export const JOB_TITLES = [
  { slug: 'bi-thu-dang-uy', label: 'Bí thư, Phó Bí thư Đảng ủy' },
  { slug: 'lanh-dao-hdnd', label: 'Chủ tịch, Phó Chủ tịch, Trưởng ban HĐND' },
  { slug: 'lanh-dao-ubnd', label: 'Chủ tịch, Phó Chủ tịch UBND' },
  { slug: 'truong-pho-phong', label: 'Trưởng, Phó phòng chuyên môn và tương đương' },
  { slug: 'van-phong-hdnd-ubnd', label: 'Công chức Văn phòng HĐND và UBND' },
  { slug: 'phong-kinh-te', label: 'Công chức Phòng Kinh tế (Kinh tế, Hạ tầng và Đô thị)' },
  { slug: 'phong-van-hoa-xa-hoi', label: 'Công chức Phòng Văn hóa - Xã hội' },
  { slug: 'trung-tam-hanh-chinh-cong', label: 'Công chức Trung tâm Phục vụ hành chính công' },
] as const satisfies readonly Term[];

/** Every audience a course may name: groups of officials, then job titles. */
export const AUDIENCES = [...OFFICIAL_GROUPS, ...JOB_TITLES] as const;

/** Length bands of the catalog filter, in study hours (a study day counts 8 hours). */
export const LENGTH_BANDS = [
  { slug: 'duoi-1-ngay', label: 'Dưới 1 ngày (đến 8 giờ)', minHours: 0, maxHours: 8 },
  { slug: '1-5-ngay', label: 'Từ 1 đến 5 ngày', minHours: 8.01, maxHours: 40 },
  { slug: 'tren-5-ngay', label: 'Trên 5 ngày', minHours: 40.01, maxHours: Infinity },
] as const;

type Slugs<T extends readonly Term[]> = T[number]['slug'];
export type TrainingKind = Slugs<typeof TRAINING_KINDS>;
export type Field = Slugs<typeof FIELDS>;
export type Audience = Slugs<typeof AUDIENCES>;
export type LengthBand = (typeof LENGTH_BANDS)[number]['slug'];

/** The slugs of a vocabulary, as the tuple `z.enum` needs. */
export function slugsOf<T extends readonly Term[]>(terms: T): [Slugs<T>, ...Slugs<T>[]] {
  return terms.map((term) => term.slug) as [Slugs<T>, ...Slugs<T>[]];
}

/** The label of a slug in a vocabulary, or the slug itself if it is unknown. */
export function labelOf(terms: readonly Term[], slug: string): string {
  return terms.find((term) => term.slug === slug)?.label ?? slug;
}
