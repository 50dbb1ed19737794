import { z } from 'zod'
import { Severity } from '../../../contract/index.js'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateFields } from '../template.js'

/** Config of a `jira` destination. */
export const jiraConfig = destinationCommonConfig.extend({
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .describe('Jira site, e.g. `https://your-domain.atlassian.net`.'),
  email: z.string().min(1).describe('Account email of the API token (basic auth user).'),
  apiToken: z
    .string()
    .min(1)
    .describe('Atlassian API token (basic auth password). A secret: never logged.')
    .meta({ secret: true }),
  projectKey: z
    .string()
    .min(1)
    .describe('Key of the project the issues are created in, e.g. `SEC`.'),
  issueType: z.string().min(1).default('Task').describe('Issue type name. Default: `Task`.'),
  apiVersion: z
    .enum(['2', '3'])
    .default('3')
    .describe(
      'REST API version: `3` (Cloud; description in Atlassian Document Format) or `2` (wiki markup, Data Center).',
    ),
  labels: z
    .array(z.string().regex(/^\S+$/, 'labels cannot contain spaces'))
    .optional()
    .describe('Labels added to each issue; `caracal` and `severity-<level>` are always added.'),
  priorities: z
    .partialRecord(Severity, z.string().min(1))
    .optional()
    .describe('Jira priority name per severity, e.g. `{ CRITICAL: Highest }`. Default: none set.'),
  ...templateFields,
  timeoutMs: timeoutField,
})

/** The validated config of a `jira` destination. */
export type JiraConfig = z.infer<typeof jiraConfig>
