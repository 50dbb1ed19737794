import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../core/index.js'
import { openStore, type Store } from '../../platform/store/index.js'
import { installedPackGroups, loadDetectionSet, packContentDir } from './pack-content.js'
import { createPackService, type PackService } from './pack-service.js'

let dir: string
let store: Store
let packs: PackService
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-packs-'))
  store = await openStore({ kind: 'sqlite', path: join(dir, 'data', 'caracal.db') })
  packs = createPackService({
    db: store.db,
    dataDir: join(dir, 'data'),
    ingestedLogTypes: () => new Set(['Okta.SystemLog']),
  })
})
afterEach(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

async function write(root: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true })
    await writeFile(join(root, name), text)
  }
  return root
}

/** A TypeScript detection in Caracal's format. */
const tsRule = (id: string, logType: string) => `import { defineRule } from 'caracal/sdk'
export default defineRule({
  id: '${id}',
  name: '${id}',
  logTypes: ['${logType}'],
  severity: 'LOW',
  description: 'd',
  runbook: 'r',
  rule: () => true,
  tests: [],
})
`

const pantherRule = (id: string, logType: string) =>
  `AnalysisType: rule\nRuleID: ${id}\nEnabled: true\nFilename: ${id}.py\nLogTypes: [${logType}]\nSeverity: Low\n`

/** A folder in the layout of Panther's detection repository. */
async function pantherRepo(root: string): Promise<string> {
  return write(root, {
    'rules/A.yml': pantherRule('P.Okta.A', 'Okta.SystemLog'),
    'rules/P.Okta.A.py': 'def rule(event):\n    return True\n',
    'rules/B.yml': pantherRule('P.Zoom.B', 'Zoom.Operation'),
    'rules/P.Zoom.B.py': 'def rule(event):\n    return True\n',
    'rules/C.yml': pantherRule('P.Loose.C', 'Box.Event'),
    'rules/P.Loose.C.py': 'def rule(event):\n    return True\n',
    'global_helpers/h.yml': 'AnalysisType: global\nGlobalID: p_helpers\nFilename: h.py\n',
    'global_helpers/h.py': 'X = 1\n',
    'data_models/m.yml':
      'AnalysisType: datamodel\nDataModelID: P.Box\nEnabled: true\nLogTypes: [Box.Event]\n' +
      'Mappings:\n  - Name: source_ip\n    Path: $.ip_address\n',
    'queries/q.yml': 'AnalysisType: saved_query\nQueryName: P Query\nQuery: select 1\n',
    'packs/okta.yml':
      'AnalysisType: pack\nPackID: P.Okta\nDescription: Okta\nPackDefinition:\n  IDs: [P.Okta.A, p_helpers]\n',
    'packs/zoom.yml':
      'AnalysisType: pack\nPackID: P.Zoom\nDisplayName: Zoom\nPackDefinition:\n  IDs: [P.Zoom.B]\n',
  })
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

async function loadedState() {
  const set = await loadDetectionSet(await installedPackGroups(store.db, join(dir, 'data')))
  const all = [...set.typescript.detections, ...set.panther.detections]
  return {
    set,
    enabled: Object.fromEntries(all.map((d) => [d.meta.id, d.meta.enabled])),
  }
}

describe('pack service', () => {
  it('installs a folder of TypeScript detections disabled, with a hashed version', async () => {
    const source = await write(join(dir, 'mine'), {
      'okta.ts': tsRule('Mine.Okta', 'Okta.SystemLog'),
      'zoom/zoom.ts': tsRule('Mine.Zoom', 'Zoom.Operation'),
    })
    const { pack, changed, warnings } = await packs.add(source)
    expect(changed).toBe(true)
    expect(warnings).toEqual([])
    expect(pack).toMatchObject({
      name: 'mine',
      kind: 'folder',
      source,
      enabled: false,
      parent: null,
    })
    expect(pack.version).toMatchObject({ version: 1, gitCommit: null })
    expect(pack.version.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(pack.detections.map((d) => [d.id, d.enabled])).toEqual([
      ['Mine.Okta', false],
      ['Mine.Zoom', false],
    ])
    expect(existsSync(join(packContentDir(join(dir, 'data'), 'mine', 1), 'zoom/zoom.ts'))).toBe(
      true,
    )
  })

  it('warns when enabling detections for log types no source ingests', async () => {
    const source = await write(join(dir, 'mine'), {
      'okta.ts': tsRule('Mine.Okta', 'Okta.SystemLog'),
      'zoom.ts': tsRule('Mine.Zoom', 'Zoom.Operation'),
    })
    await packs.add(source)
    const change = await packs.enable('mine')
    expect(change.pack.enabled).toBe(true)
    expect(change.warnings).toEqual([
      {
        detectionId: 'Mine.Zoom',
        logTypes: ['Zoom.Operation'],
        message: 'Mine.Zoom is enabled for Zoom.Operation, which no configured source ingests',
      },
    ])
    const { set, enabled } = await loadedState()
    expect(enabled).toEqual({ 'Mine.Okta': true, 'Mine.Zoom': true })
    expect(set.packOf.get('Mine.Okta')).toBe('mine')

    const off = await packs.disable('mine', 'Mine.Zoom')
    expect(off.warnings).toEqual([])
    expect((await loadedState()).enabled).toEqual({ 'Mine.Okta': true, 'Mine.Zoom': false })
    await packs.disable('mine')
    const on = await packs.enable('mine', 'Mine.Okta')
    expect(on.warnings).toEqual([])
    expect((await loadedState()).enabled).toEqual({ 'Mine.Okta': true, 'Mine.Zoom': false })
  })

  it('turns the Panther pack definitions of a Panther-layout folder into packs', async () => {
    await pantherRepo(join(dir, 'panther-analysis'))
    const { pack } = await packs.add(join(dir, 'panther-analysis'), { name: 'panther' })
    expect(pack.definitions).toEqual(['P.Okta', 'P.Zoom'])
    expect(pack.detections.map((d) => d.id).sort()).toEqual(['P.Loose.C', 'P.Okta.A', 'P.Zoom.B'])
    const list = await packs.list()
    expect(list.map((p) => [p.name, p.kind, p.parent, p.description])).toEqual([
      ['P.Okta', 'panther-pack', 'panther', 'Okta'],
      ['P.Zoom', 'panther-pack', 'panther', 'Zoom'],
      ['panther', 'folder', null, `folder pack from ${join(dir, 'panther-analysis')}`],
    ])

    // Nothing enabled yet: the pack has no effect, not even through its data models.
    const idle = await loadedState()
    expect(idle.enabled).toEqual({ 'P.Okta.A': false, 'P.Zoom.B': false, 'P.Loose.C': false })
    expect(idle.set.panther.dataModels).toEqual([])

    const zoom = await packs.enable('P.Zoom')
    expect(zoom.pack.detections.map((d) => [d.id, d.enabled])).toEqual([['P.Zoom.B', true]])
    expect(zoom.warnings.map((w) => w.detectionId)).toEqual(['P.Zoom.B'])
    let state = await loadedState()
    expect(state.enabled).toEqual({ 'P.Okta.A': false, 'P.Zoom.B': true, 'P.Loose.C': false })
    // Globals and data models of the pack load with it.
    expect(state.set.panther.globals.map((g) => g.id)).toEqual(['p_helpers'])
    expect(state.set.panther.dataModels.map((m) => m.id)).toEqual(['P.Box'])
    expect(state.set.panther.errors).toEqual([])

    // The installed pack governs detections no definition lists.
    await packs.enable('panther')
    state = await loadedState()
    expect(state.enabled).toEqual({ 'P.Okta.A': false, 'P.Zoom.B': true, 'P.Loose.C': true })
    await packs.disable('P.Zoom')
    await packs.enable('P.Okta')
    state = await loadedState()
    expect(state.enabled).toEqual({ 'P.Okta.A': true, 'P.Zoom.B': false, 'P.Loose.C': true })

    const err = await failure(packs.remove('P.Okta'))
    expect(err.code).toBe('CONFLICT')
    await packs.remove('panther')
    expect(await packs.list()).toEqual([])
    expect(existsSync(join(dir, 'data', 'packs', 'panther'))).toBe(false)
    expect((await loadedState()).enabled).toEqual({})
  })

  it('records every update as a new version and keeps only the current content', async () => {
    const source = await write(join(dir, 'mine'), {
      'okta.ts': tsRule('Mine.Okta', 'Okta.SystemLog'),
    })
    const first = await packs.add(source)
    await packs.enable('mine')
    await write(source, { 'more.ts': tsRule('Mine.More', 'Okta.SystemLog') })
    const [second] = await packs.update('mine')
    expect(second?.changed).toBe(true)
    expect(second?.pack.version.version).toBe(2)
    expect(second?.pack.version.contentHash).not.toBe(first.pack.version.contentHash)
    expect(second?.pack.detections.map((d) => [d.id, d.enabled])).toEqual([
      ['Mine.More', true],
      ['Mine.Okta', true],
    ])
    expect(existsSync(packContentDir(join(dir, 'data'), 'mine', 1))).toBe(false)
    const [third] = await packs.update()
    expect(third?.changed).toBe(false)
    expect(third?.pack.versions.map((v) => v.version)).toEqual([1, 2, 3])
  })

  it('refuses clashing names, unknown packs and sources without detections', async () => {
    const source = await write(join(dir, 'mine'), {
      'okta.ts': tsRule('Mine.Okta', 'Okta.SystemLog'),
    })
    await packs.add(source)
    expect((await failure(packs.add(source))).code).toBe('CONFLICT')
    expect((await failure(packs.enable('nope'))).code).toBe('NOT_FOUND')
    expect((await failure(packs.enable('mine', 'No.Such'))).code).toBe('NOT_FOUND')
    await write(join(dir, 'empty'), { 'README.md': '# nothing\n' })
    const empty = await failure(packs.add(join(dir, 'empty')))
    expect(empty.code).toBe('PACK_INVALID')
    expect(empty.message).toContain('holds no detection')
    expect((await failure(packs.add(join(dir, 'missing')))).code).toBe('PACK_INVALID')
    expect((await failure(packs.add(source, { name: '../x' }))).code).toBe('VALIDATION_FAILED')
    await write(join(dir, 'linked'), { 'okta.ts': tsRule('Linked.Okta', 'Okta.SystemLog') })
    await symlink('/etc/hostname', join(dir, 'linked', 'secret.yml'))
    const linked = await failure(packs.add(join(dir, 'linked')))
    expect(linked.message).toContain('secret.yml is a symbolic link')
    expect(await readdir(join(dir, 'data', 'packs'))).toEqual(['mine'])
  })

  it('reports a pack detection whose id is already loaded, and keeps the first', async () => {
    const builtin = await write(join(dir, 'builtin'), {
      'a.ts': tsRule('Same.Id', 'Okta.SystemLog'),
    })
    const source = await write(join(dir, 'mine'), { 'a.ts': tsRule('Same.Id', 'Zoom.Operation') })
    await packs.add(source)
    const set = await loadDetectionSet([
      { pack: 'builtin', dirs: [builtin] },
      ...(await installedPackGroups(store.db, join(dir, 'data'))),
    ])
    expect(set.typescript.detections.map((d) => d.meta.logTypes)).toEqual([['Okta.SystemLog']])
    expect(set.packOf.get('Same.Id')).toBe('builtin')
    expect(set.typescript.errors).toHaveLength(1)
    expect(set.typescript.errors[0]?.message).toContain("duplicate detection id 'Same.Id'")
  })
})
