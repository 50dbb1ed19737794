import { AppError, type LogType } from '../core/index.js'
import { awsCloudTrail } from './log-types/aws-cloudtrail.js'

/** Every built-in log type. Adding one is one file in `log-types/` and one line here. */
export const logTypes: readonly LogType[] = [awsCloudTrail]

const byName = new Map(logTypes.map((t) => [t.name, t]))

/** Finds a log type by its exact name, or explains which names exist. */
export function findLogType(name: string): LogType {
  const found = byName.get(name)
  if (found === undefined) {
    throw new AppError('LOG_TYPE_UNKNOWN', `Unknown log type ${JSON.stringify(name)}`, {
      details: { known: [...byName.keys()] },
    })
  }
  return found
}
