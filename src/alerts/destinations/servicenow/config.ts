import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateFields } from '../template.js'

/** Config of a `servicenow` destination. */
export const serviceNowConfig = destinationCommonConfig.extend({
  instanceUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .describe('ServiceNow instance, e.g. `https://acme.service-now.com`.'),
  username: z
    .string()
    .min(1)
    .describe('User of basic auth; needs the `itil` role (or create rights).'),
  password: z
    .string()
    .min(1)
    .describe('Password of that user. A secret: never logged.')
    .meta({ secret: true }),
  table: z
    .string()
    .regex(/^[a-z0-9_]+$/, 'must be a table name')
    .default('incident')
    .describe('Table records are created in, through the Table API. Default: `incident`.'),
  assignmentGroup: z
    .string()
    .min(1)
    .optional()
    .describe('`assignment_group` of each incident (sys_id or name).'),
  callerId: z.string().min(1).optional().describe('`caller_id` of each incident (sys_id or user).'),
  category: z.string().min(1).optional().describe('`category` of each incident.'),
  ...templateFields,
  timeoutMs: timeoutField,
})

/** The validated config of a `servicenow` destination. */
export type ServiceNowConfig = z.infer<typeof serviceNowConfig>
