import { describe, expect, it } from 'vitest'
import { AppError } from '../../core/index.js'
import { PrometheusMetrics, silentLogger } from '../../platform/telemetry/index.js'
import { buildDestinations, destinationPlugins } from './registry.js'

const metrics = new PrometheusMetrics()
const context = (id: string) => ({ id, logger: silentLogger(), metrics })

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected an AppError')
}

describe('buildDestinations', () => {
  it('builds each destination and its routing defaults', () => {
    const built = buildDestinations(
      {
        ops: { type: 'webhook', url: 'https://hooks.example.com/a', severities: ['CRITICAL'] },
        audit: { type: 'webhook', url: 'http://10.0.0.5:8080/in', alertTypes: ['RULE'] },
      },
      context,
    )
    expect([...built.destinations.entries()].map(([id, d]) => [id, d.id, d.type])).toEqual([
      ['ops', 'ops', 'webhook'],
      ['audit', 'audit', 'webhook'],
    ])
    expect(built.routes).toEqual([
      {
        id: 'ops',
        severities: ['CRITICAL'],
        alertTypes: ['RULE', 'RULE_ERROR', 'POLICY', 'SCHEDULED_RULE'],
      },
      {
        id: 'audit',
        severities: ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
        alertTypes: ['RULE'],
      },
    ])
  })

  it('lists the known types when a type is unknown', () => {
    const err = thrown(() => buildDestinations({ chat: { type: 'slak', url: 'x' } }, context))
    expect(err.code).toBe('PLUGIN_UNKNOWN')
    expect(err.message).toBe(
      'destinations.chat.type: unknown destination type "slak"; known types: ' +
        'webhook, slack, pagerduty, opsgenie, jira, teams, github, asana, servicenow, sns, sqs, email',
    )
  })

  it('reports every invalid key of every destination with its path', () => {
    const err = thrown(() =>
      buildDestinations(
        {
          a: { type: 'webhook', url: 'ftp://files.example.com', severities: ['URGENT'] },
          b: { type: 'webhook', url: 'https://ok.example.com', timeoutMs: -1, colour: 'red' },
        },
        context,
      ),
    )
    expect(err.code).toBe('CONFIG_INVALID')
    const lines = err.details as string[]
    expect(lines.map((line) => line.split(':')[0])).toEqual([
      'destinations.a.severities.0',
      'destinations.a.url',
      'destinations.b.timeoutMs',
      'destinations.b',
    ])
    expect(lines[1]).toBe('destinations.a.url: must be an http:// or https:// URL')
    expect(lines[3]).toContain('colour')
    expect(err.message).toBe(lines.join('\n'))
  })

  it('ships at least the 12 destination types of issue 7, each with a summary', () => {
    const types = destinationPlugins.map((plugin) => plugin.type)
    expect(new Set(types).size).toBe(types.length)
    expect(types.length).toBeGreaterThanOrEqual(12)
    for (const plugin of destinationPlugins) {
      expect(plugin.summary.length, plugin.type).toBeGreaterThan(20)
    }
  })

  it('documents every config field of every plugin', () => {
    for (const plugin of destinationPlugins) {
      const shape = (
        plugin.configSchema as unknown as { shape: Record<string, { description?: string }> }
      ).shape
      for (const [key, field] of Object.entries(shape)) {
        expect(field.description, `${plugin.type}.${key}`).toBeTruthy()
      }
    }
  })
})
