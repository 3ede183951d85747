import { z } from 'zod';
import { signUpEmailSchema } from '../../accounts/email.js';
import { unsafeInOneLine } from '../../web/form-text.js';

const name = z
  .string({ message: 'field.required' })
  .transform((value) => value.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .max(100, 'field.tooLong')
      // Line breaks became spaces above: what is left here is invisible (a pasted zero-width space).
      .refine((value) => !unsafeInOneLine.test(value), 'field.invisibleCharacters')
      .refine(
        (value) => value === '' || /^[\p{L}\p{M}\p{N} .,'’&()\-/+]+$/u.test(value),
        'registration.name.invalid',
      ),
  );

const optionalText = z
  .string({ message: 'field.invalid' })
  .nullish()
  .transform((value) => value ?? '');

/**
 * A checkbox from a form ("on") or a boolean from JSON. Anything else ("yes", 1) is refused by its
 * field rather than read as no, which would drop a consent the customer meant to give.
 */
const checked = z
  .union([z.enum(['on', 'true', 'false', '']), z.boolean()], { message: 'field.invalid' })
  .nullish()
  .transform((value) => value === true || value === 'on' || value === 'true');

/**
 * What a registration form or JSON body may carry. Anything else (id, role, status,
 * emailVerified…) is dropped by parsing and never reaches the database.
 */
const personFields = ['firstName', 'lastName'] as const;
const companyFields = ['companyName', 'companyId', 'vatId'] as const;
/** What each kind must fill in (a company's VAT ID is optional). */
const requiredFields = { person: personFields, company: ['companyName', 'companyId'] } as const;

/**
 * The form keeps both kinds' fields and hides one: what is left in the hidden ones (typed before
 * switching) is neither judged nor stored.
 */
function withoutOtherKindFields(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const hidden = record.kind === 'person' ? companyFields : record.kind === 'company' ? personFields : [];
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => !(hidden as readonly string[]).includes(key)),
  );
}

export const registrationInputSchema = z.preprocess(
  withoutOtherKindFields,
  z
    .object({
      kind: z.enum(['person', 'company'], { message: 'registration.kindRequired' }),
      firstName: optionalText.pipe(name),
      lastName: optionalText.pipe(name),
      companyName: optionalText.pipe(name),
      companyId: optionalText.pipe(
        z
          .string()
          .transform((value) => value.normalize('NFKC').replace(/\s+/g, '').toUpperCase())
          .pipe(
            z
              .string()
              .refine((v) => v === '' || /^[A-Z0-9-]{2,20}$/.test(v), 'registration.companyId.invalid'),
          ),
      ),
      vatId: optionalText.pipe(
        z
          .string()
          .transform((value) => value.normalize('NFKC').replace(/\s+/g, '').toUpperCase())
          .pipe(
            z
              .string()
              .refine((v) => v === '' || /^[A-Z]{2}[A-Z0-9]{2,13}$/.test(v), 'registration.vatId.invalid'),
          ),
      ),
      email: signUpEmailSchema,
      phone: z.string({ message: 'field.required' }).max(64, 'phone.invalid').min(1, 'field.required'),
      password: z
        .string({ message: 'field.required' })
        .min(1, 'field.required')
        .max(1024, 'password.tooLong'),
      terms: checked.refine((v) => v, 'registration.consentRequired'),
      privacy: checked.refine((v) => v, 'registration.consentRequired'),
      marketing: checked,
    })
    .superRefine((value, ctx) => {
      for (const field of requiredFields[value.kind]) {
        if (!value[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'field.required' });
      }
    }),
);

export type RegistrationInput = z.infer<typeof registrationInputSchema>;

/** The JSON API's body: the same fields plus the captcha answer. */
export const registrationApiSchema = z.object({
  kind: z.enum(['person', 'company']),
  firstName: z.string().max(100).optional().describe('Person: required'),
  lastName: z.string().max(100).optional().describe('Person: required'),
  companyName: z.string().max(100).optional().describe('Company: required'),
  companyId: z.string().max(20).optional().describe('Company: required'),
  vatId: z.string().max(20).optional(),
  email: z.string().max(254).describe('The login; an email that already has an account gets the same answer'),
  phone: z.string().max(64).describe('E.164 or national format of the default region, such as 601 123 456'),
  password: z.string().min(8).max(128),
  terms: z.literal(true).describe('Terms of service accepted'),
  privacy: z.literal(true).describe('Privacy policy acknowledged'),
  marketing: z.boolean().optional(),
  captcha: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .describe('ALTCHA payload (see GET /api/captcha/challenge) or the Turnstile/hCaptcha token'),
});

export const registrationStatusSchema = z.object({
  status: z.enum(['pending_phone', 'pending_email', 'active']),
  phone: z.string().describe('E.164'),
  email: z.string(),
  resendAvailableInSeconds: z
    .number()
    .int()
    .describe(
      'Seconds until Resend (SMS or email) is allowed: the cooldown, or a cap that stopped the first SMS',
    ),
  codeSent: z.boolean().describe('A live SMS code exists (false when a cap stopped the SMS)'),
});
