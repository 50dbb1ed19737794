/**
 * A parser of non-JSON text, selected by a schema's `parser:` key (Panther's custom-schema format:
 * `csv`, `fastmatch`, `regex`, plus Caracal's `native`). It turns one record into a plain object of
 * raw field values (mostly strings); the schema compiler then types and normalizes the fields.
 */
export type TextParser = (record: string) => TextParseResult

/**
 * Field values by schema field name, or why the record does not match. `skip: true` marks a record
 * that carries no event by design (a CSV or Zeek header, a `skipPrefix` comment): the compiler
 * should drop it silently rather than store it as a failure.
 */
export type TextParseResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; reason: string; skip?: true }
