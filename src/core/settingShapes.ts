// A setting's shape, stated once and read two ways: as its zod schema (the authority, and the only
// source of error messages) and, for the simple shapes, as a plain check that accepts exactly what
// the schema accepts and returns what it would return. Reading the settings at start takes the plain
// check, so a window whose settings are valid never loads zod (about 145 KB, dist/sdk/zod.js);
// a value the check is unsure of, or rejects, goes to the schema, which says what is wrong.
// test/unit/config.shapes.test.ts holds the two readings to each other.
import * as z from 'zod';
import { lazy } from './lazy';
import { trimTrailingSlashes } from './shared/baseUrl';

/** The value the schema would output, wrapped; undefined: ask the schema. */
export type Accepted<T> = { value: T } | undefined;

export interface SettingShape<S extends z.ZodType> {
  /** Built on first use. */
  readonly schema: S;
  /** Sure to agree with `schema` when it answers. */
  readonly accept: (value: unknown) => Accepted<z.output<S>>;
}

function shape<S extends z.ZodType>(schema: () => S, accept: (value: unknown) => Accepted<z.output<S>>): SettingShape<S> {
  return { schema: lazy(schema), accept };
}

export function flag(fallback: boolean) {
  return shape(() => z.boolean().default(fallback), (v) => (typeof v === 'boolean' ? { value: v } : undefined));
}

/** One of a list of words. */
export function choice<const T extends readonly [string, ...string[]]>(choices: T, fallback: T[number]) {
  return shape(
    () => z.enum(choices).default(fallback as never),
    (v) => (typeof v === 'string' && choices.includes(v) ? { value: v as T[number] } : undefined),
  );
}

/** One of a few numbers. */
export function numberChoice<const T extends readonly [number, number, ...number[]]>(choices: T, fallback: T[number]) {
  const [a, b, ...rest] = choices;
  return shape(
    () => z.union([z.literal(a), z.literal(b), ...rest.map((n) => z.literal(n))]).default(fallback as never),
    (v) => (typeof v === 'number' && choices.includes(v) ? { value: v as T[number] } : undefined),
  );
}

export interface Range {
  min: number;
  max: number;
  integer: boolean;
}

function rangeSchema({ min, max, integer }: Range): z.ZodNumber {
  return (integer ? z.number().int() : z.number()).min(min).max(max);
}

function inRange(v: unknown, { min, max, integer }: Range): v is number {
  // zod's number refuses NaN and the infinities; its int() safe integers (every range here is smaller).
  return typeof v === 'number' && Number.isFinite(v) && (!integer || Number.isSafeInteger(v)) && v >= min && v <= max;
}

export function number(range: Range, fallback: number) {
  return shape(() => rangeSchema(range).default(fallback), (v) => (inRange(v, range) ? { value: v } : undefined));
}

/** A number in range, or null (not set: the server's own default). */
export function optionalNumber(range: Range, fallback: number | null) {
  return shape(
    () => rangeSchema(range).nullable().default(fallback),
    (v) => (v === null || inRange(v, range) ? { value: v } : undefined),
  );
}

export interface NamesLimits {
  /** Most entries. */
  items: number;
  /** Longest entry, trimmed. */
  length: number;
}

/** The schema of a list of names, each trimmed and not empty (model ids, provider names). */
export function namesSchema({ items, length }: NamesLimits) {
  return z.array(z.string().trim().min(1).max(length)).max(items);
}

export function names(limits: NamesLimits, fallback: readonly string[]) {
  return shape(
    () => namesSchema(limits).default(() => [...fallback]),
    (v) => {
      if (!Array.isArray(v) || v.length > limits.items) return undefined;
      const out: string[] = [];
      // By index: a hole is undefined to the schema, not skipped.
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item !== 'string') return undefined;
        const trimmed = item.trim();
        if (trimmed.length < 1 || trimmed.length > limits.length) return undefined;
        out.push(trimmed);
      }
      return { value: out };
    },
  );
}

/** An http(s) address; the refinement's words come from the caller's error table (a `custom` issue). */
export function httpUrlSchema() {
  return z.string().trim().url().refine((u) => /^https?:\/\//.test(u)).transform(trimTrailingSlashes);
}

export function httpUrl(fallback: string) {
  return shape(
    () => httpUrlSchema().default(fallback),
    (v) => {
      if (typeof v !== 'string') return undefined;
      const trimmed = v.trim();
      // zod removes tabs and line breaks inside an address: rare enough to leave to it.
      if (/[\t\n\r]/.test(trimmed) || !/^https?:\/\//.test(trimmed) || !URL.canParse(trimmed)) return undefined;
      return { value: trimTrailingSlashes(trimmed) };
    },
  );
}

/** A shape only zod checks, except an empty list (the common case: nothing configured). */
export function listOnlyZodChecks<S extends z.ZodType>(schema: () => S) {
  return shape(schema, (v) => (Array.isArray(v) && v.length === 0 ? { value: [] as z.output<S> } : undefined));
}
