/** A temporary password, shown exactly once on the official's page (official-page-notice.ts). */
import { officialPageNotice } from './official-page-notice.ts';

const notice = officialPageNotice('hls_mat_khau_tam');

export const leaveTemporaryPassword = notice.leave;
export const takeTemporaryPassword = notice.take;
