import { expect } from 'vitest'
import { builtinLogTypes } from '../../registry.js'
import { corpusFiles } from '../fixtures/corpus.js'

/** A parsed event, as the tests read it. */
export type ParsedEvent = Record<string, unknown>

const registry = builtinLogTypes()

/** Parses one record (an object is serialized first) and expects exactly one event. */
export function parseOne(logType: string, record: unknown): ParsedEvent {
  const raw = typeof record === 'string' ? record : JSON.stringify(record)
  const outcome = registry.find(logType).parse(raw)
  expect(outcome.failures).toEqual([])
  expect(outcome.events).toHaveLength(1)
  return outcome.events[0] as ParsedEvent
}

/** Parses one record that must fail, and returns the failure reason. */
export function failureOf(logType: string, record: unknown): string | undefined {
  const raw = typeof record === 'string' ? record : JSON.stringify(record)
  const outcome = registry.find(logType).parse(raw)
  expect(outcome.events).toEqual([])
  return outcome.failures[0]?.reason
}

/** Parses every record of a text (an envelope or one record) and returns events and reasons. */
export function parseAll(logType: string, text: string) {
  const outcome = registry.find(logType).parse(text)
  return { events: outcome.events as ParsedEvent[], reasons: outcome.failures.map((f) => f.reason) }
}

/**
 * Panther's rule-test events (panther-analysis-tests) are hand-written and often partial (their
 * lower-cased keys are read, case-insensitively, as Panther's reader does): a missing required
 * field is expected there, a type error never is.
 */
export const partialRuleTests = /^missing required field /

/** One corpus folder checked against one log type. */
export interface CorpusCase {
  logType: string
  folder: string
  /** Only the files whose path matches (a folder may hold several log types). */
  files: RegExp
  /** File path fragment → the only failure reasons allowed in that file, and why. */
  explained?: Record<string, RegExp>
}

/**
 * Parses every record of the matching corpus files; every failure must be explained. Returns the
 * number of events parsed, which the caller asserts.
 */
export function parseCorpus({ logType, folder, files, explained }: CorpusCase): number {
  const type = registry.find(logType)
  let events = 0
  for (const { file, records } of corpusFiles(folder, logType)) {
    if (!files.test(file)) continue
    const allowed = Object.entries(explained ?? {}).find(([part]) => file.includes(part))?.[1]
    for (const record of records) {
      const outcome = type.parse(record)
      events += outcome.events.length
      for (const failure of outcome.failures) {
        expect({ file, reason: failure.reason }).toEqual({
          file,
          reason: expect.stringMatching(allowed ?? /^$never/) as unknown,
        })
      }
    }
  }
  return events
}

/** A copy of a record without one of its fields, for the missing-field cases. */
export function without(record: Record<string, unknown>, field: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== field))
}
