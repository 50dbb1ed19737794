import type { Alert, Destination } from '../core/index.js'
import { AppError, describeError } from '../core/index.js'

/** A harmless alert that says what it is, for checking that a destination is wired right. */
function testAlert(): Alert {
  const now = new Date().toISOString()
  return {
    id: 'test',
    type: 'RULE',
    ruleId: 'Caracal.Test',
    ruleVersion: 'test',
    ruleName: 'Caracal test alert',
    dedup: 'test',
    title: 'Caracal test alert: this destination works',
    description: 'Sent on request to check the destination. Nothing happened; no action needed.',
    reference: '',
    runbook: 'Nothing to do.',
    severity: 'INFO',
    status: 'OPEN',
    assignee: null,
    destinations: [],
    logTypes: [],
    eventCount: 0,
    firstEventTime: now,
    lastEventTime: now,
    createdAt: now,
    updatedAt: now,
    context: {},
  }
}

/** Sends a test alert to a destination now (no outbox, no retry) and reports how it went. */
export async function sendTestAlert(
  destinations: ReadonlyMap<string, Destination>,
  id: string,
  link: string,
  timeoutMs = 10_000,
): Promise<{ delivered: boolean; error: string | null }> {
  const destination = destinations.get(id)
  if (destination === undefined) {
    throw new AppError('NOT_FOUND', `No destination ${id}`, {
      details: { known: [...destinations.keys()] },
    })
  }
  try {
    await destination.send(
      { alert: testAlert(), link, kind: 'trigger' },
      AbortSignal.timeout(timeoutMs),
    )
    return { delivered: true, error: null }
  } catch (err) {
    return { delivered: false, error: describeError(err) }
  }
}
