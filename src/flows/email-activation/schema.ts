import { z } from 'zod';

export const activateApiSchema = z.object({
  token: z.string().max(200).describe('The part of the emailed link after /activate/'),
});
export const activationResultSchema = z.object({ status: z.enum(['pending_email', 'active']) });
