import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { templateString } from '../template.js'

/** Config of a `webhook` destination. */
export const webhookConfig = destinationCommonConfig.extend({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .describe(
      'Endpoint that receives each alert as a JSON POST. Treated as a secret: never logged.',
    ),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe('Extra request headers, e.g. `Authorization`. Values are never logged.'),
  secret: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Key of the `X-Caracal-Signature: sha256=<hex>` header, an HMAC-SHA256 of the raw body.',
    )
    .meta({ secret: true }),
  payloadTemplate: templateString(
    'Replaces the JSON payload: a JSON document with placeholders, e.g. `{"text": "{{alert.title}}"}`; values are escaped as JSON string content. The result must be valid JSON.',
  ),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Longest wait for a response, in milliseconds (the delivery worker also caps it).'),
})

/** The validated config of a `webhook` destination. */
export type WebhookConfig = z.infer<typeof webhookConfig>
