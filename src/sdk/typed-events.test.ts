import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

/**
 * Compiles small detections against `caracal/sdk` with the repo's tsconfig (which maps the
 * import to src/sdk), the way a user's editor or `tsc` would, and reads the diagnostics: the
 * point of the generated types is that a misspelt field fails to compile.
 */
const root = fileURLToPath(new URL('../../', import.meta.url))
const dir = `${root}content/detections/`

const header = `import { defineRule, type GenericEvent } from 'caracal/sdk'\n`
const probes: Record<string, string> = {
  'correct.ts': `${header}
export default defineRule({
  id: 'Probe.Correct',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  rule(event) {
    return event.userIdentity?.type === 'Root' && event.p_log_type === 'AWS.CloudTrail'
  },
  title: (event) => \`root in \${event.recipientAccountId ?? 'unknown'}\`,
  tests: [{ name: 't', expect: true, event: { userIdentity: { type: 'Root' }, eventName: 'X' } }],
})
`,
  'misspelt-field.ts': `${header}
export default defineRule({
  id: 'Probe.Misspelt',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  rule(event) {
    return event.userIdentty?.type === 'Root'
  },
})
`,
  'misspelt-test-event.ts': `${header}
export default defineRule({
  id: 'Probe.MisspeltTest',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  rule: (event) => event.eventName === 'ConsoleLogin',
  tests: [{ name: 't', expect: true, event: { eventNmae: 'ConsoleLogin' } }],
})
`,
  'union.ts': `${header}
export default defineRule({
  id: 'Probe.Union',
  logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'],
  severity: 'LOW',
  rule(event) {
    if (event.p_log_type === 'AWS.CloudTrail') return event.eventName === 'ConsoleLogin'
    return event.eventType === 'user.session.start'
  },
})
export const unnarrowed = defineRule({
  id: 'Probe.Unnarrowed',
  logTypes: ['AWS.CloudTrail', 'Okta.SystemLog'],
  severity: 'LOW',
  rule: (event) => event.eventName === 'ConsoleLogin',
})
`,
  'custom.ts': `${header}
interface MyEvent extends GenericEvent {
  action?: string
}
export const explicit = defineRule<MyEvent>({
  id: 'Probe.Explicit',
  logTypes: ['Custom.App'],
  severity: 'LOW',
  rule: (event) => event.action === 'login',
  tests: [{ name: 't', expect: true, event: { action: 'login' } }],
})
export const generic = defineRule({
  id: 'Probe.Generic',
  logTypes: ['Custom.App'],
  severity: 'LOW',
  rule: (event) => typeof event.action === 'string' && event.p_log_type === 'Custom.App',
})
export const typo = defineRule<{ action?: string }>({
  id: 'Probe.ExplicitTypo',
  logTypes: ['Custom.App'],
  severity: 'LOW',
  rule: (event) => event.acton === 'login',
})
`,
}

/** Diagnostics of each probe, as flattened messages. */
let messages: Map<string, string[]>

beforeAll(() => {
  const config = ts.readConfigFile(`${root}tsconfig.json`, (path) => ts.sys.readFile(path))
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const options = { ...parsed.options, noEmit: true }
  const base = ts.createCompilerHost(options)
  // The probes exist only in memory, in content/detections where real detections live.
  const text = (path: string) => (path.startsWith(dir) ? probes[path.slice(dir.length)] : undefined)
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (path) => text(path) !== undefined || base.fileExists(path),
    readFile: (path) => text(path) ?? base.readFile(path),
    getSourceFile: (path, language, ...rest) => {
      const source = text(path)
      if (source === undefined) return base.getSourceFile(path, language, ...rest)
      return ts.createSourceFile(path, source, language)
    },
  }
  const program = ts.createProgram(
    Object.keys(probes).map((name) => `${dir}${name}`),
    options,
    host,
  )
  messages = new Map(
    Object.keys(probes).map((name) => {
      const file = program.getSourceFile(`${dir}${name}`)
      const diagnostics = [
        ...program.getSyntacticDiagnostics(file),
        ...program.getSemanticDiagnostics(file),
      ]
      return [name, diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))]
    }),
  )
}, 120_000)

describe('typed events of caracal/sdk', () => {
  it('compiles a correct detection without diagnostics', () => {
    expect(messages.get('correct.ts')).toEqual([])
  })

  it('rejects a misspelt field in a rule, naming the field and suggesting the right one', () => {
    const found = messages.get('misspelt-field.ts') ?? []
    expect(found).toHaveLength(1)
    expect(found[0]).toContain("Property 'userIdentty' does not exist on type 'AWSCloudTrailEvent'")
    expect(found[0]).toContain("Did you mean 'userIdentity'?")
  })

  it('rejects a misspelt field in a test event', () => {
    const found = messages.get('misspelt-test-event.ts') ?? []
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/'eventNmae' does not exist in type 'Partial<AWSCloudTrailEvent>'/)
  })

  it('types several log types as a union narrowed by p_log_type', () => {
    const found = messages.get('union.ts') ?? []
    // Only the unnarrowed access fails: eventName is a CloudTrail field, not an Okta one.
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/Property 'eventName' does not exist on type 'OktaSystemLogEvent'/)
  })

  it('lets custom log types use their own interface or the generic event', () => {
    const found = messages.get('custom.ts') ?? []
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/Property 'acton' does not exist/)
  })
})
