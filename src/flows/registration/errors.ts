/** Stable codes of registration (API `error.code`). */
export const RegistrationErrorCodes = {
  VALIDATION_FAILED: 'A field is invalid; error.fields names each one with its message',
  CAPTCHA_FAILED: 'The captcha answer is missing, wrong, expired or already used',
  RATE_LIMITED: 'Too many registrations from this address',
} as const;
