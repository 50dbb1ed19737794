import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { builtinLogTypes, findLogType, loadLogTypes } from './registry.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'caracal-schemas-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

const good = (name: string) =>
  `schema: ${name}\nfields:\n  - { name: msg, type: string, required: true }\n`

describe('log type registry', () => {
  it('loads every built-in schema without an error', () => {
    expect(builtinLogTypes().errors).toEqual([])
    expect(
      builtinLogTypes()
        .list()
        .map((t) => t.name),
    ).toContain('AWS.CloudTrail')
    expect(findLogType('Okta.SystemLog').name).toBe('Okta.SystemLog')
  })

  it('loads custom schemas beside the built-in ones; a broken file never stops the others', () => {
    const dir = folderWith({
      'a-good.yml': good('Custom.Good'),
      'b-broken.yml': 'schema: Custom.Broken\nfields:\n  - name: x\n    type: nope\n',
      'nested/c-also-good.yaml': good('Custom.Nested'),
      'd-not-custom.yml': good('Vendor.Thing'),
      'e-builtin.yml': good('Custom.Good'),
      'notes.txt': 'ignored',
    })
    const registry = loadLogTypes([dir])
    const custom = registry.list().filter((t) => t.name.startsWith('Custom.'))
    expect(custom.map((t) => t.name)).toEqual(['Custom.Good', 'Custom.Nested'])
    expect(registry.find('AWS.CloudTrail').name).toBe('AWS.CloudTrail')
    expect(registry.errors.map((e) => [e.file.slice(dir.length + 1), e.line, e.message])).toEqual([
      ['b-broken.yml', 4, expect.stringMatching(/^expected one of "string"/) as unknown],
      [
        'd-not-custom.yml',
        1,
        "a custom log type's name must start with Custom. (got Vendor.Thing)",
      ],
      [
        'e-builtin.yml',
        1,
        expect.stringMatching(/^log type Custom.Good is already defined in /) as unknown,
      ],
    ])
    expect(registry.find('Custom.Good').parse('{"msg":"hi"}').events[0]?.msg).toBe('hi')
  })

  it('loads custom schemas alone when asked', () => {
    const dir = folderWith({ 'x.yml': good('Custom.Shadow') })
    const registry = loadLogTypes([dir], { builtin: false })
    expect(registry.list().map((t) => t.name)).toEqual(['Custom.Shadow'])
    expect(() => registry.find('AWS.CloudTrail')).toThrow(/Unknown log type "AWS.CloudTrail"/)
  })
})
