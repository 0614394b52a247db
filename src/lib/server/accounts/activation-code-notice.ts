/**
 * A re-issued activation code, shown exactly once on the official's page, as the temporary
 * password is (org/official-page-notice.ts).
 */
import { officialPageNotice } from '../org/official-page-notice.ts';

const notice = officialPageNotice('hls_ma_kich_hoat');

export const leaveActivationCode = notice.leave;
export const takeActivationCode = notice.take;
