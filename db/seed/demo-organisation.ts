/**
 * The demo organisation: a fictional province with three commune-level units (one a ward)
 * and a second province, so that scopes can be seen. Names are invented.
 */

export interface DemoCommune {
  code: string;
  name: string;
  kind: 'xa' | 'phuong' | 'dac-khu';
  /** Officials to generate. */
  size: number;
}

export interface DemoProvince {
  code: string;
  name: string;
  kind: 'tinh' | 'thanh-pho';
  communes: DemoCommune[];
}

export const DEMO_PROVINCES: DemoProvince[] = [
  {
    code: 'SL',
    name: 'Tỉnh Sông Lam',
    kind: 'tinh',
    communes: [
      { code: 'SL-QL', name: 'Xã Quảng Lợi', kind: 'xa', size: 24 },
      { code: 'SL-PT', name: 'Xã Phú Thịnh', kind: 'xa', size: 22 },
      { code: 'SL-TH', name: 'Phường Tân Hòa', kind: 'phuong', size: 26 },
    ],
  },
  {
    code: 'CN',
    name: 'Tỉnh Cao Nguyên',
    kind: 'tinh',
    communes: [{ code: 'CN-EA', name: 'Xã Ea Tiêu', kind: 'xa', size: 12 }],
  },
];

/** The bodies of a commune-level unit after the 2025 reorganisation. */
export function officesOf(kind: DemoCommune['kind']): { suffix: string; name: string }[] {
  return [
    { suffix: 'VP', name: 'Văn phòng HĐND và UBND' },
    { suffix: 'KT', name: kind === 'phuong' ? 'Phòng Kinh tế, Hạ tầng và Đô thị' : 'Phòng Kinh tế' },
    { suffix: 'VX', name: 'Phòng Văn hóa - Xã hội' },
    { suffix: 'HCC', name: 'Trung tâm Phục vụ hành chính công' },
  ];
}

/** Positions of a commune, by office suffix (null: the commune's leadership itself). */
export const POSITIONS: {
  office: string | null;
  jobTitle: string;
  jobPosition: string;
  group: 'can-bo' | 'lanh-dao-quan-ly' | 'cong-chuc-chuyen-mon';
  fields: string[];
}[] = [
  {
    office: null,
    jobTitle: 'Bí thư Đảng ủy',
    jobPosition: 'Bí thư Đảng ủy xã',
    group: 'can-bo',
    fields: ['cong-tac-dang'],
  },
  {
    office: null,
    jobTitle: 'Chủ tịch HĐND',
    jobPosition: 'Chủ tịch Hội đồng nhân dân',
    group: 'can-bo',
    fields: ['chinh-quyen-dia-phuong'],
  },
  {
    office: null,
    jobTitle: 'Chủ tịch UBND',
    jobPosition: 'Chủ tịch Ủy ban nhân dân',
    group: 'lanh-dao-quan-ly',
    fields: ['chinh-quyen-dia-phuong'],
  },
  {
    office: null,
    jobTitle: 'Phó Chủ tịch UBND',
    jobPosition: 'Phó Chủ tịch phụ trách kinh tế',
    group: 'lanh-dao-quan-ly',
    fields: ['quy-hoach-kinh-te-xa-hoi', 'dau-tu-cong'],
  },
  {
    office: null,
    jobTitle: 'Phó Chủ tịch UBND',
    jobPosition: 'Phó Chủ tịch phụ trách văn hóa - xã hội',
    group: 'lanh-dao-quan-ly',
    fields: ['an-sinh-xa-hoi'],
  },
  {
    office: 'VP',
    jobTitle: 'Chánh Văn phòng HĐND và UBND',
    jobPosition: 'Chánh Văn phòng',
    group: 'lanh-dao-quan-ly',
    fields: ['chinh-quyen-dia-phuong'],
  },
  {
    office: 'VP',
    jobTitle: 'Công chức Văn phòng',
    jobPosition: 'Tiếp công dân, xử lý đơn thư',
    group: 'cong-chuc-chuyen-mon',
    fields: ['khieu-nai-to-cao'],
  },
  {
    office: 'VP',
    jobTitle: 'Công chức Văn phòng',
    jobPosition: 'Văn thư, lưu trữ',
    group: 'cong-chuc-chuyen-mon',
    fields: ['ky-nang-so'],
  },
  {
    office: 'VP',
    jobTitle: 'Công chức Văn phòng',
    jobPosition: 'Tư pháp - hộ tịch',
    group: 'cong-chuc-chuyen-mon',
    fields: ['kien-thuc-phap-luat'],
  },
  {
    office: 'KT',
    jobTitle: 'Trưởng phòng',
    jobPosition: 'Trưởng phòng Kinh tế',
    group: 'lanh-dao-quan-ly',
    fields: ['quy-hoach-kinh-te-xa-hoi'],
  },
  {
    office: 'KT',
    jobTitle: 'Công chức Phòng Kinh tế',
    jobPosition: 'Địa chính - đất đai',
    group: 'cong-chuc-chuyen-mon',
    fields: ['dat-dai'],
  },
  {
    office: 'KT',
    jobTitle: 'Công chức Phòng Kinh tế',
    jobPosition: 'Xây dựng - trật tự đô thị',
    group: 'cong-chuc-chuyen-mon',
    fields: ['trat-tu-xay-dung'],
  },
  {
    office: 'KT',
    jobTitle: 'Công chức Phòng Kinh tế',
    jobPosition: 'Tài chính - kế toán',
    group: 'cong-chuc-chuyen-mon',
    fields: ['tai-chinh', 'tai-chinh-ke-hoach'],
  },
  {
    office: 'KT',
    jobTitle: 'Công chức Phòng Kinh tế',
    jobPosition: 'Nông nghiệp - môi trường',
    group: 'cong-chuc-chuyen-mon',
    fields: ['kinh-te-so-nong-nghiep'],
  },
  {
    office: 'VX',
    jobTitle: 'Trưởng phòng',
    jobPosition: 'Trưởng phòng Văn hóa - Xã hội',
    group: 'lanh-dao-quan-ly',
    fields: ['an-sinh-xa-hoi'],
  },
  {
    office: 'VX',
    jobTitle: 'Công chức Phòng Văn hóa - Xã hội',
    jobPosition: 'Lao động - thương binh và xã hội',
    group: 'cong-chuc-chuyen-mon',
    fields: ['an-sinh-xa-hoi'],
  },
  {
    office: 'VX',
    jobTitle: 'Công chức Phòng Văn hóa - Xã hội',
    jobPosition: 'Văn hóa - du lịch',
    group: 'cong-chuc-chuyen-mon',
    fields: ['du-lich-cong-dong'],
  },
  {
    office: 'VX',
    jobTitle: 'Công chức Phòng Văn hóa - Xã hội',
    jobPosition: 'Giáo dục - y tế',
    group: 'cong-chuc-chuyen-mon',
    fields: ['giao-duc-dao-tao'],
  },
  {
    office: 'HCC',
    jobTitle: 'Giám đốc Trung tâm',
    jobPosition: 'Giám đốc Trung tâm Phục vụ hành chính công',
    group: 'lanh-dao-quan-ly',
    fields: ['thu-tuc-hanh-chinh'],
  },
  {
    office: 'HCC',
    jobTitle: 'Công chức Trung tâm',
    jobPosition: 'Tiếp nhận và trả kết quả',
    group: 'cong-chuc-chuyen-mon',
    fields: ['thu-tuc-hanh-chinh', 'ky-nang-so'],
  },
];

const FAMILY = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
  'Đinh',
  'Trương',
];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Hữu', 'Ngọc', 'Quang', 'Thanh', 'Đức', 'Thị Thu', 'Xuân', 'Công'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hạnh',
  'Hiếu',
  'Hoa',
  'Hùng',
  'Hương',
  'Khánh',
  'Lan',
  'Linh',
  'Long',
  'Mai',
  'Nam',
  'Nga',
  'Nhung',
  'Phong',
  'Phương',
  'Quân',
  'Sơn',
  'Tâm',
  'Thảo',
  'Thắng',
  'Trang',
  'Trung',
  'Tuấn',
  'Vân',
  'Yến',
];

/** A plausible Vietnamese full name, the same for the same number (the demo is reproducible). */
export function demoName(n: number): string {
  return `${FAMILY[(n * 7) % FAMILY.length]} ${MIDDLE[(n * 5 + 3) % MIDDLE.length]} ${GIVEN[(n * 11 + 1) % GIVEN.length]}`;
}
