import { describe, expect, it } from 'vitest'
import { otlpLogRecords } from './otlp-logs.js'

const cloudTrailLine = JSON.stringify({ eventVersion: '1.09', eventName: 'ConsoleLogin' })

/** What the collector's otlphttp exporter sends for logs read by the filelog receiver. */
const request = {
  resourceLogs: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'edge' } },
          { key: 'host.cpu', value: { intValue: '8' } },
        ],
      },
      scopeLogs: [
        {
          scope: { name: 'filelog', version: '0.1', attributes: [] },
          logRecords: [
            {
              timeUnixNano: '1780000000123456789',
              severityText: 'INFO',
              severityNumber: 9,
              body: { stringValue: cloudTrailLine },
              attributes: [{ key: 'log.file.name', value: { stringValue: 'trail.log' } }],
              traceId: '',
            },
            { body: { stringValue: '<34>Oct 11 22:14:15 mymachine su: failed' } },
            {
              body: {
                kvlistValue: {
                  values: [
                    { key: 'user', value: { stringValue: 'bob' } },
                    { key: 'ok', value: { boolValue: true } },
                    {
                      key: 'tags',
                      value: {
                        arrayValue: { values: [{ stringValue: 'a' }, { doubleValue: 1.5 }] },
                      },
                    },
                  ],
                },
              },
            },
            { severityText: 'WARN', body: { intValue: '42' } },
          ],
        },
      ],
    },
  ],
}

describe('otlpLogRecords', () => {
  it('gives string bodies as they are, maps as objects, other bodies as flattened events', () => {
    const records = otlpLogRecords(JSON.stringify(request), 'body')
    expect(records[0]).toBe(cloudTrailLine)
    expect(records[1]).toBe('<34>Oct 11 22:14:15 mymachine su: failed')
    expect(JSON.parse(records[2] ?? '')).toEqual({ user: 'bob', ok: true, tags: ['a', 1.5] })
    expect(JSON.parse(records[3] ?? '')).toMatchObject({
      severityText: 'WARN',
      body: 42,
      resource: { 'service.name': 'edge', 'host.cpu': 8 },
      scope: { name: 'filelog', version: '0.1' },
    })
  })

  it('flattens every record with its resource and scope attributes in `event` mode', () => {
    const [first] = otlpLogRecords(JSON.stringify(request), 'event')
    expect(JSON.parse(first ?? '')).toEqual({
      time: '2026-05-28T20:26:40.123456789Z',
      observedTime: null,
      severityText: 'INFO',
      severityNumber: 9,
      body: cloudTrailLine,
      attributes: { 'log.file.name': 'trail.log' },
      resource: { 'service.name': 'edge', 'host.cpu': 8 },
      scope: { name: 'filelog', version: '0.1', attributes: {} },
      traceId: null,
      spanId: null,
    })
  })

  it('refuses bodies that are not an ExportLogsServiceRequest', () => {
    expect(() => otlpLogRecords('not json', 'body')).toThrow(/not OTLP\/HTTP JSON/)
    expect(() => otlpLogRecords('{"resourceSpans":[]}', 'body')).toThrow(/no resourceLogs/)
  })
})
