import { z } from 'zod';
import { emailSchema } from '../accounts/email.js';
import { isReachablePhone } from '../flows/phone-verification/phone.js';
import { unsafeInOneLine, unsafeInWrittenText } from '../web/form-text.js';

/** A request from the public contact form: the support queue's one kind of entry so far. */
export interface SupportRequestTable {
  id: string;
  /** What the customer needs help with (supportTopics). */
  topic: string;
  name: string;
  /** An email or phone where support can reach the customer (not necessarily the login). */
  contact: string;
  /** The domains or hostings the customer names, by which support identifies the account. */
  services: string;
  /** For an SMS that does not arrive: the number it should go to and when it was asked for. */
  sms_phone: string | null;
  sms_times: string | null;
  message: string;
  locale: string;
  ip: string | null;
  user_agent: string | null;
  status: 'open' | 'closed';
  created_at: number;
  /** Within one working day of created_at (support's promise). */
  due_at: number;
}

export interface SupportTables {
  support_requests: SupportRequestTable;
}

export const supportTopics = ['login_email', 'email_lost', 'sms', 'other'] as const;
export type SupportTopic = (typeof supportTopics)[number];

const line = (max: number, required: boolean, unsafe: RegExp = unsafeInOneLine) =>
  z
    .string({ message: 'field.invalid' })
    .nullish()
    .transform((value) =>
      (value ?? '')
        .normalize('NFC')
        .trim()
        .replace(/[ \t]+/g, ' '),
    )
    .pipe(
      z
        .string()
        .min(required ? 1 : 0, 'field.required')
        .max(max, 'field.tooLong')
        .refine((value) => !unsafe.test(value), 'field.controlCharacters'),
    );

/**
 * What the contact form may carry; anything else is dropped. Phone numbers typed without their
 * country code are read in `defaultRegion` (PHONE_DEFAULT_REGION).
 */
export const contactRequestSchemaFor = (defaultRegion: string) =>
  z
    .object({
      topic: z.enum(supportTopics, { message: 'support.topic.required' }),
      name: line(200, true, unsafeInWrittenText),
      // Support's only way back to the customer: an email or a phone number, nothing else.
      contact: line(254, true).refine(
        (value) =>
          value === '' ||
          (value.includes('@')
            ? emailSchema.safeParse(value).success
            : isReachablePhone(value, defaultRegion)),
        'support.contact.invalid',
      ),
      services: line(500, true).refine(
        (value) => value === '' || /[\p{L}\p{N}]/u.test(value),
        'field.invalid',
      ),
      smsPhone: line(40, false).refine(
        (value) => value === '' || isReachablePhone(value, defaultRegion),
        'phone.invalid',
      ),
      smsTimes: line(200, false),
      message: z
        .string({ message: 'field.invalid' })
        .nullish()
        .transform((value) => (value ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim())
        .pipe(
          z
            .string()
            .max(4000, 'field.tooLong')
            // Line breaks and tabs, and the invisible characters written text needs; no other
            // control or format character.
            .refine(
              (value) => !unsafeInWrittenText.test(value.replace(/[\n\t]/g, '')),
              'field.invisibleCharacters',
            ),
        ),
    })
    // Support checks a missing SMS by its number: that topic asks for it.
    .superRefine((value, ctx) => {
      if (value.topic === 'sms' && value.smsPhone === '')
        ctx.addIssue({ code: 'custom', path: ['smsPhone'], message: 'field.required' });
    });

export type ContactRequest = z.infer<ReturnType<typeof contactRequestSchemaFor>>;
