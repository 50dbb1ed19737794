import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadPantherContent } from './index.js'

const fixtures = fileURLToPath(new URL('../../../test/fixtures/panther-content/', import.meta.url))

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-panther-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), text)
  }
}

const py = 'def rule(event):\n    return True\n'
const rule = (extra: string): string =>
  `AnalysisType: rule\nRuleID: R.Good\nEnabled: true\nFilename: r.py\nLogTypes: [L]\nSeverity: Low\n${extra}`

describe('loadPantherContent', () => {
  it('loads the fixture content: rules, globals, data models and inert items', async () => {
    const content = await loadPantherContent([fixtures])
    expect(content.errors).toEqual([])
    expect(content.detections.map((d) => d.meta.id).sort()).toContain('Fixture.CaseInsensitive')
    // 21 rules and 2 policies; the scheduled query is inert (see test/fixtures/panther-content).
    expect(content.detections).toHaveLength(23)
    expect(content.globals.map((g) => g.id).sort()).toEqual([
      'fixture_helpers',
      'fixture_state',
      'panther_base_helpers',
    ])
    expect(content.dataModels.find((m) => m.id === 'Fixture.Login.DataModel')).toMatchObject({
      id: 'Fixture.Login.DataModel',
      logTypes: ['Fixture.Login'],
      mappings: [
        { name: 'source_ip', path: '$.client.ipAddress' },
        { name: 'actor_user', method: 'get_actor' },
      ],
    })
    expect(content.inert).toEqual([
      {
        analysisType: 'scheduled_query',
        id: 'Fixture Query',
        file: expect.any(String) as unknown,
        enabled: true,
      },
    ])
    const caching = content.detections.find((d) => d.meta.id === 'Fixture.Caching')
    expect(caching?.meta).toMatchObject({
      runtime: 'python',
      severity: 'INFO',
      dedupPeriodMinutes: 15,
      threshold: 1,
      enabled: true,
      file: join(fixtures, 'rules', 'caching.py'),
    })
    expect(caching?.meta.version).toMatch(/^[0-9a-f]{12}$/)
    const root = content.detections.find((d) => d.meta.id === 'Fixture.CaseInsensitive')
    expect(root?.tests.map((t) => [t.name, t.expectedResult])).toEqual([
      ['root console login', true],
      ['other', false],
    ])
  })

  it('reads YAML 1.2: on, yes and dates stay strings', async () => {
    await write({
      'r.py': py,
      'r.yml': rule(
        'Tags: [on, yes, 2024-01-01]\nTests:\n  - Name: t\n    ExpectedResult: true\n    Log: { on: off, when: 2024-01-01 10:00:00 }\n',
      ),
    })
    const { detections, errors } = await loadPantherContent([dir])
    expect(errors).toEqual([])
    expect(detections[0]?.meta.tags).toEqual(['on', 'yes', '2024-01-01'])
    expect(detections[0]?.tests[0]?.input).toEqual({ on: 'off', when: '2024-01-01 10:00:00' })
  })

  it('reports every broken file precisely and still loads the others', async () => {
    await write({
      'r.py': py,
      'a-good.yml': rule(''),
      'bad-keys.yml':
        'AnalysisType: rule\nRuleID: R.Bad\nEnabled: yes\nFilename: r.py\nLogTypes: []\nSeverity: Severe\nSeverty: High\n',
      'no-py.yml': rule('').replace('R.Good', 'R.NoPy').replace('r.py', 'missing.py'),
      'dup.yml': rule(''),
      'unknown.yml': 'AnalysisType: lookup_tables\n',
      'lookup.yml': 'AnalysisType: lookup_table\nLookupName: geo\nEnabled: true\n',
      'broken.yml': 'AnalysisType: rule\n  RuleID: [\n',
      'model.yml':
        'AnalysisType: datamodel\nDataModelID: M\nEnabled: true\nLogTypes: [L]\nMappings:\n  - Name: a\n    Path: $.a\n    Method: f\n',
      'list.yaml': '- a\n- b\n',
    })
    const { detections, errors } = await loadPantherContent([dir, join(dir, 'missing')])
    expect(detections.map((d) => d.meta.id)).toEqual(['R.Good'])
    const byFile = Object.fromEntries(errors.map((e) => [e.file.slice(dir.length + 1), e.message]))
    expect(byFile['bad-keys.yml']).toBe(
      "key 'Enabled': must be true or false; " +
        "key 'Severity': must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL (any case); " +
        "key 'LogTypes': must list at least one log type; unknown key: Severty",
    )
    expect(byFile['no-py.yml']).toMatch(/^key 'Filename': cannot read .*missing\.py: ENOENT/)
    expect(byFile['dup.yml']).toBe(
      `duplicate id 'R.Good', already defined in ${join(dir, 'a-good.yml')}`,
    )
    expect(byFile['unknown.yml']).toMatch(/^key 'AnalysisType': "lookup_tables" is not one of rule/)
    expect(byFile['broken.yml']).toMatch(/^invalid YAML: /)
    expect(byFile['model.yml']).toBe("key 'Mappings[0]': needs exactly one of Path or Method")
    expect(byFile['lookup.yml']).toBeUndefined()
    expect(byFile['list.yaml']).toBe('the document must be a mapping of keys')
    expect(byFile['missing']).toMatch(/^cannot read the directory: ENOENT/)
  })
})
