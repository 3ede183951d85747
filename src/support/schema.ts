import { z } from 'zod';
import { unsafeInOneLine } from '../web/form-text.js';

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

const line = (max: number, required: boolean) =>
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
        .refine((value) => !unsafeInOneLine.test(value), 'field.controlCharacters'),
    );

/** What the contact form may carry; anything else is dropped. */
export const contactRequestSchema = z.object({
  topic: z.enum(supportTopics, { message: 'support.topic.required' }),
  name: line(200, true),
  contact: line(254, true),
  services: line(500, true).refine((value) => value === '' || /[\p{L}\p{N}]/u.test(value), 'field.invalid'),
  smsPhone: line(40, false),
  smsTimes: line(200, false),
  message: z
    .string({ message: 'field.invalid' })
    .nullish()
    .transform((value) => (value ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .max(4000, 'field.tooLong')
        // A message may have line breaks and tabs, and nothing else of that kind.
        .refine((value) => !unsafeInOneLine.test(value.replace(/[\n\t]/g, '')), 'field.controlCharacters'),
    ),
});

export type ContactRequest = z.infer<typeof contactRequestSchema>;
