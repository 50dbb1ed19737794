import { expect } from 'vitest'
import { builtinLogTypes } from '../../registry.js'

/** Parses one raw record of a built-in log type, asserting it yields one event and no failure. */
export function parseOne(logType: string, record: unknown): Record<string, unknown> {
  const outcome = builtinLogTypes().find(logType).parse(JSON.stringify(record))
  expect(outcome.failures).toEqual([])
  expect(outcome.events).toHaveLength(1)
  const [event] = outcome.events
  if (event === undefined) throw new Error(`${logType}: no event`)
  return event
}

/** Parses a raw record (an envelope, usually), returning every event and failure. */
export function parseAll(logType: string, record: unknown) {
  return builtinLogTypes().find(logType).parse(JSON.stringify(record))
}

/** The failure reason of a record that must not parse. */
export function failureOf(logType: string, record: unknown): string | undefined {
  const outcome = builtinLogTypes().find(logType).parse(JSON.stringify(record))
  expect(outcome.events).toEqual([])
  return outcome.failures[0]?.reason
}
