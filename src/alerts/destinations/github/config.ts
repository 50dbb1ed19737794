import { z } from 'zod'
import { destinationCommonConfig } from '../common.js'
import { timeoutField } from '../http-delivery.js'
import { templateFields } from '../template.js'

/** Config of a `github` destination. */
export const githubConfig = destinationCommonConfig.extend({
  token: z
    .string()
    .min(1)
    .describe(
      'Token allowed to create issues (fine-grained: Issues read/write). A secret: never logged.',
    )
    .meta({ secret: true }),
  repository: z
    .string()
    .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be owner/name')
    .describe('Repository the issues are opened in, as `owner/name`.'),
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .default('https://api.github.com')
    .describe('REST API base URL; for GitHub Enterprise Server `https://HOST/api/v3`.'),
  labels: z
    .array(z.string().min(1).max(50))
    .optional()
    .describe('Labels set on each issue (needs push access, or GitHub drops them).'),
  assignees: z
    .array(z.string().min(1))
    .max(10)
    .optional()
    .describe('Logins assigned to each issue.'),
  ...templateFields,
  timeoutMs: timeoutField,
})

/** The validated config of a `github` destination. */
export type GithubConfig = z.infer<typeof githubConfig>
