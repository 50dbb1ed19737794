import { describe, expect, it } from 'vitest'
import { PrometheusMetrics } from '../platform/telemetry/index.js'
import { IngestGate } from './ingest-gate.js'

describe('IngestGate', () => {
  const limits = { maxInFlightBytes: 1000, maxPendingBatches: 3, retryAfterSeconds: 1 }

  it('refuses what would pass the byte bound, and takes it again once bytes are released', () => {
    const gate = new IngestGate(limits)
    const first = gate.tryHold(600)
    expect(first).toBeDefined()
    expect(gate.tryHold(500)).toBeUndefined()
    expect(gate.tryHold(400)).toBeDefined()
    expect(gate.overloaded).toBe(true)
    first?.release()
    first?.release() // idempotent
    expect(gate.snapshot()).toMatchObject({ bytes: 400, batches: 1, peakBytes: 1000, rejected: 1 })
    expect(gate.overloaded).toBe(false)
    expect(gate.tryHold(500)).toBeDefined()
  })

  it('lets one request in when nothing is held, however large', () => {
    const gate = new IngestGate(limits)
    const big = gate.tryHold(5000)
    expect(big).toBeDefined()
    expect(gate.tryHold(1)).toBeUndefined()
    big?.release()
    expect(gate.snapshot().bytes).toBe(0)
  })

  it('bounds the number of pending batches too, and reports both in metrics', async () => {
    const metrics = new PrometheusMetrics()
    const gate = new IngestGate(limits, metrics)
    const holds = [gate.tryHold(1), gate.tryHold(1), gate.hold(1)]
    expect(gate.tryHold(1)).toBeUndefined()
    const text = await metrics.render()
    expect(text).toContain('caracal_queue_depth{queue="ingest_pending_batches"} 3')
    expect(text).toContain('caracal_queue_depth{queue="ingest_in_flight_bytes"} 3')
    for (const hold of holds) hold?.release()
    expect(gate.snapshot()).toMatchObject({ bytes: 0, batches: 0 })
  })
})
