import { typedEmailSchema } from '../../accounts/email.js';
import { z } from 'zod';
const checkbox = z
  .union([z.literal('on'), z.literal('1'), z.literal('true'), z.boolean()])
  .optional()
  .transform((value) => value === true || value === 'on' || value === '1' || value === 'true');

/**
 * The login form and the API body: the same fields, checked the same way. The page shows no
 * field that could carry an error about `remember`, `next` or `captcha`, so a value of them we
 * cannot use is dropped (not remembered, the dashboard, no captcha answer) instead of refused.
 */
export const loginSchema = z.object({
  email: typedEmailSchema.pipe(z.string().min(1, 'field.required')),
  password: z.string({ message: 'field.required' }).min(1, 'field.required').max(1024, 'field.tooLong'),
  remember: checkbox.catch(false),
  next: z.string().max(2048).optional().catch(undefined),
  /** The captcha widget's payload, when the page asked for one. */
  captcha: z.string().max(20_000).optional().catch(undefined),
});

export type LoginInput = z.infer<typeof loginSchema>;
