import { describe, expect, it } from 'vitest'
import type { DetectionEngine, DetectionMeta, RuleMatch } from '../../core/index.js'
import { createCompositeEngine } from './composite-engine.js'

/** A stand-in engine: one detection that matches every event. */
function fakeEngine(id: string, closed: string[]): DetectionEngine {
  const meta = { id } as DetectionMeta
  return {
    detections: () => [meta],
    evaluate: (_logType, events) =>
      Promise.resolve({
        matches: events.map((event) => ({ ruleId: id, event }) as RuleMatch),
        errors: [],
      }),
    close: () => {
      closed.push(id)
      return Promise.resolve()
    },
  }
}

describe('createCompositeEngine', () => {
  it('lists, evaluates and closes every engine, merging results in engine order', async () => {
    const closed: string[] = []
    const engine = createCompositeEngine([fakeEngine('ts', closed), fakeEngine('py', closed)])
    expect(engine.detections().map((d) => d.id)).toEqual(['ts', 'py'])
    const result = await engine.evaluate('L', [{ a: 1 }])
    expect(result.matches.map((m) => m.ruleId)).toEqual(['ts', 'py'])
    await engine.close()
    expect(closed.sort()).toEqual(['py', 'ts'])
  })
})
