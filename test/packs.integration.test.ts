import { execFile } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pack, PackChange } from '../src/contract/index.js'
import { tempDir } from './helpers/temp-dir.js'
import { runCli } from './helpers/cli.js'

const run = promisify(execFile)

/** Packs installed, updated, enabled and removed through the real CLI, from sources made here. */
// Each CLI run starts Node with tsx; on a busy machine a few runs take longer than the default.
describe('caracal packs', { timeout: 180_000 }, () => {
  const dir = tempDir('packs-cli')
  const data = join(dir.path, 'data')
  const config = join(dir.path, 'caracal.yml')

  const caracal = (args: string[]) =>
    runCli(['--config', config, '--data', data, ...args], {
      env: { CARACAL_DETECTIONS__WORKERS: '1' },
    })
  async function json<T>(args: string[]): Promise<T> {
    const { code, stdout, stderr } = await caracal([...args, '--json'])
    expect(code, stderr).toBe(0)
    return JSON.parse(stdout) as T
  }
  function write(base: string, files: Record<string, string>): string {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(base, name)), { recursive: true })
      writeFileSync(join(base, name), text)
    }
    return base
  }
  const git = (cwd: string, ...args: string[]) =>
    run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd })

  const tsRule = (id: string, logType: string) => `import { defineRule } from 'caracal/sdk'
export default defineRule({
  id: '${id}',
  name: '${id} rule',
  logTypes: ['${logType}'],
  severity: 'MEDIUM',
  description: 'Test detection.',
  runbook: 'Nothing to do.',
  rule: (event) => event.eventType === 'user.session.start',
  tests: [],
})
`
  const pantherRule = (id: string, logType: string, file: string) =>
    `AnalysisType: rule\nRuleID: ${id}\nDisplayName: ${id}\nEnabled: true\nFilename: ${file}\n` +
    `LogTypes: [${logType}]\nSeverity: High\n`

  beforeAll(async () => {
    // Only Okta is ingested: enabling a Zoom detection must be reported.
    writeFileSync(config, 'sources:\n  okta:\n    type: http\n    logType: Okta.SystemLog\n')
    write(join(dir.path, 'folder-pack'), { 'okta.ts': tsRule('Folder.Okta', 'Okta.SystemLog') })
    // A zip as GitHub makes them: everything below one top folder.
    const zip = zipSync({
      'zip-pack-main/rules/zoom.ts': strToU8(tsRule('Zip.Zoom', 'Zoom.Operation')),
      'zip-pack-main/README.md': strToU8('# zip pack\n'),
    })
    writeFileSync(join(dir.path, 'zip-pack.zip'), zip)
    write(join(dir.path, 'evil.zip.d'), {})
    writeFileSync(join(dir.path, 'evil.zip'), zipSync({ '../escape.ts': strToU8('x') }))
    // A git pack: a work tree pushed to a bare repository, cloned over file://.
    const work = write(join(dir.path, 'git-work'), {
      'okta.ts': tsRule('Git.Okta', 'Okta.SystemLog'),
    })
    await git(work, 'init', '--quiet', '--initial-branch=main')
    await git(work, 'add', '.')
    await git(work, 'commit', '--quiet', '-m', 'first')
    await git(dir.path, 'clone', '--quiet', '--bare', work, join(dir.path, 'repo.git'))
    await git(work, 'remote', 'add', 'origin', join(dir.path, 'repo.git'))
    // A folder in the layout of Panther's detection repository.
    write(join(dir.path, 'panther-analysis'), {
      'rules/okta_rules/okta_login_failed.yml':
        pantherRule('PA.Okta.LoginFailed', 'Okta.SystemLog', 'okta_login_failed.py') +
        'Tests:\n  - Name: failed\n    ExpectedResult: true\n    Log: {eventType: user.session.start, outcome: {result: FAILURE}, p_log_type: Okta.SystemLog}\n',
      'rules/okta_rules/okta_login_failed.py':
        'from pa_helpers import failed\n\ndef rule(event):\n    return failed(event)\n\n' +
        "def title(event):\n    return f\"login failed for {event.udm('actor_user')} from {event.udm('source_ip')}\"\n",
      'rules/zoom_rules/zoom_deleted.yml': pantherRule(
        'PA.Zoom.Deleted',
        'Zoom.Operation',
        'zoom_deleted.py',
      ),
      'rules/zoom_rules/zoom_deleted.py':
        'def rule(event):\n    return event.get("action") == "Delete"\n',
      'global_helpers/pa_helpers.yml':
        'AnalysisType: global\nGlobalID: pa_helpers\nFilename: pa_helpers.py\n',
      'global_helpers/pa_helpers.py':
        'def failed(event):\n    return event.deep_get("outcome", "result") == "FAILURE"\n',
      'data_models/okta_data_model.yml':
        'AnalysisType: datamodel\nDataModelID: PA.Okta.SystemLog\nEnabled: true\nLogTypes: [Okta.SystemLog]\n' +
        'Mappings:\n  - Name: actor_user\n    Path: $.actor.alternateId\n  - Name: source_ip\n    Path: $.client.ipAddress\n',
      'queries/okta_query.yml':
        'AnalysisType: saved_query\nQueryName: Okta logins\nQuery: select 1\n',
      'packs/okta.yml':
        'AnalysisType: pack\nPackID: PA.Okta\nDescription: Okta pack\nPackDefinition:\n  IDs: [PA.Okta.LoginFailed, pa_helpers, PA.Okta.SystemLog]\n',
      'packs/zoom.yml':
        'AnalysisType: pack\nPackID: PA.Zoom\nDescription: Zoom pack\nPackDefinition:\n  IDs: [PA.Zoom.Deleted]\n',
    })
  }, 60_000)
  afterAll(() => {
    dir.remove()
  })

  it('installs a folder, a zip and a git repository, disabled, with versions', async () => {
    const folder = await json<PackChange>(['packs', 'add', join(dir.path, 'folder-pack')])
    expect(folder.pack).toMatchObject({ name: 'folder-pack', kind: 'folder', enabled: false })
    const zip = await json<PackChange>([
      'packs',
      'add',
      join(dir.path, 'zip-pack.zip'),
      '--name',
      'zipped',
    ])
    expect(zip.pack).toMatchObject({ name: 'zipped', kind: 'zip' })
    expect(zip.pack.detections.map((d) => d.id)).toEqual(['Zip.Zoom'])
    const gitUrl = `file://${join(dir.path, 'repo.git')}`
    const fromGit = await json<PackChange>(['packs', 'add', gitUrl])
    expect(fromGit.pack).toMatchObject({ name: 'repo', kind: 'git', source: gitUrl })
    const { stdout: head } = await git(join(dir.path, 'git-work'), 'rev-parse', 'HEAD')
    expect(fromGit.pack.version.gitCommit).toBe(head.trim())

    const { packs } = await json<{ packs: Pack[] }>(['packs', 'list'])
    expect(packs.map((p) => [p.name, p.enabled, p.version.version])).toEqual([
      ['folder-pack', false, 1],
      ['repo', false, 1],
      ['zipped', false, 1],
    ])
    const text = await caracal(['packs', 'list'])
    expect(text.stdout).toContain('zipped  disabled  zip  v1  sha256:')
  })

  it('refuses zip-slip archives with a clear error', async () => {
    const { code, stderr } = await caracal(['packs', 'add', join(dir.path, 'evil.zip')])
    expect(code).not.toBe(0)
    expect(stderr).toContain('PACK_INVALID')
    expect(stderr).toContain('"../escape.ts" climbs out of the archive')
  })

  it('updates a git pack to a new commit as a new version', async () => {
    const work = join(dir.path, 'git-work')
    write(work, { 'more.ts': tsRule('Git.More', 'Okta.SystemLog') })
    await git(work, 'add', '.')
    await git(work, 'commit', '--quiet', '-m', 'second')
    await git(work, 'push', '--quiet', 'origin', 'main')
    const { stdout: head } = await git(work, 'rev-parse', 'HEAD')
    const { changes } = await json<{ changes: PackChange[] }>(['packs', 'update', 'repo'])
    const change = changes[0]
    expect(change?.changed).toBe(true)
    expect(change?.pack.version).toMatchObject({ version: 2, gitCommit: head.trim() })
    expect(change?.pack.detections.map((d) => d.id)).toEqual(['Git.More', 'Git.Okta'])
  })

  it('warns when enabling detections for log types without a source, and disables per detection', async () => {
    const zoom = await caracal(['packs', 'enable', 'zipped'])
    expect(zoom.code).toBe(0)
    expect(zoom.stderr).toContain(
      'warning: Zip.Zoom is enabled for Zoom.Operation, which no configured source ingests',
    )
    const okta = await caracal(['packs', 'enable', 'folder-pack'])
    expect(okta.stderr).not.toContain('warning:')
    const off = await json<PackChange>(['packs', 'disable', 'zipped', '--detection', 'Zip.Zoom'])
    expect(off.pack.enabled).toBe(true)
    expect(off.pack.detections).toMatchObject([{ id: 'Zip.Zoom', enabled: false }])

    const { detections } = await json<{
      detections: { id: string; pack: string | null; enabled: boolean }[]
    }>(['detections'])
    const byId = new Map(detections.map((d) => [d.id, d]))
    expect(byId.get('Folder.Okta')).toMatchObject({ pack: 'folder-pack', enabled: true })
    expect(byId.get('Zip.Zoom')).toMatchObject({ pack: 'zipped', enabled: false })
    expect(byId.get('Git.Okta')).toMatchObject({ pack: 'repo', enabled: false })
    expect(byId.get('AWS.Root.Activity')).toMatchObject({ pack: 'builtin', enabled: true })
    const text = await caracal(['detections'])
    expect(text.stdout).toMatch(/Folder\.Okta {2}\[Okta\.SystemLog\].*pack:folder-pack/)
  })

  it('installs a Panther-layout folder whose pack definitions become packs that run', async () => {
    const added = await json<PackChange>([
      'packs',
      'add',
      join(dir.path, 'panther-analysis'),
      '--name',
      'pa',
    ])
    expect(added.pack.definitions).toEqual(['PA.Okta', 'PA.Zoom'])
    expect(added.loadErrors).toEqual([])
    const zoom = await caracal(['packs', 'enable', 'PA.Zoom'])
    expect(zoom.stderr).toContain('warning: PA.Zoom.Deleted is enabled for Zoom.Operation')
    const okta = await json<PackChange>(['packs', 'enable', 'PA.Okta'])
    expect(okta.warnings).toEqual([])
    expect(okta.pack.detections).toMatchObject([{ id: 'PA.Okta.LoginFailed', enabled: true }])
    await caracal(['packs', 'disable', 'PA.Zoom'])

    // The pack's rule runs in the pipeline with its global helper and its data model.
    const events = join(dir.path, 'okta.jsonl')
    writeFileSync(
      events,
      `${JSON.stringify({
        uuid: 'b1c2',
        published: '2024-05-02T09:14:03.112Z',
        eventType: 'user.session.start',
        version: '0',
        severity: 'INFO',
        outcome: { result: 'FAILURE' },
        actor: { id: '00u1', type: 'User', alternateId: 'bob@example.com' },
        client: { ipAddress: '203.0.113.66' },
      })}\n`,
    )
    const ingest = await caracal(['ingest', '--log-type', 'Okta.SystemLog', events])
    expect(ingest.code, ingest.stderr).toBe(0)
    const alerts = await caracal(['alerts'])
    expect(alerts.stdout).toContain('PA.Okta.LoginFailed')
    expect(alerts.stdout).toContain('login failed for bob@example.com from 203.0.113.66')
    // Disabled ones do not run: the Zoom pack and the folder pack's Okta rule.
    expect(alerts.stdout).toContain('Folder.Okta')
    expect(alerts.stdout).not.toContain('PA.Zoom.Deleted')
  })

  it('removes packs and their content', async () => {
    const child = await caracal(['packs', 'remove', 'PA.Okta'])
    expect(child.code).not.toBe(0)
    expect(child.stderr).toContain('is a Panther pack inside pa')
    for (const name of ['pa', 'zipped', 'repo', 'folder-pack']) {
      const { code, stderr } = await caracal(['packs', 'remove', name])
      expect(code, stderr).toBe(0)
    }
    const { packs } = await json<{ packs: Pack[] }>(['packs', 'list'])
    expect(packs).toEqual([])
    const missing = await caracal(['packs', 'enable', 'pa'])
    expect(missing.stderr).toContain('No pack named pa is installed')
  })
})
