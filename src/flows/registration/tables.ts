/** Tables of the sign-up flows (captcha replay guard, SMS codes, activation tokens). */
export interface CaptchaUseTable {
  /** The solved challenge's nonce (or provider token hash): refused a second time. */
  id: string;
  expires_at: number;
}

export interface PhoneVerificationTable {
  id: string;
  account_id: string;
  /** E.164 number the code was sent to. */
  phone: string;
  /** HMAC-SHA-256(SECRET, `${id}:${code}`): a dump does not reveal a six-digit code. */
  code_hmac: string;
  created_at: number;
  expires_at: number;
  attempts: number;
  consumed_at: number | null;
  /** Set when a resend or a number change replaced this code. */
  revoked_at: number | null;
}

export interface EmailActivationTable {
  /** SHA-256 of the 256-bit token; the token itself is only in the email. */
  token_hash: string;
  account_id: string;
  email: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export interface RegistrationTables {
  captcha_uses: CaptchaUseTable;
  phone_verifications: PhoneVerificationTable;
  email_activations: EmailActivationTable;
}
