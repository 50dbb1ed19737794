import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DetectionEngine } from '../core/index.js'
import { silentLogger } from '../platform/telemetry/index.js'
import { createTypeScriptEngine, loadDetections, type LoadedDetection } from './index.js'

/** The detections Caracal ships, loaded exactly as users' are, with every test they declare. */
const contentDir = fileURLToPath(new URL('../../content/detections/', import.meta.url))
const noMetrics = { eventsIn() {}, eventsOut() {}, errors() {}, queueDepth() {}, latency() {} }

let detections: LoadedDetection[] = []
let engine: DetectionEngine
beforeAll(async () => {
  const loaded = await loadDetections([contentDir])
  expect(loaded.errors).toEqual([])
  detections = loaded.detections
  engine = await createTypeScriptEngine({
    detections,
    workers: 1,
    timeoutMs: 1000,
    logger: silentLogger(),
    metrics: noMetrics,
  })
})
afterAll(async () => {
  await engine.close()
})

describe('shipped detections', () => {
  it('include AWS.Root.Activity with documentation and at least one test each way', () => {
    const root = detections.find((d) => d.meta.id === 'AWS.Root.Activity')
    expect(root?.meta).toMatchObject({
      severity: 'HIGH',
      logTypes: ['AWS.CloudTrail'],
      reports: { 'MITRE ATT&CK': ['TA0004:T1078.004'] },
    })
    for (const d of detections) {
      expect(d.meta.description, d.meta.id).not.toBe('')
      expect(d.meta.runbook, d.meta.id).not.toBe('')
      expect(
        d.tests.some((t) => t.expect),
        d.meta.id,
      ).toBe(true)
      expect(
        d.tests.some((t) => !t.expect),
        d.meta.id,
      ).toBe(true)
    }
  })

  it('pass their own tests through the engine', async () => {
    for (const d of detections) {
      for (const test of d.tests) {
        const logType = d.meta.logTypes[0] ?? ''
        const result = await engine.evaluate(logType, [test.event])
        const label = `${d.meta.id} / ${test.name}`
        expect(
          result.errors.filter((e) => e.ruleId === d.meta.id),
          label,
        ).toEqual([])
        expect(
          result.matches.some((m) => m.ruleId === d.meta.id),
          label,
        ).toBe(test.expect)
      }
    }
  })

  it('AWS.Root.Activity groups alerts per account and carries the triage context', async () => {
    const root = detections.find((d) => d.meta.id === 'AWS.Root.Activity')
    const event = root?.tests.find((t) => t.expect)?.event ?? {}
    const { matches } = await engine.evaluate('AWS.CloudTrail', [event])
    const match = matches.find((m) => m.ruleId === 'AWS.Root.Activity')
    expect(match?.title).toBe('AWS root user activity in account 123456789012')
    expect(match?.dedup).toBe('root-activity:123456789012')
    expect(match?.alertContext).toEqual({
      sourceIPAddress: '198.51.100.23',
      userAgent: 'aws-cli/2.15.40 Python/3.11.8 Darwin/23.4.0 exe/x86_64',
      eventName: 'CreateAccessKey',
      eventSource: 'iam.amazonaws.com',
      awsRegion: 'us-east-1',
      recipientAccountId: '123456789012',
    })
    const serviceEvent = { ...event, eventType: 'AwsServiceEvent' }
    const service = await engine.evaluate('AWS.CloudTrail', [serviceEvent])
    expect(service.matches.filter((m) => m.ruleId === 'AWS.Root.Activity')).toEqual([])
  })
})
