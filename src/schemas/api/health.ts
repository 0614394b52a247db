/** GET /api/v1/health (liveness) and GET /api/v1/health/ready (readiness). */
import { z } from 'astro/zod';

export const HealthSchema = z.object({ status: z.literal('ok') });

export const READINESS_CHECKS = ['database', 'migrations', 'build'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

const ReadinessCheckSchema = z.object({ ok: z.boolean(), message: z.string().optional() });

export const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not-ready']),
    failed: z.array(z.enum(READINESS_CHECKS)),
    checks: z.object({ database: ReadinessCheckSchema, migrations: ReadinessCheckSchema, build: ReadinessCheckSchema }),
  })
  .meta({ id: 'Readiness' });

export type Health = z.infer<typeof HealthSchema>;
export type ReadinessBody = z.infer<typeof ReadinessSchema>;
