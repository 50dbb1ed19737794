import { describe, expect, it } from 'vitest'
import { readSchema } from './load-schema.js'
import { schemaEvolutionIssues } from './schema-evolution.js'
import type { SchemaSpec } from './schema-spec.js'

function spec(yaml: string): SchemaSpec {
  const read = readSchema(yaml, 'test.yml')
  if (!read.ok) throw new Error(JSON.stringify(read.errors))
  return read.spec
}

const accepted = spec(`schema: Custom.Door
fields:
  - name: ts
    type: timestamp
    timeFormat: unix
    isEventTime: true
  - name: door
    type: string
  - name: badge
    type: object
    fields:
      - name: holder
        type: string
      - name: id
        type: bigint
  - name: tags
    type: array
    element:
      type: string
  - name: count
    type: smallint
  - name: reader
    type: ref
    target: Reader
definitions:
  Reader:
    type: object
    fields:
      - name: ip
        type: string
`)

describe('schemaEvolutionIssues', () => {
  it('accepts the same schema and one that only adds fields, top level and nested', () => {
    expect(schemaEvolutionIssues(accepted, accepted)).toEqual([])
    const grown = spec(`schema: Custom.Door
fields:
  - name: ts
    type: timestamp
    timeFormats: [rfc3339, unix]
    isEventTime: true
    required: true
  - name: door
    type: string
    indicators: [hostname]
  - name: floor
    type: int
  - name: count
    type: bigint
  - name: badge
    type: object
    fields:
      - name: id
        type: bigint
      - name: holder
        type: string
      - name: team
        type: string
  - name: tags
    type: array
    element:
      type: string
  - name: reader
    type: object
    fields:
      - name: ip
        type: string
      - name: model
        type: string
`)
    expect(schemaEvolutionIssues(accepted, grown)).toEqual([])
  })

  it('reports every removed and retyped field with its path, nested and in arrays', () => {
    const broken = spec(`schema: Custom.Door
fields:
  - name: ts
    type: string
  - name: badge
    type: object
    fields:
      - name: id
        type: string
  - name: tags
    type: array
    element:
      type: int
  - name: count
    type: smallint
  - name: reader
    type: ref
    target: Reader
definitions:
  Reader:
    type: object
    fields:
      - name: address
        type: string
`)
    expect(schemaEvolutionIssues(accepted, broken)).toEqual([
      {
        path: 'ts',
        kind: 'retyped',
        message: 'field ts changed type from timestamp to string',
        at: ['fields', 0, 'type'],
      },
      { path: 'door', kind: 'removed', message: 'field door was removed', at: ['fields'] },
      {
        path: 'badge.holder',
        kind: 'removed',
        message: 'field badge.holder was removed',
        at: ['fields', 1, 'fields'],
      },
      {
        path: 'badge.id',
        kind: 'retyped',
        message: 'field badge.id changed type from bigint to string',
        at: ['fields', 1, 'fields', 0, 'type'],
      },
      {
        path: 'tags[]',
        kind: 'retyped',
        message: 'field tags[] changed type from string to int',
        at: ['fields', 2, 'element', 'type'],
      },
      {
        path: 'reader.ip',
        kind: 'removed',
        message: 'field reader.ip was removed',
        at: ['definitions', 'Reader', 'fields'],
      },
    ])
  })

  it('treats an object turned into json (or back) as a retype', () => {
    const loose = spec(`schema: Custom.Door
fields:
  - name: ts
    type: timestamp
    timeFormat: unix
  - name: door
    type: string
  - name: badge
    type: json
  - name: tags
    type: array
    element:
      type: string
  - name: count
    type: bigint
  - name: reader
    type: ref
    target: Reader
definitions:
  Reader:
    type: object
    fields:
      - name: ip
        type: string
`)
    expect(schemaEvolutionIssues(accepted, loose).map((i) => i.path)).toEqual(['badge'])
    // bigint back to smallint narrows: values stored before may no longer parse.
    expect(schemaEvolutionIssues(loose, accepted).map((i) => i.message)).toEqual([
      'field badge changed type from json to object',
      'field count changed type from bigint to smallint',
    ])
  })
})
