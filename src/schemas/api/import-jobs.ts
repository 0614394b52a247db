/**
 * GET /quan-tri/nhap-can-bo/tien-do/{job}: how far an officials import has got, polled as JSON by
 * the import pages' script. An administrators' page endpoint, not part of the /api/v1 API.
 */
import { z } from 'astro/zod';

export const ImportJobStatusSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  /** The step under way, in Vietnamese ("Đang đọc tệp"). */
  step: z.string(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  /** Where to go when done. */
  redirectTo: z.string().optional(),
  /** Why it failed (Vietnamese), with the HTTP status a direct request would have had. */
  error: z.object({ status: z.number().int(), message: z.string() }).optional(),
});

export type ImportJobStatus = z.infer<typeof ImportJobStatusSchema>;
