import type { Alert, AlertNotification, Destination } from '../../src/core/index.js'
import { AppError } from '../../src/core/index.js'
import { PrometheusMetrics, silentLogger } from '../../src/platform/telemetry/index.js'

/** An alert with markup characters in its texts, to check destinations escape them. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: '01HXAMPLE0000000000000000A',
    type: 'RULE',
    ruleId: 'AWS.Root.Login',
    ruleVersion: 'abc',
    ruleName: 'Root login',
    dedup: 'root',
    title: 'Root logged in from <192.0.2.44> & more',
    description: 'The *root* user signed in.',
    reference: 'https://docs.example.com/root',
    runbook: 'Call the account owner.',
    severity: 'HIGH',
    status: 'OPEN',
    assignee: null,
    destinations: ['dest'],
    logTypes: ['AWS.CloudTrail'],
    eventCount: 3,
    firstEventTime: '2024-05-01 11:59:00.000',
    lastEventTime: '2024-05-01 11:59:30.000',
    createdAt: '2024-05-01T12:00:00.000Z',
    updatedAt: '2024-05-01T12:00:00.000Z',
    context: { ip: '192.0.2.44' },
    ...overrides,
  }
}

/** A notification about `sampleAlert`, with its link. */
export function sampleNotification(
  overrides: Partial<Alert> = {},
  extra: Partial<Omit<AlertNotification, 'alert'>> = {},
): AlertNotification {
  const alert = sampleAlert(overrides)
  return { alert, link: `https://caracal.example.com/alerts/${alert.id}`, ...extra }
}

/** What `create` needs besides the config: a silent logger and fresh metrics. */
export function pluginContext(id = 'dest') {
  return { id, logger: silentLogger(), metrics: new PrometheusMetrics() }
}

/** Sends and returns the `AppError` it must fail with. */
export async function sendFailure(
  destination: Destination,
  notification: AlertNotification = sampleNotification(),
  signal: AbortSignal = new AbortController().signal,
): Promise<AppError> {
  const outcome: unknown = await destination.send(notification, signal).then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(outcome instanceof AppError)) {
    throw new Error(`expected an AppError, got ${String(outcome)}`)
  }
  return outcome
}
