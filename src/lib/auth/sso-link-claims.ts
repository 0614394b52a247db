/**
 * How a province's identity provider is matched to an imported official: by staff code, national
 * id (số định danh cá nhân, as VNeID would give) or work e-mail. Pure; db/schema uses it as an enum.
 */
export const SSO_LINK_CLAIMS = ['staff_code', 'national_id', 'email'] as const;
export type SsoLinkClaim = (typeof SSO_LINK_CLAIMS)[number];
