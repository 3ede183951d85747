import { z } from 'zod';

/** Six digits; spaces and full-width digits from a phone's autofill are forgiven. */
export const codeInputSchema = z.object({
  code: z
    .string({ message: 'phoneVerification.error.codeFormat' })
    .max(64, 'phoneVerification.error.codeFormat')
    .transform((value) => value.normalize('NFKC').replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'phoneVerification.error.codeFormat')),
});

export const changePhoneInputSchema = z.object({
  phone: z.string({ message: 'field.required' }).min(1, 'field.required').max(64, 'phone.invalid'),
});

export const phoneApiCodeSchema = z.object({ code: z.string().describe('The six digits from the SMS') });
export const phoneApiChangeSchema = z.object({
  phone: z.string().describe('The corrected number, E.164 or national format'),
});
export const phoneStepResultSchema = z.object({
  status: z.enum(['pending_phone', 'pending_email']),
  phone: z.string().optional(),
  resendAvailableInSeconds: z.number().int().optional(),
});
