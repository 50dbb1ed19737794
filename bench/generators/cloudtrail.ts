/** A seeded generator of realistic CloudTrail records, for benchmarks (never for fixtures). */

/** mulberry32: tiny, fast, good enough for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const actions = [
  ['ec2.amazonaws.com', 'DescribeInstances', true],
  ['ec2.amazonaws.com', 'RunInstances', false],
  ['s3.amazonaws.com', 'GetObject', true],
  ['s3.amazonaws.com', 'PutObject', false],
  ['iam.amazonaws.com', 'CreateUser', false],
  ['iam.amazonaws.com', 'AttachUserPolicy', false],
  ['sts.amazonaws.com', 'AssumeRole', false],
  ['kms.amazonaws.com', 'Decrypt', true],
  ['signin.amazonaws.com', 'ConsoleLogin', false],
  ['lambda.amazonaws.com', 'Invoke', false],
] as const
const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']
const users = ['alice', 'bob', 'carol', 'deploy-bot', 'ci-runner', 'dave']

/** `count` CloudTrail records; about 1 in 200 uses the root user (so root-activity rules fire). */
export function cloudTrailRecords(count: number, seed = 42): Record<string, unknown>[] {
  const rnd = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T
  const start = Date.parse('2026-11-01T00:00:00Z')
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('')
  return Array.from({ length: count }, (_, i) => {
    const [source, name, readOnly] = pick(actions)
    const account = `1234567890${Math.floor(rnd() * 10)}${Math.floor(rnd() * 10)}`
    const user = pick(users)
    const root = rnd() < 0.005
    const ip = `${Math.floor(rnd() * 223) + 1}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}.${Math.floor(rnd() * 255)}`
    return {
      eventVersion: '1.09',
      userIdentity: root
        ? {
            type: 'Root',
            principalId: account,
            arn: `arn:aws:iam::${account}:root`,
            accountId: account,
          }
        : {
            type: 'IAMUser',
            principalId: `AIDA${hex(16).toUpperCase()}`,
            arn: `arn:aws:iam::${account}:user/${user}`,
            accountId: account,
            accessKeyId: `AKIA${hex(16).toUpperCase()}`,
            userName: user,
          },
      eventTime: new Date(start + i * 250 + Math.floor(rnd() * 250))
        .toISOString()
        .replace(/\.\d+Z$/, 'Z'),
      eventSource: source,
      eventName: name,
      awsRegion: pick(regions),
      sourceIPAddress: ip,
      userAgent: pick([
        'aws-cli/2.15.30 Python/3.11.8',
        'Boto3/1.34.1 Python/3.12',
        'console.amazonaws.com',
      ]),
      requestParameters: readOnly
        ? { maxResults: 50 }
        : { name: `${user}-${hex(6)}`, tags: [{ key: 'team', value: 'sec' }] },
      responseElements: readOnly ? null : { requestId: hex(32) },
      requestID: hex(32),
      eventID: `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
      readOnly,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: account,
      eventCategory: 'Management',
    }
  })
}
