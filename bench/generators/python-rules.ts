/**
 * Generated Panther-format Python rules over CloudTrail records (see `cloudtrail.ts`), for
 * benchmarks. Eight shapes modelled on panther-analysis rules — field lookups, `deep_get`, string
 * operations, list scans — with constants varied per rule so each fires on a small slice of
 * events; every fourth rule also has title/dedup, every eighth an `alert_context`.
 */

/** One generated content file (rule or helper) and its Panther YAML. */
export interface PythonContentFile {
  name: string
  code: string
  yml: string
}

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

/** `panther_base_helpers.deep_get` as panther-analysis writes it: any Mapping, any depth. */
export const helperFile: PythonContentFile = {
  name: 'panther_base_helpers',
  code: `from collections.abc import Mapping
from functools import reduce


def deep_get(dictionary, *keys, default=None):
    out = reduce(
        lambda d, key: d.get(key, default) if isinstance(d, Mapping) else default,
        keys,
        dictionary,
    )
    if out is None:
        return default
    return out
`,
  yml: `AnalysisType: global\nGlobalID: panther_base_helpers\nFilename: panther_base_helpers.py\n`,
}

const q = (list: readonly string[], at: number): string => JSON.stringify(list[at % list.length])

/** The `rule()` of shape `i % 8`, with constants picked from `i`. */
function ruleBody(i: number): string {
  const name = q(names, i)
  const region = q(regions, Math.floor(i / 3))
  const user = q(users, i * 7 + 1)
  switch (i % 8) {
    case 0:
      return `def rule(event):
    if event.get("eventName") != ${name} or event.get("awsRegion") != ${region}:
        return False
    return deep_get(event, "userIdentity", "userName") == ${user}
`
    case 1:
      return `def rule(event):
    if deep_get(event, "userIdentity", "type") != "Root":
        return False
    return event.get("eventName") == ${name} or event.get("awsRegion") == ${region}
`
    case 2:
      return `def rule(event):
    if not event.get("eventSource", "").startswith(${q(sources, i)}):
        return False
    if event.get("readOnly") or event.get("awsRegion") != ${region}:
        return False
    return deep_get(event, "userIdentity", "userName") == ${user}
`
    case 3:
      return `def rule(event):
    agent = event.get("userAgent", "").lower()
    if not agent.startswith(${q(agents, i)}):
        return False
    return event.get("eventName") == ${name} and deep_get(event, "userIdentity", "userName") == ${user}
`
    case 4:
      return `def rule(event):
    if event.get("eventName") not in (${name}, ${q(names, i + 3)}):
        return False
    first = event.get("sourceIPAddress", "").split(".")[0]
    return int(first) < ${String(10 + (i % 3) * 5)} and event.get("awsRegion") == ${region}
`
    case 5:
      return `def rule(event):
    if event.get("eventName") != ${name}:
        return False
    tags = deep_get(event, "requestParameters", "tags", default=[])
    if not any(t.get("key") == "team" for t in tags):
        return False
    return deep_get(event, "userIdentity", "userName") == ${user} and event.get("awsRegion") != ${region}
`
    case 6:
      return `def rule(event):
    arn = deep_get(event, "userIdentity", "arn", default="")
    if not arn.endswith("/" + ${user}):
        return False
    return event.get("awsRegion") == ${region} and event.get("eventName") == ${name}
`
    default:
      return `def rule(event):
    if event.get("responseElements") is not None or event.get("eventName") != ${name}:
        return False
    account = str(event.get("recipientAccountId", ""))
    return account.endswith(${JSON.stringify(String(i % 10))}) and event.get("awsRegion") == ${region}
`
  }
}

const alertFunctions = `

def title(event):
    user = deep_get(event, "userIdentity", "userName", default="<unknown>")
    return f"{event.get('eventName')} by {user} in {event.get('recipientAccountId')}"


def dedup(event):
    return deep_get(event, "userIdentity", "arn", default="") + ":" + event.get("awsRegion", "")
`

const contextFunction = `

def alert_context(event):
    return {
        "actor": deep_get(event, "userIdentity", "arn"),
        "ip": event.get("sourceIPAddress"),
        "agent": event.get("userAgent"),
        "account": event.get("recipientAccountId"),
        "request": event.get("requestParameters"),
    }
`

/** `count` rules, named `bench_rule_<i>`, each importing `deep_get` from the helper. */
export function pythonRuleFiles(count: number): PythonContentFile[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `bench_rule_${String(i)}`
    const code =
      `from panther_base_helpers import deep_get\n\n\n${ruleBody(i)}` +
      (i % 4 === 0 ? alertFunctions : '') +
      (i % 8 === 0 ? contextFunction : '')
    const yml =
      `AnalysisType: rule\nRuleID: Bench.Python.${String(i)}\nEnabled: true\n` +
      `Filename: ${name}.py\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n`
    return { name, code, yml }
  })
}
