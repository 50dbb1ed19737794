import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../core/index.js'
import { openStore, type Store } from '../platform/store/index.js'
import { CustomSchemas } from './custom-schemas.js'
import { loadLogTypes } from './registry.js'
import { StoreSchemaVersions } from './schema-versions.js'

const schema = (name: string, fields: Record<string, string>) =>
  `schema: ${name}\nfields:\n${Object.entries(fields)
    .map(([field, type]) => `  - name: ${field}\n    type: ${type}\n`)
    .join('')}`

describe('CustomSchemas', () => {
  let dir: string
  let store: Store
  let versions: StoreSchemaVersions
  const at = new Date('2026-01-01T00:00:00Z')

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caracal-custom-schemas-'))
    store = await openStore({ kind: 'sqlite', path: ':memory:' })
    versions = new StoreSchemaVersions(store.db)
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Writes the folder's schema files, then loads and reconciles them as a start does. */
  const start = async (files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
    const registry = loadLogTypes([dir], { builtin: false })
    const custom = new CustomSchemas({ registry, store: versions, now: () => at })
    return { registry, custom, problems: await custom.reconcile() }
  }

  it('stores a new folder schema as version 1, an identical one never again, an addition as 2', async () => {
    const v1 = schema('Custom.Alpha', { a: 'string' })
    await start({ 'a.yml': v1 })
    await start({ 'a.yml': v1 })
    expect(await versions.versions('Custom.Alpha')).toEqual([
      { name: 'Custom.Alpha', version: 1, schema: v1, createdAt: at.toISOString() },
    ])
    const v2 = schema('Custom.Alpha', { a: 'string', b: 'int' })
    const { registry, problems } = await start({ 'a.yml': v2 })
    expect(problems).toEqual([])
    expect((await versions.versions('Custom.Alpha')).map((v) => v.schema)).toEqual([v1, v2])
    expect(registry.find('Custom.Alpha').spec.fields.map((f) => f.name)).toEqual(['a', 'b'])
  })

  it('keeps the accepted version of a folder schema that removes or retypes fields', async () => {
    await start({ 'a.yml': schema('Custom.Alpha', { a: 'string', b: 'int' }) })
    const { registry, problems } = await start({ 'a.yml': schema('Custom.Alpha', { b: 'string' }) })
    expect(problems).toEqual([
      {
        logType: 'Custom.Alpha',
        file: join(dir, 'a.yml'),
        keptVersion: 1,
        issues: [
          expect.objectContaining({ path: 'a', kind: 'removed' }),
          expect.objectContaining({ path: 'b', kind: 'retyped' }),
        ],
      },
    ])
    expect(registry.find('Custom.Alpha').spec.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'a:string',
      'b:int',
    ])
    // `a` was dropped from the top-level `fields` (line 2); `b`'s type is on line 4.
    expect(registry.errors.map((e) => `${e.file}:${e.line}: ${e.path}`)).toEqual([
      `${join(dir, 'a.yml')}:2: a`,
      `${join(dir, 'a.yml')}:4: b`,
    ])
    expect(await versions.versions('Custom.Alpha')).toHaveLength(1)
  })

  it('keeps the accepted version of a folder schema that no longer loads', async () => {
    await start({ 'a.yml': schema('Custom.Alpha', { a: 'string' }) })
    const { registry } = await start({ 'a.yml': schema('Custom.Alpha', { a: 'wibble' }) })
    expect(registry.errors).toHaveLength(1)
    expect(registry.find('Custom.Alpha').spec.fields[0]?.type).toBe('string')
  })

  it('puts API schemas live, bumping the registry revision, and refuses incompatible ones', async () => {
    const { registry, custom } = await start({})
    const change = await custom.put('Custom.Beta', schema('Custom.Beta', { x: 'string' }))
    expect(change).toMatchObject({ created: true, version: { version: 1 } })
    expect(registry.revision).toBe(1)
    expect(registry.find('Custom.Beta').columns.map((c) => c.name)).toContain('x')
    const refused = await custom
      .put('Custom.Beta', schema('Custom.Beta', { x: 'int' }))
      .catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).code).toBe('SCHEMA_INCOMPATIBLE')
    expect(registry.find('Custom.Beta').spec.fields[0]?.type).toBe('string')
    const misnamed = await custom
      .put('Custom.Beta', schema('Custom.Gamma', { x: 'string' }))
      .catch((err: unknown) => err)
    expect((misnamed as AppError).code).toBe('SCHEMA_INVALID')
    const builtin = await custom
      .put('AWS.CloudTrail', schema('AWS.CloudTrail', { x: 'string' }))
      .catch((err: unknown) => err)
    expect((builtin as AppError).code).toBe('SCHEMA_INVALID')
    // After a restart the API schema is registered from the store.
    const again = await start({})
    expect(again.registry.find('Custom.Beta').spec.fields[0]?.name).toBe('x')
  })
})
