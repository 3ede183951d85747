/** Stable codes of the email step (API `error.code`). */
export const EmailActivationErrorCodes = {
  TOKEN_INVALID: 'The token is malformed or unknown',
  TOKEN_EXPIRED: 'The link is older than 24 hours or a newer email replaced it; request a new one',
  TOKEN_USED: 'The link was already used; the account is active',
  TOKEN_CANCELLED: 'The sign-up was cancelled ("Sign up with another email"); sign up again',
  TOKEN_STILL_VALID: 'A new link was asked for while this one still works; activate with it',
  RESEND_COOLDOWN: 'Less than 60 s since the last email',
  EMAIL_LIMIT_REACHED: 'Five emails a day per account',
  NOT_SIGNED_IN: 'No session',
  WRONG_STEP: 'The account is not waiting for email verification',
} as const;
