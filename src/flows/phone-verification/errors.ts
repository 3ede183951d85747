import { FlowError } from '../flow-error.js';

/** Stable codes of the phone step (API `error.code`). */
export const PhoneVerificationErrorCodes = {
  INVALID_CODE: 'The code is wrong; the response says how many tries remain',
  CODE_EXPIRED: 'No live code: it expired (10 minutes) or a resend or number change replaced it',
  CODE_ATTEMPTS_EXCEEDED: 'Five wrong tries killed this code; request a new one',
  CODE_ALREADY_USED: 'The code was used by another request a moment ago',
  TOO_MANY_ATTEMPTS: 'The daily cap of guesses per account or number is reached (resends do not reset it)',
  RESEND_COOLDOWN: 'Less than 60 s since the last SMS; retryAfterSeconds says how long to wait',
  SMS_LIMIT_REACHED: 'An SMS cap (account, number, IP or number block) is reached; nothing was sent',
  PHONE_UNCHANGED: 'The new number is the one already on the account',
  PHONE_CHANGE_LIMIT: 'The number was changed too many times today',
  PHONE_CHANGED:
    'The number was changed (in another window) while this resend was asked for; the code went to the new number',
  NOT_SIGNED_IN: 'No session: register or log in first',
  WRONG_STEP: 'The account is not at this step (see GET /api/registration/status)',
  VALIDATION_FAILED: 'A field is invalid; see error.fields',
} as const;

export const notSignedIn = () => new FlowError('NOT_SIGNED_IN', 401, 'flow.notSignedIn');
export const wrongStep = () => new FlowError('WRONG_STEP', 409, 'flow.wrongStep');
export const numberChanged = () =>
  new FlowError('PHONE_CHANGED', 409, 'phoneVerification.error.numberChanged');
