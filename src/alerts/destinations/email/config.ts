import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { templateFields } from '../template.js'

/** Config of an `email` destination. */
export const emailConfig = destinationCommonConfig
  .extend({
    host: z.string().min(1).describe('SMTP server host name.'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(587)
      .describe('SMTP port: 587 (submission, STARTTLS), 465 (implicit TLS) or 25.'),
    security: z
      .enum(['starttls', 'tls', 'none'])
      .default('starttls')
      .describe(
        '`starttls`: upgrade the connection and refuse to send in clear; `tls`: TLS from the start (port 465); `none`: plain SMTP (trusted networks only).',
      ),
    username: z.string().min(1).optional().describe('SMTP user, if the server wants a login.'),
    password: z
      .string()
      .min(1)
      .optional()
      .describe('SMTP password, with `username`. A secret: never logged.')
      .meta({ secret: true }),
    from: z.email().describe('Sender address, e.g. `caracal@example.com`.'),
    to: z.array(z.email()).min(1).describe('Recipient addresses.'),
    cc: z.array(z.email()).optional().describe('Copy recipients.'),
    ...templateFields,
    timeoutMs: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe('Longest wait for the connection, greeting and each SMTP reply, in milliseconds.'),
  })
  .refine((config) => (config.username === undefined) === (config.password === undefined), {
    error: 'username and password go together',
    path: ['password'],
  })

/** The validated config of an `email` destination. */
export type EmailConfig = z.infer<typeof emailConfig>
