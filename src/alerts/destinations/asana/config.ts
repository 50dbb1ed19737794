import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateFields } from '../template.js'

const gid = z.string().regex(/^\d+$/, 'must be a numeric Asana gid')

/** Config of an `asana` destination. */
export const asanaConfig = destinationCommonConfig.extend({
  token: z
    .string()
    .min(1)
    .describe('Personal access token or service account token. A secret: never logged.')
    .meta({ secret: true }),
  projects: z
    .array(gid)
    .min(1)
    .describe('Gids of the projects each task is added to (the first sets the workspace).'),
  assignee: z
    .string()
    .min(1)
    .optional()
    .describe('Gid or email of the user each task is assigned to.'),
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('https://app.asana.com/api/1.0')
    .describe('API base URL; tasks are created at `<apiUrl>/tasks`.'),
  ...templateFields,
  timeoutMs: timeoutField,
})

/** The validated config of an `asana` destination. */
export type AsanaConfig = z.infer<typeof asanaConfig>
