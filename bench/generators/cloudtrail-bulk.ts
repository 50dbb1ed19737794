/**
 * Seeded CloudTrail-like records generated in chunks, as JSON text, for lake benchmarks of
 * millions of events: no object graph is kept, and any chunk can be made alone (same seed, same
 * text). Events are spread evenly over one day; every `needleEvery`-th event comes from
 * `needleIp`, so an indicator search has a rare value to find.
 */
export const needleIp = '203.0.113.77'
export const needleEvery = 1_000_003

const actions = [
  ['ec2.amazonaws.com', 'DescribeInstances', true],
  ['ec2.amazonaws.com', 'RunInstances', false],
  ['s3.amazonaws.com', 'GetObject', true],
  ['s3.amazonaws.com', 'PutObject', false],
  ['iam.amazonaws.com', 'CreateUser', false],
  ['iam.amazonaws.com', 'AttachUserPolicy', false],
  ['iam.amazonaws.com', 'ListRoles', true],
  ['sts.amazonaws.com', 'AssumeRole', false],
  ['kms.amazonaws.com', 'Decrypt', true],
  ['signin.amazonaws.com', 'ConsoleLogin', false],
  ['lambda.amazonaws.com', 'Invoke', false],
] as const
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']
const users = ['alice', 'bob', 'carol', 'deploy-bot', 'ci-runner', 'dave', 'erin', 'frank']
const agents = [
  'aws-cli/2.15.30 Python/3.11.8',
  'Boto3/1.34.1 Python/3.12',
  'console.amazonaws.com',
]
const start = Date.parse('2026-11-01T00:00:00Z')
const publicAddresses = (() => {
  const rnd = mulberry32(424_242)
  const octet = () => String(Math.floor(rnd() * 256))
  return Array.from(
    { length: 4000 },
    () => `${String(Math.floor(rnd() * 223) + 1)}.${octet()}.${octet()}.${octet()}`,
  )
})()
const day = 86_400_000

/** Records `[from, to)` of a run of `total`, one JSON text each. */
export function cloudTrailLines(from: number, to: number, total: number, seed = 7): string[] {
  const rnd = mulberry32(seed * 1_000_003 + from)
  const int = (n: number) => Math.floor(rnd() * n)
  const hex = (n: number) => {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdef'.charAt(int(16))
    return s
  }
  const lines: string[] = []
  for (let i = from; i < to; i++) {
    const [source, name, readOnly] = actions[int(actions.length)] ?? actions[0]
    const account = `12345678900${String(int(10))}`
    const user = users[int(users.length)] ?? 'alice'
    const root = int(200) === 0
    // A few thousand addresses recur (offices, NAT gateways, CI runners), a few busy ones most
    // often; a quarter of calls come from inside the VPCs.
    const ip =
      i % needleEvery === 17
        ? needleIp
        : int(4) === 0
          ? `10.${String(int(16))}.${String(int(256))}.${String(int(20))}`
          : (publicAddresses[Math.floor(publicAddresses.length * rnd() ** 3)] ?? '192.0.2.1')
    const time = new Date(start + Math.floor((i / total) * day) + int(1000)).toISOString()
    // Principals and their keys are stable per user and session, as in real trails.
    const userIndex = users.indexOf(user)
    const session = int(4)
    const principalId = `AIDA${stableId(account, userIndex, 0)}`
    const accessKeyId = `ASIA${stableId(account, userIndex, session + 1)}`
    const identity = root
      ? {
          type: 'Root',
          principalId: account,
          arn: `arn:aws:iam::${account}:root`,
          accountId: account,
        }
      : {
          type: 'IAMUser',
          principalId,
          arn: `arn:aws:iam::${account}:user/${user}`,
          accountId: account,
          accessKeyId,
          userName: user,
          sessionContext: {
            attributes: {
              mfaAuthenticated: session === 0 ? 'true' : 'false',
              creationDate: `${time.slice(0, 11)}0${String(session)}:00:00Z`,
            },
          },
        }
    const region = regions[int(regions.length)] ?? 'us-east-1'
    const instance = `i-0${stableId(account, int(400), 9).toLowerCase()}`
    lines.push(
      JSON.stringify({
        eventVersion: '1.09',
        userIdentity: identity,
        eventTime: `${time.slice(0, 19)}Z`,
        eventSource: source,
        eventName: name,
        awsRegion: region,
        sourceIPAddress: ip,
        userAgent: agents[int(agents.length)],
        requestParameters: readOnly
          ? {
              maxResults: 50,
              filterSet: {
                items: [{ name: 'instance-id', valueSet: { items: [{ value: instance }] } }],
              },
            }
          : {
              name: `${user}-${hex(6)}`,
              instanceId: instance,
              tags: [{ key: 'team', value: 'sec' }],
            },
        responseElements: readOnly ? null : { requestId: uuid(hex) },
        requestID: uuid(hex),
        eventID: uuid(hex),
        readOnly,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: 'Management',
        tlsDetails: {
          tlsVersion: 'TLSv1.3',
          cipherSuite: 'TLS_AES_128_GCM_SHA256',
          clientProvidedHostHeader: `${source.split('.')[0] ?? 'ec2'}.${region}.amazonaws.com`,
        },
      }),
    )
  }
  return lines
}

/** 16 upper-case characters fixed by the inputs: ids that recur across events. */
function stableId(account: string, a: number, b: number): string {
  const rnd = mulberry32(Number(account.slice(-3)) * 7919 + a * 104_729 + b)
  let s = ''
  for (let i = 0; i < 16; i++)
    s += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.charAt(Math.floor(rnd() * 32))
  return s
}

/** A random UUID-shaped id, as CloudTrail's request and event ids. */
function uuid(hex: (n: number) => string): string {
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`
}

/** mulberry32: tiny, fast, reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
