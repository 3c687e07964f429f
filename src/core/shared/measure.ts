// A measurement that may be missing. NaN or Infinity (say, a rate over zero samples) counts as
// missing rather than failing the whole snapshot it is part of: the stored statistics and the
// settings page's model health read measurements through this one rule.
import * as z from 'zod';

export function optionalMeasure<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'number' && !Number.isFinite(v) ? undefined : v), schema.optional());
}
