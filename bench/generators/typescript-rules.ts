/**
 * Generated typed TypeScript rules over CloudTrail records (see `cloudtrail.ts`), for benchmarks:
 * the same eight shapes as `python-rules.ts` (field tests, nested fields, string operations, a
 * list scan), written against the SDK's generated `AWS.CloudTrail` event type. Every fourth rule
 * also has title/dedup, every eighth an `alertContext`.
 */

const names = [
  'CreateUser',
  'Invoke',
  'PutObject',
  'DescribeInstances',
  'AssumeRole',
  'GetObject',
  'RunInstances',
  'AttachUserPolicy',
  'ConsoleLogin',
  'Decrypt',
]
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']
const users = ['alice', 'bob', 'carol', 'deploy-bot', 'ci-runner', 'dave']
const sources = ['iam', 's3', 'ec2', 'sts', 'kms', 'lambda']
const agents = ['aws-cli/', 'boto3/', 'console.']

const q = (list: readonly string[], at: number): string => JSON.stringify(list[at % list.length])

/** The `rule` of shape `i % 8`, with constants picked from `i`. */
function ruleBody(i: number): string {
  const name = q(names, i)
  const region = q(regions, Math.floor(i / 3))
  const user = q(users, i * 7 + 1)
  switch (i % 8) {
    case 0:
      return `rule(e) {
    if (e.eventName !== ${name} || e.awsRegion !== ${region}) return false
    return e.userIdentity?.userName === ${user}
  },`
    case 1:
      return `rule(e) {
    if (e.userIdentity?.type !== 'Root') return false
    return e.eventName === ${name} || e.awsRegion === ${region}
  },`
    case 2:
      return `rule(e) {
    if (!e.eventSource.startsWith(${q(sources, i)})) return false
    if (e.readOnly === true || e.awsRegion !== ${region}) return false
    return e.userIdentity?.userName === ${user}
  },`
    case 3:
      return `rule(e) {
    if (!(e.userAgent ?? '').toLowerCase().startsWith(${q(agents, i)})) return false
    return e.eventName === ${name} && e.userIdentity?.userName === ${user}
  },`
    case 4:
      return `rule(e) {
    if (e.eventName !== ${name} && e.eventName !== ${q(names, i + 3)}) return false
    const first = Number((e.sourceIPAddress ?? '').split('.')[0])
    return first < ${String(10 + (i % 3) * 5)} && e.awsRegion === ${region}
  },`
    case 5:
      return `rule(e) {
    if (e.eventName !== ${name}) return false
    const params = e.requestParameters
    const tags = params !== null && typeof params === 'object' && !Array.isArray(params) ? params.tags : undefined
    if (!Array.isArray(tags) || !tags.some((t) => t !== null && typeof t === 'object' && !Array.isArray(t) && t.key === 'team')) return false
    return e.userIdentity?.userName === ${user} && e.awsRegion !== ${region}
  },`
    case 6:
      return `rule(e) {
    if (!(e.userIdentity?.arn ?? '').endsWith('/' + ${user})) return false
    return e.awsRegion === ${region} && e.eventName === ${name}
  },`
    default:
      return `rule(e) {
    if (e.responseElements != null || e.eventName !== ${name}) return false
    return String(e.recipientAccountId ?? '').endsWith(${JSON.stringify(String(i % 10))}) && e.awsRegion === ${region}
  },`
  }
}

const alertFunctions = `
  title: (e) => \`\${e.eventName} by \${e.userIdentity?.userName ?? '<unknown>'} in \${String(e.recipientAccountId)}\`,
  dedup: (e) => \`\${e.userIdentity?.arn ?? ''}:\${e.awsRegion ?? ''}\`,`

const contextFunction = `
  alertContext: (e) => ({
    actor: e.userIdentity?.arn ?? null,
    ip: e.sourceIPAddress ?? null,
    agent: e.userAgent ?? null,
    account: e.recipientAccountId ?? null,
    request: e.requestParameters ?? null,
  }),`

/** `count` rule files: `[file name, source]`, ids `Bench.TypeScript.<i>`. */
export function typeScriptRuleFiles(count: number): [string, string][] {
  return Array.from({ length: count }, (_, i) => [
    `bench-rule-${String(i)}.ts`,
    `import { defineRule } from 'caracal/sdk'

export default defineRule({
  id: 'Bench.TypeScript.${String(i)}',
  logTypes: ['AWS.CloudTrail'],
  severity: 'LOW',
  ${ruleBody(i)}${i % 4 === 0 ? alertFunctions : ''}${i % 8 === 0 ? contextFunction : ''}
})
`,
  ])
}
