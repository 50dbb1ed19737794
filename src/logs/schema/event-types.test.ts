import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { sdkTypes, sdkTypesFile } from '../../../scripts/generate-sdk-types.js'
import { compileSchema, type SchemaLogType } from './compile-schema.js'
import { eventTypeName, renderEventTypes } from './event-types.js'
import { readSchema } from './load-schema.js'

const regenerate = 'stale: run `npx tsx scripts/generate-sdk-types.ts`'

function logType(yaml: string): SchemaLogType {
  const read = readSchema(yaml, 'test.yml')
  if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('; '))
  return compileSchema(read.spec)
}

const example = logType(`
schema: Custom.Example
description: An example with every kind of field.
definitions:
  peer:
    type: object
    fields:
      - name: ip
        type: string
        indicators: [ip]
fields:
  - name: when
    type: timestamp
    timeFormat: rfc3339
    isEventTime: true
    required: true
    description: When it happened. Never */ ends the comment.
  - name: id.orig_h
    type: string
  - name: count
    type: bigint
  - name: ratio
    type: float
  - name: ok
    type: boolean
  - name: level
    type: string
    validate: { allow: [low, high] }
  - name: peers
    type: array
    element: { type: ref, target: peer }
  - name: tags
    type: array
    element: { type: string }
  - name: extra
    type: json
  - name: user
    type: object
    fields:
      - name: email
        type: string
        required: true
        indicators: [email]
`)

describe('renderEventTypes', () => {
  const text = renderEventTypes([example])

  it('types every field from the schema, optional and nullable unless required', () => {
    expect(text).toContain('export interface CustomExampleEvent {')
    expect(text).toContain('  when: Timestamp\n')
    expect(text).toContain('  "id.orig_h"?: string | null\n')
    expect(text).toContain('  count?: number | null\n')
    expect(text).toContain('  ratio?: number | null\n')
    expect(text).toContain('  ok?: boolean | null\n')
    expect(text).toContain('  level?: "low" | "high" | null\n')
    expect(text).toContain('  tags?: (string | null)[] | null\n')
    expect(text).toContain('  extra?: JsonValue\n')
    expect(text).toMatch(
      / {2}peers\?: \(\{\n {4}ip\?: string \| null\n {2}\} \| null\)\[\] \| null/,
    )
    expect(text).toMatch(/ {2}user\?: \{\n {4}email: string\n {2}\} \| null/)
  })

  it('adds the standard fields, with p_log_type as a literal and only the p_any_* it fills', () => {
    expect(text).toContain('  p_log_type: "Custom.Example"\n')
    for (const field of ['p_row_id: string', 'p_event_time: Timestamp', 'p_source_label: string']) {
      expect(text).toContain(`  ${field}\n`)
    }
    expect(text).toContain('  p_any_ip_addresses?: string[] | null\n')
    expect(text).toContain('  p_any_emails?: string[] | null\n')
    expect(text).not.toContain('p_any_domain_names')
  })

  it('leaves out a schema field that a standard field overwrites', () => {
    // The loader refuses p_* names; a schema compiled directly may still have one.
    const spec = { schema: 'Custom.P', fields: [{ name: 'p_log_type', type: 'string' as const }] }
    const rendered = renderEventTypes([compileSchema(spec)])
    expect(rendered.match(/p_log_type\??:/g)).toHaveLength(1)
    expect(rendered).toContain('  p_log_type: "Custom.P"\n')
  })

  it('keeps descriptions as JSDoc that a description cannot close early', () => {
    expect(text).toContain('/** When it happened. Never *\\/ ends the comment. */\n  when:')
    expect(text).toContain(' * An example with every kind of field.\n')
  })

  it('maps log type names to their interfaces, sorted, whatever the input order', () => {
    const other = logType('schema: AWS.Thing\nfields: [{ name: a, type: string }]\n')
    const both = renderEventTypes([example, other])
    expect(both).toBe(renderEventTypes([other, example]))
    expect(both).toMatch(
      /export interface LogTypeEvents \{\n {2}"AWS.Thing": AWSThingEvent\n {2}"Custom.Example": CustomExampleEvent\n\}/,
    )
  })

  it('gives clashing names a separator', () => {
    const a = logType('schema: Ab.CDe\nfields: [{ name: a, type: string }]\n')
    const b = logType('schema: AbC.De\nfields: [{ name: a, type: string }]\n')
    expect(eventTypeName('Ab.CDe')).toBe('AbCDeEvent')
    expect(eventTypeName('AbC.De')).toBe('AbCDeEvent')
    const both = renderEventTypes([a, b])
    expect(both).toContain('"Ab.CDe": Ab_CDeEvent')
    expect(both).toContain('"AbC.De": AbC_DeEvent')
  })

  it('produces TypeScript without syntax errors', () => {
    const out = ts.transpileModule(text, { reportDiagnostics: true })
    expect(out.diagnostics?.map((d) => d.messageText)).toEqual([])
  })
})

describe('src/sdk/log-types.generated.ts', () => {
  it('matches what the schemas generate', async () => {
    expect(readFileSync(sdkTypesFile, 'utf8'), regenerate).toBe(await sdkTypes())
  })
})
