import { z } from 'zod'

/** An HMAC signature header over the raw body (GitHub-style `X-Hub-Signature-256: sha256=<hex>`). */
const hmacAuth = z.strictObject({
  type: z.literal('hmac'),
  secret: z
    .string()
    .min(16, 'use at least 16 characters')
    .describe('Shared secret (a secret: use ${VAR} or ${file:PATH}).'),
  header: z
    .string()
    .default('x-signature')
    .describe('Header carrying the signature, e.g. X-Hub-Signature-256 (case does not matter).'),
  algorithm: z.enum(['sha256', 'sha1']).default('sha256').describe('HMAC hash.'),
  prefix: z
    .string()
    .default('')
    .describe('Text before the signature in the header, e.g. `sha256=` (GitHub); stripped.'),
  encoding: z.enum(['hex', 'base64']).default('hex').describe('How the signature is written.'),
})

/** HTTP basic auth with one user. */
const basicAuth = z.strictObject({
  type: z.literal('basic'),
  username: z.string().min(1).describe('User name senders log in with.'),
  password: z
    .string()
    .min(16, 'use at least 16 characters')
    .describe('Password (a secret: use ${VAR} or ${file:PATH}).'),
})

/** A bearer token of this source only. */
const bearerAuth = z.strictObject({
  type: z.literal('bearer'),
  token: z
    .string()
    .min(16, 'use at least 16 characters')
    .describe('Bearer token (a secret: use ${VAR} or ${file:PATH}).'),
})

/** How senders of one HTTP source authenticate, besides Caracal API tokens. */
export const httpSourceAuth = z.discriminatedUnion('type', [bearerAuth, hmacAuth, basicAuth])
export type HttpSourceAuth = z.infer<typeof httpSourceAuth>

/** Config of an HTTP push source (`POST /v1/ingest/<id>`, and OTLP/HTTP at `/v1/logs`). */
export const httpSourceConfig = z.strictObject({
  type: z.literal('http'),
  logType: z
    .string()
    .describe('Log type of every record sent to this source, e.g. AWS.CloudTrail.'),
  candidates: z
    .array(z.string())
    .optional()
    .describe(
      'More log types to try per record when it is not the main one (Panther-style classification).',
    ),
  maxRecordBytes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Longest record in bytes; longer ones are kept as failures (default 4 MiB).'),
  label: z.string().optional().describe('Human name stored in p_source_label (default: the id).'),
  token: z
    .string()
    .min(16, 'use at least 16 characters')
    .optional()
    .describe('Bearer token senders may use instead of an API token (a secret: use ${ENV_VAR}).'),
  auth: httpSourceAuth
    .optional()
    .describe(
      'Credentials of this source besides API tokens: bearer, hmac (signature header over the ' +
        'raw body) or basic. Wrong or missing credentials get 401 SOURCE_UNAUTHORIZED.',
    ),
  unwrap: z
    .string()
    .optional()
    .describe(
      'Field holding the original log line in records an agent wrapped, e.g. `log` (Fluent Bit) ' +
        'or `message` (Vector): when a record is a JSON object with this string field, the ' +
        "field's text is the record and the agent's other keys (date, host…) are dropped.",
    ),
  otlp: z
    .boolean()
    .default(false)
    .describe(
      'Receive OTLP/HTTP JSON logs at POST /v1/logs (the OpenTelemetry Collector otlphttp ' +
        'exporter). With several such sources, senders pick one with X-Caracal-Source: <id>.',
    ),
  otlpRecord: z
    .enum(['body', 'event'])
    .default('body')
    .describe(
      'What an OTLP log record becomes: `body` — its string body (a JSON document or a raw ' +
        'line, classified by the log types above; a map body becomes a JSON object, other ' +
        'bodies the flattened event); `event` — always the flattened event with its attributes.',
    ),
})
export type HttpSourceConfig = z.infer<typeof httpSourceConfig>
