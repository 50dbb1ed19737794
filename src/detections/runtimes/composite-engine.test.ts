import { describe, expect, it } from 'vitest'
import type { DetectionMeta, RuleError, RuleMatch } from '../../core/index.js'
import type { DisableableEngine } from './auto-disable.js'
import {
  createCompositeEngine,
  ruleErrorAlertScope,
  ruleErrorBatchScope,
  withRuleErrorSink,
  type RuleErrorBatch,
} from './composite-engine.js'

/** A stand-in engine: one detection that matches every event. */
function fakeEngine(id: string, closed: string[], disabled: string[] = []): DisableableEngine {
  const meta = { id } as DetectionMeta
  return {
    detections: () => [meta],
    setEnabled: (which, enabled) => {
      disabled.push(`${id}:${which}:${String(enabled)}`)
      return Promise.resolve()
    },
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

  it('disables a detection in the engine that holds it', async () => {
    const disabled: string[] = []
    const engine = createCompositeEngine([
      fakeEngine('ts', [], disabled),
      fakeEngine('py', [], disabled),
    ])
    await engine.setEnabled('py', false)
    expect(disabled).toEqual(['py:py:false'])
  })
})

describe('withRuleErrorSink', () => {
  const failing: DisableableEngine = {
    detections: () => [],
    setEnabled: () => Promise.resolve(),
    evaluate: (_logType, events) =>
      Promise.resolve({
        matches: [],
        errors: ['A', 'B'].flatMap((ruleId) =>
          events.map((event) => ({ ruleId, event }) as RuleError),
        ),
      }),
    close: () => Promise.resolve(),
  }

  it('hands rule errors to the sink, as the replay scope says', async () => {
    const sunk: string[][] = []
    const engine = withRuleErrorSink(failing, (errors) => {
      sunk.push(errors.map((e) => e.ruleId))
      return Promise.resolve()
    })
    await engine.evaluate('L', [{ a: 1 }])
    await ruleErrorAlertScope({ record: false }, () => engine.evaluate('L', [{ a: 1 }]))
    await ruleErrorAlertScope({ record: true, ruleIds: new Set(['B']) }, async () => {
      await Promise.resolve()
      return engine.evaluate('L', [{ a: 1 }])
    })
    expect(sunk).toEqual([['A', 'B'], ['B']])
  })

  it('hands the batch of the scope to the sink, keeping an enclosing replay scope', async () => {
    const sunk: [string[], RuleErrorBatch | undefined][] = []
    const engine = withRuleErrorSink(failing, (errors, batch) => {
      sunk.push([errors.map((e) => e.ruleId), batch])
      return Promise.resolve()
    })
    const b1 = { key: 'b1|L', skipIfRecorded: true }
    await ruleErrorBatchScope(b1, () => engine.evaluate('L', [{ a: 1 }]))
    await ruleErrorAlertScope({ record: true, ruleIds: new Set(['A']) }, () =>
      ruleErrorBatchScope({ key: 'b2|L', skipIfRecorded: false }, () =>
        engine.evaluate('L', [{ a: 1 }]),
      ),
    )
    await ruleErrorAlertScope({ record: false }, () =>
      ruleErrorBatchScope(b1, () => engine.evaluate('L', [{ a: 1 }])),
    )
    await engine.evaluate('L', [{ a: 1 }])
    expect(sunk).toEqual([
      [['A', 'B'], b1],
      [['A'], { key: 'b2|L', skipIfRecorded: false }],
      [['A', 'B'], undefined],
    ])
  })
})
