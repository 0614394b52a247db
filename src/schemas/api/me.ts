/** GET /api/v1/me: who is signed in, for the device's progress queue. */
import { z } from 'astro/zod';

export const MeSchema = z.object({ userId: z.string(), displayName: z.string() });

export type Me = z.infer<typeof MeSchema>;
