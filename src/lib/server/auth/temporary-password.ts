/** What a person holding a temporary password is told when they try anything but changing it. */
export const CHANGE_PASSWORD_FIRST = 'Anh/chị cần đổi mật khẩu tạm thời trước khi tiếp tục.';
