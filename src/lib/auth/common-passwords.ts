/**
 * Very common passwords, refused when a password is set (compared lower case, without marks or
 * spaces; OWASP ASVS 5.0 V6.2.4 asks for at least the top 3,000 that fit the policy): the 49,000
 * most common passwords of zxcvbn-ts's list, of which about 18,000 are long enough to be chosen
 * here, plus Vietnamese favourites and this platform's name, which that list lacks.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

const VIETNAMESE_FAVOURITES = [
  '12345678', '123456789', '1234567890', '12345678910', '11111111', '00000000', '88888888', '66666666',
  '99999999', '87654321', '11223344', '12341234', '123123123', '1q2w3e4r', '1qaz2wsx', 'qwertyui',
  'qwerty123', 'qwertyuiop', 'asdfghjk', 'zxcvbnm1', 'password', 'password1', 'password123', 'passw0rd',
  'p@ssw0rd', 'p@ssword', 'abc12345', 'abcd1234', 'abcdefgh', 'a1234567', 'aa123456', 'iloveyou',
  'iloveyou1', 'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'welcome123', 'admin123',
  'administrator', 'letmein1', 'trustno1', 'superman', 'starwars', 'whatever', 'changeme', 'default1',
  'matkhau', 'matkhau1', 'matkhau123', 'matkhau@123', 'matkhaumoi', 'anhyeuem', 'anhyeuem1', 'emyeuanh',
  'yeuemmaimai', 'toiyeuvietnam', 'vietnam1', 'vietnam123', 'hanoi123', 'saigon123', 'hochiminh',
  'hoclieuso', 'hoclieuso1', 'hoclieuso123', 'hoclieuso@123', 'congchuc', 'congchuc1', 'congchuc123',
  'canbo123', 'ubndxa123', 'ubnd1234', 'xaphuong', 'noivu123', 'quyetdinh700', 'qd700ttg', 'dangnhap',
  'dangnhap1', 'dangnhap123', 'taikhoan', 'taikhoan1', 'taikhoan123', 'hoc12345', 'hocvien123',
  'giangvien', 'giangvien123', 'quantri123', 'quantrivien', 'nguyen123', 'nguyenvan', 'tranvan123',
  '01234567', '0123456789', '98765432', '147258369', '123654789', '159357456', 'zaq12wsx', 'q1w2e3r4',
];

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([...VIETNAMESE_FAVOURITES, ...dictionary['passwords-common'].map((password) => password.toLowerCase())]);
