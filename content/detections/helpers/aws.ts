import type { AWSCloudTrailEvent, JsonValue, TestEvent } from 'caracal/sdk'

/** A JSON object, as found in `requestParameters`, `responseElements` and finding details. */
export type JsonObject = { [key: string]: JsonValue }

/** True when `value` is a JSON object (not an array, not null). */
export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Follows `path` through nested JSON objects; `undefined` as soon as a step is missing. */
export function getPath(value: JsonValue | undefined, ...path: string[]): JsonValue | undefined {
  let current = value
  for (const key of path) {
    if (!isObject(current)) return undefined
    current = current[key]
  }
  return current
}

/** The string at `path`, or `''` when it is missing or not a string. */
export function getString(value: JsonValue | undefined, ...path: string[]): string {
  const found = getPath(value, ...path)
  return typeof found === 'string' ? found : ''
}

/** The value as a list: arrays as they are, a single value as one item, missing as none. */
export function asList(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

/** A request parameter as a string (`''` when absent). */
export function param(event: AWSCloudTrailEvent, ...path: string[]): string {
  return getString(event.requestParameters, ...path)
}

/** The account the activity happened in; older records lack `recipientAccountId`. */
export function accountOf(event: AWSCloudTrailEvent): string {
  return event.recipientAccountId ?? event.userIdentity?.accountId ?? 'unknown'
}

/**
 * Who made the call, as an analyst would name them: the IAM user name, the role behind an
 * assumed-role session (with the session name), `root`, or the ARN as a last resort.
 */
export function actorOf(event: AWSCloudTrailEvent): string {
  const identity = event.userIdentity
  if (!identity) return 'unknown'
  if (identity.type === 'Root') return 'root'
  if (identity.type === 'AssumedRole' || identity.type === 'FederatedUser') {
    const arn = identity.arn ?? ''
    return arn.split('/').slice(1).join('/') || (identity.principalId ?? 'unknown')
  }
  return (
    identity.userName ?? identity.arn ?? identity.principalId ?? identity.invokedBy ?? 'unknown'
  )
}

/** The IAM user name of the caller when it is an IAM user, else `''`. */
export function callerUserName(event: AWSCloudTrailEvent): string {
  return event.userIdentity?.type === 'IAMUser' ? (event.userIdentity.userName ?? '') : ''
}

/** True when AWS refused or failed the call (it carries an `errorCode`). */
export function failed(event: AWSCloudTrailEvent): boolean {
  return (event.errorCode ?? '') !== ''
}

/** True when the call succeeded. */
export function succeeded(event: AWSCloudTrailEvent): boolean {
  return !failed(event)
}

/** The fields every CloudTrail alert wants: who, from where, what, where. */
export function cloudTrailContext(event: AWSCloudTrailEvent): Record<string, unknown> {
  return {
    actor: actorOf(event),
    actorArn: event.userIdentity?.arn ?? null,
    actorType: event.userIdentity?.type ?? null,
    eventName: event.eventName,
    eventSource: event.eventSource,
    sourceIPAddress: event.sourceIPAddress ?? null,
    userAgent: event.userAgent ?? null,
    awsRegion: event.awsRegion ?? null,
    recipientAccountId: accountOf(event),
    errorCode: event.errorCode ?? null,
  }
}

/** AWS managed policies that grant administrative or IAM-wide power. */
export const ADMIN_POLICY_NAMES: readonly string[] = [
  'AdministratorAccess',
  'IAMFullAccess',
  'AWSOrganizationsFullAccess',
]

/** True when the policy ARN names an admin-level managed policy (AWS-managed or look-alike). */
export function isAdminPolicyArn(arn: string): boolean {
  const name = arn.split('/').pop() ?? ''
  return ADMIN_POLICY_NAMES.includes(name)
}

/** Parses a policy document that CloudTrail records as a JSON string (or already as an object). */
export function parsePolicy(document: JsonValue | undefined): JsonObject | undefined {
  if (isObject(document)) return document
  if (typeof document !== 'string' || document === '') return undefined
  try {
    const parsed = JSON.parse(document) as JsonValue
    return isObject(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/** The `Allow` statements of a policy document. */
function allowStatements(document: JsonValue | undefined): JsonObject[] {
  const policy = parsePolicy(document)
  return asList(policy?.Statement)
    .filter(isObject)
    .filter((s) => s.Effect === 'Allow')
}

/** True when an inline policy document allows every action on every resource. */
export function grantsFullAdmin(document: JsonValue | undefined): boolean {
  return allowStatements(document).some(
    (s) => asList(s.Action).includes('*') && asList(s.Resource).includes('*'),
  )
}

/** True when a principal element means "anyone": `*` or `{ "AWS": "*" }`. */
export function isAnyonePrincipal(principal: JsonValue | undefined): boolean {
  if (principal === '*') return true
  return isObject(principal) && asList(principal.AWS).includes('*')
}

/**
 * True when a resource policy lets anyone in: an `Allow` statement with a `*` principal and no
 * `Condition` (a condition such as aws:SourceVpce or aws:PrincipalOrgID narrows it).
 */
export function policyIsPublic(document: JsonValue | undefined): boolean {
  return allowStatements(document).some(
    (s) => isAnyonePrincipal(s.Principal) && s.Condition === undefined,
  )
}

/** True for an IPv4 or IPv6 range that covers the whole internet. */
export function isOpenCidr(cidr: string): boolean {
  return cidr === '0.0.0.0/0' || cidr === '::/0'
}

/** True for an address in RFC 1918, loopback, link-local, CGNAT or IPv6 private space. */
export function isPrivateIp(ip: string): boolean {
  if (ip.includes(':')) {
    const lower = ip.toLowerCase()
    return (
      lower === '::1' ||
      lower.startsWith('fc') ||
      lower.startsWith('fd') ||
      lower.startsWith('fe80')
    )
  }
  const parts = ip.split('.').map(Number)
  const [a = -1, b = -1] = parts
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  )
}

/**
 * A CloudTrail record for tests: the fields every record has, with realistic values, overridden
 * by `fields`. Keeps the tests about what differs between them.
 */
export function cloudTrailTestEvent(
  fields: TestEvent<AWSCloudTrailEvent>,
): TestEvent<AWSCloudTrailEvent> {
  const time = fields.eventTime ?? '2024-05-02T09:14:03Z'
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: 'arn:aws:iam::123456789012:user/alice',
      accountId: '123456789012',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
    },
    eventTime: time,
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.40 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22',
    requestID: '3f6c2a1e-8b0d-4a7e-9c55-0d1e2f3a4b5c',
    eventID: 'b1a2c3d4-e5f6-4789-a0b1-c2d3e4f5a6b7',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    p_log_type: 'AWS.CloudTrail',
    p_event_time: time.replace('T', ' ').replace('Z', '.000'),
    ...fields,
  }
}

/** An assumed-role identity for test records (an SSO or automation session). */
export function assumedRoleIdentity(
  role: string,
  session: string,
  account = '123456789012',
): NonNullable<AWSCloudTrailEvent['userIdentity']> {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID0001:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    accountId: account,
    accessKeyId: 'ASIAEXAMPLESESSION01',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEROLEID0001',
        arn: `arn:aws:iam::${account}:role/${role}`,
        accountId: account,
        userName: role,
      },
      attributes: { creationDate: '2024-05-02T08:55:10Z', mfaAuthenticated: 'false' },
    },
  }
}
