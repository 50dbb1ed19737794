import { createRequire } from 'node:module'
import { z } from 'zod'
import { AlertType, Severity, severities } from '../../contract/index.js'

/** Routing keys every destination accepts, whatever its type; each plugin's schema extends it. */
export const destinationCommonConfig = z.strictObject({
  severities: z
    .array(Severity)
    .default([...severities])
    .describe(
      'Severities sent here when neither the match nor the detection names destinations. Default: all.',
    ),
  alertTypes: z
    .array(AlertType)
    .default([...AlertType.options])
    .describe('Alert types this destination accepts, however they were routed. Default: all.'),
})

/** The validated routing keys of a destination. */
export type DestinationCommonConfig = z.infer<typeof destinationCommonConfig>

/** `caracal/<version>`: the User-Agent of outgoing requests, so receivers can tell who calls. */
export const userAgent = `caracal/${packageVersion()}`

// src/ and dist/ sit at the same depth, so one relative path serves both.
function packageVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)('../../../package.json') as { version?: unknown }
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
  } catch {
    return '0.0.0'
  }
}
