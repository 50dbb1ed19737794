import { describe, expect, it } from 'vitest'
import { formatSchemaError, readSchema } from './load-schema.js'

/** The errors of a schema text as `line: path: message`, for compact assertions. */
function errorsOf(text: string): string[] {
  const read = readSchema(text, 'my.yml')
  if (read.ok) return []
  return read.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`)
}

describe('readSchema', () => {
  it('accepts a valid schema', () => {
    const read = readSchema(
      'schema: Custom.Ok\nfields:\n  - name: t\n    type: timestamp\n    timeFormat: rfc3339\n',
      'ok.yml',
    )
    expect(read.ok && read.spec.fields[0]?.name).toBe('t')
  })

  it('reports each problem with its line, path and what is expected', () => {
    const text = [
      'schema: custom.lower', // 1
      'fields:', // 2
      '  - name: time', // 3
      '    type: timestamp', // 4
      '    isEventtime: true', // 5
      '  - name: n', // 6
      '    type: integer', // 7
    ].join('\n')
    expect(errorsOf(text)).toEqual([
      '1: schema: expected a name such as Custom.MyLogs (dot-separated words, each starting with a capital letter)',
      '5: fields[0].isEventtime: unknown key isEventtime',
      expect.stringMatching(/^7: fields\[1\]\.type: expected one of "string", "int", .*"ref"$/),
    ])
  })

  it('checks what only makes sense together, pointing at the key', () => {
    const text = [
      'schema: Custom.Sense', // 1
      'fields:', // 2
      '  - name: when', // 3
      '    type: timestamp', // 4
      '  - name: obj', // 5
      '    type: object', // 6
      '  - name: list', // 7
      '    type: array', // 8
      '  - name: r', // 9
      '    type: ref', // 10
      '    target: nowhere', // 11
      '  - name: s', // 12
      '    type: string', // 13
      '    timeFormat: "%Q"', // 14
      '  - name: s', // 15
      '    type: int', // 16
      '    indicators: [ip]', // 17
    ].join('\n')
    expect(errorsOf(text)).toEqual([
      '3: fields[0].timeFormat: a timestamp needs timeFormat (rfc3339, unix, unix_ms, … or strftime)',
      '5: fields[1].fields: an object needs fields (use type json for free-form objects)',
      '7: fields[2].element: an array needs an element type',
      '11: fields[3].target: no definition named nowhere (definitions: none)',
      '14: fields[4].timeFormat: timeFormat applies only to type timestamp, not string',
      '15: fields[5].name: duplicate field name s',
      '17: fields[5].indicators: indicators applies only to type string or json, not int',
    ])
  })

  it('checks transformations: mask only on strings, a rename that clashes with a field', () => {
    const text = [
      'schema: Custom.Masked', // 1
      'fields:', // 2
      '  - { name: a, type: int, mask: { type: redact } }', // 3
      '  - { name: b, type: string, mask: { type: redact, salt: x } }', // 4
      '  - { name: c, type: string, rename: { from: a } }', // 5
      '  - { name: d, type: string, split: { from: c, separator: "" , index: 0 } }', // 6
    ].join('\n')
    expect(errorsOf(text)).toEqual([
      '6: fields[3].split.separator: Too small: expected string to have >=1 characters',
    ])
    expect(errorsOf(text.split('\n').slice(0, 5).join('\n'))).toEqual([
      '3: fields[0].mask: mask applies only to type string, not int',
      '4: fields[1].mask.salt: salt applies only to mask type hash',
      '5: fields[2].rename.from: a is already a field name',
    ])
  })

  it('finds circular refs and bad YAML', () => {
    const cyclic =
      'schema: Custom.Cyclic\ndefinitions:\n  a: { type: ref, target: a }\nfields:\n  - { name: x, type: ref, target: a }\n'
    expect(errorsOf(cyclic)[0]).toBe('3: definitions.a: circular ref: a → a')
    expect(errorsOf('schema: Custom.Yaml\nfields: [\n')[0]).toMatch(/^3: : /)
  })

  it('formats errors the way editors link them', () => {
    const read = readSchema('schema: Custom.Empty\nfields: []\n', 'dir/x.yml')
    expect(read.ok ? [] : read.errors.map(formatSchemaError)).toEqual([
      'dir/x.yml:2:1: fields: a schema needs at least one field',
    ])
  })
})
