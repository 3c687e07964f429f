// What a caught value says, for logs and notices: anything can be thrown, not only an Error.
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
