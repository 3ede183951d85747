import { captchaMessages } from '../captcha/messages.js';
import { openApiMessages } from '../web/openapi.js';
import { passwordFieldMessages } from '../web/password-field.js';

/** Texts of the sign-up journey and the shared pieces it built (captcha, password field, API docs). */
export const signUpMessages = {
  en: { ...captchaMessages.en, ...passwordFieldMessages.en, ...openApiMessages.en },
  cs: { ...captchaMessages.cs, ...passwordFieldMessages.cs, ...openApiMessages.cs },
} as const;
