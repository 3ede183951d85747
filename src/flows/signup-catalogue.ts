import { captchaMessages } from '../captcha/messages.js';
import { legalPageMessages } from '../legal/messages.js';
import { openApiMessages } from '../web/openapi.js';
import { passwordFieldMessages } from '../web/password-field.js';
import { emailActivationMessages } from './email-activation/messages.js';
import { phoneVerificationMessages } from './phone-verification/messages.js';
import { registrationMessages } from './registration/messages.js';

const parts = [
  captchaMessages,
  passwordFieldMessages,
  openApiMessages,
  legalPageMessages,
  registrationMessages,
  phoneVerificationMessages,
  emailActivationMessages,
] as const;

/** Texts of the sign-up journey and the shared pieces it built (captcha, password field, API docs). */
export const signUpMessages = {
  en: {
    ...captchaMessages.en,
    ...passwordFieldMessages.en,
    ...openApiMessages.en,
    ...legalPageMessages.en,
    ...registrationMessages.en,
    ...phoneVerificationMessages.en,
    ...emailActivationMessages.en,
  },
  cs: {
    ...captchaMessages.cs,
    ...passwordFieldMessages.cs,
    ...openApiMessages.cs,
    ...legalPageMessages.cs,
    ...registrationMessages.cs,
    ...phoneVerificationMessages.cs,
    ...emailActivationMessages.cs,
  },
} as const;

/** For a test: no key defined twice across the parts. */
export const signUpMessageParts = parts;
