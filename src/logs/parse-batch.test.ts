import { describe, expect, it } from 'vitest'
import { parseBatch } from './parse-batch.js'
import { findLogType } from './registry.js'

describe('parseBatch', () => {
  const logType = findLogType('AWS.CloudTrail')
  const context = {
    batchId: 'B1',
    sourceId: 'src',
    sourceLabel: 'Source',
    now: new Date('2026-05-06T07:08:09.010Z'),
  }
  const line = (name: string) =>
    JSON.stringify({
      eventTime: '2026-05-06T01:02:03Z',
      eventName: name,
      eventSource: 'iam.amazonaws.com',
    })

  it('stamps the standard fields with row ids derived from the batch', () => {
    const { events, failures } = parseBatch(logType, [line('A'), 'not json', line('B')], context)
    expect(failures).toHaveLength(1)
    expect(events.map((e) => [e.eventName, e.p_row_id])).toEqual([
      ['A', 'B1-0'],
      ['B', 'B1-1'],
    ])
    expect(events[0]).toMatchObject({
      p_log_type: 'AWS.CloudTrail',
      p_parse_time: '2026-05-06 07:08:09.010',
      p_event_time: '2026-05-06 01:02:03.000',
      p_source_id: 'src',
      p_source_label: 'Source',
    })
  })

  it('gives the same row ids when the same batch is parsed again', () => {
    const once = parseBatch(logType, [line('A'), line('B')], context).events.map((e) => e.p_row_id)
    const twice = parseBatch(logType, [line('A'), line('B')], context).events.map((e) => e.p_row_id)
    expect(twice).toEqual(once)
  })

  it('refuses an unknown log type and names the known ones', () => {
    expect(() => findLogType('AWS.CloudTrial')).toThrow(/Unknown log type "AWS.CloudTrial"/)
  })
})
