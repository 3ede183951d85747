import { typedEmailSchema } from '../../accounts/email.js';
import { z } from 'zod';
const checkbox = z
  .union([z.literal('on'), z.literal('1'), z.literal('true'), z.boolean()])
  .optional()
  .transform((value) => value === true || value === 'on' || value === '1' || value === 'true');

/** The API body (and the form's fields): checked strictly, each mistake named by its field. */
export const loginSchema = z.object({
  email: typedEmailSchema.pipe(z.string().min(1, 'field.required')),
  password: z.string({ message: 'field.required' }).min(1, 'field.required').max(1024, 'field.tooLong'),
  remember: checkbox,
  next: z.string().max(2048).optional(),
  /**
   * The captcha's answer, when the page asked for one: the widget's payload, or (from the API) the
   * ALTCHA object itself, as GET /api/captcha/challenge describes and registration takes.
   */
  captcha: z.union([z.string().max(20_000), z.record(z.string(), z.unknown())]).optional(),
});

/**
 * The login page shows no field that could carry an error about `remember`, `next` or
 * `captcha`: a value of them it cannot use is dropped (not remembered, the dashboard, no captcha
 * answer) instead of refused with nothing to point at.
 */
export const loginFormSchema = loginSchema.extend({
  remember: checkbox.catch(false),
  next: loginSchema.shape.next.catch(undefined),
  captcha: loginSchema.shape.captcha.catch(undefined),
});

export type LoginInput = z.infer<typeof loginSchema>;
