// The `openrouterDual.endpoints` setting: validated like every other setting, one bad entry
// rejecting the list (the reader then falls back to none and says why).
import * as z from 'zod';
import { lazy } from '../lazy';
import { httpUrlSchema, namesSchema } from '../settingShapes';
import { isLoopbackUrl } from '../shared/loopback';
import { ENDPOINT_ID_PATTERN, OPENROUTER_ENDPOINT_ID } from './qualifiedIds';
import type { EndpointConfig } from './types';

const MAX_ENDPOINTS = 16;

const endpointSchema = lazy(() =>
  z.object({
    // `openrouter` is the built-in endpoint's id.
    id: z.string().trim().regex(ENDPOINT_ID_PATTERN).regex(new RegExp(`^(?!${OPENROUTER_ENDPOINT_ID}$)`)),
    label: z.string().trim().min(1).max(60),
    // Its words come from config.ts's table (the only custom rule is the scheme).
    baseUrl: httpUrlSchema(),
    models: namesSchema({ items: 200, length: 200 }).optional(),
    free: z.boolean().optional(),
    requestsPerMinute: z.number().int().min(1).max(100_000).optional(),
    requestsPerDay: z.number().int().min(1).max(10_000_000).optional(),
  }),
);

export const endpointsSchema = lazy(() =>
  z
    .array(endpointSchema)
    .max(MAX_ENDPOINTS)
    // A repeated id would make its qualified model ids ambiguous: the first entry wins.
    .transform((list) => list.filter((e, i) => list.findIndex((o) => o.id === e.id) === i))
    .default([]),
);

/** `free` as set, else true for a loopback host (a server on this machine bills nobody). */
export function endpointIsFree(endpoint: Pick<EndpointConfig, 'free' | 'baseUrl'>): boolean {
  return endpoint.free ?? isLoopbackUrl(endpoint.baseUrl);
}
