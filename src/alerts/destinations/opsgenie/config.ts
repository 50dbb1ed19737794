import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateFields } from '../template.js'

const responder = z
  .strictObject({
    type: z.enum(['team', 'user', 'escalation', 'schedule']).describe('Kind of responder.'),
    id: z.string().min(1).optional().describe('Its Opsgenie id.'),
    name: z.string().min(1).optional().describe('Its name (teams, escalations, schedules).'),
    username: z.string().min(1).optional().describe('Its username (users).'),
  })
  .refine((r) => r.id !== undefined || r.name !== undefined || r.username !== undefined, {
    error: 'a responder needs an id, a name or a username',
  })

/** Config of an `opsgenie` destination. */
export const opsgenieConfig = destinationCommonConfig.extend({
  apiKey: z
    .string()
    .min(1)
    .describe('API key of an Opsgenie API integration, sent as `GenieKey`. A secret: never logged.')
    .meta({ secret: true }),
  region: z
    .enum(['us', 'eu'])
    .default('us')
    .describe('Opsgenie instance: `us` (api.opsgenie.com) or `eu` (api.eu.opsgenie.com).'),
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional()
    .describe('Overrides the API base URL chosen by `region` (for proxies and tests).'),
  responders: z
    .array(responder)
    .max(50)
    .optional()
    .describe('Teams, users, escalations or schedules notified; default: the integration’s team.'),
  tags: z
    .array(z.string().min(1).max(50))
    .max(20)
    .optional()
    .describe('Tags added to each alert (at most 20 of 50 characters); severity is always added.'),
  ...templateFields,
  closeOnResolve: z
    .boolean()
    .default(true)
    .describe('Close the Opsgenie alert (by alias) when the Caracal alert is resolved or closed.'),
  timeoutMs: timeoutField,
})

/** The validated config of an `opsgenie` destination. */
export type OpsgenieConfig = z.infer<typeof opsgenieConfig>
