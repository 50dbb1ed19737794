import { describe, expect, it } from 'vitest'
import { corpusMissing } from '../fixtures/corpus.js'
import {
  failureOf,
  parseAll,
  parseCorpus,
  parseOne,
  partialRuleTests,
  without,
} from './vendor-cases.js'

/** AWS log types beyond the open-source Panther set: EKS, Security Hub, Bedrock, EventBridge, Route 53 Resolver, WAF. */

describe.skipIf(corpusMissing)('Amazon.EKS.Audit against the shared corpus', () => {
  it('parses the OCSF project’s EKS sample and the EKS rule tests', () => {
    const events = parseCorpus({
      logType: 'Amazon.EKS.Audit',
      folder: 'Kubernetes.Audit',
      files: /ocsf-examples\/eks\.raw\.json$|Amazon\.EKS\.Audit\.jsonl$/,
      // Most EKS rule tests carry only the fields a rule reads, without auditID.
      explained: { 'panther-analysis-tests': partialRuleTests },
    })
    expect(events).toBe(27)
  })
})

describe('Amazon.EKS.Audit', () => {
  // An EKS audit event as control plane logging writes it: the IAM identity is in user.extra.
  const event = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: '2f3c1e9a-6f1b-4a27-9f64-3b1c2d4e5f60',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/secrets/db-password',
    verb: 'get',
    user: {
      username: 'kubernetes-admin',
      uid: 'aws-iam-authenticator:111122223333:AROAEXAMPLE',
      groups: ['system:masters', 'system:authenticated'],
      extra: {
        accessKeyId: ['ASIAEXAMPLE'],
        arn: ['arn:aws:sts::111122223333:assumed-role/Admin/alice'],
        sessionName: ['alice'],
      },
    },
    sourceIPs: ['198.51.100.23'],
    userAgent: 'kubectl/v1.29.0 (linux/amd64) kubernetes/3f7a50f',
    objectRef: { resource: 'secrets', namespace: 'default', name: 'db-password', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2024-04-02T11:22:33.456789Z',
    stageTimestamp: '2024-04-02T11:22:33.470001Z',
    annotations: { 'authorization.k8s.io/decision': 'allow' },
  }

  it('parses an audit event with the IAM identity of the caller', () => {
    expect(parseOne('Amazon.EKS.Audit', event)).toMatchObject({
      verb: 'get',
      objectRef: { resource: 'secrets', name: 'db-password' },
      p_event_time: '2024-04-02 11:22:33.470',
      p_any_ip_addresses: ['198.51.100.23'],
      p_any_usernames: ['kubernetes-admin'],
      p_any_aws_arns: ['arn:aws:sts::111122223333:assumed-role/Admin/alice'],
      p_any_aws_account_ids: ['111122223333'],
    })
  })

  it('refuses an event without auditID', () => {
    expect(failureOf('Amazon.EKS.Audit', without(event, 'auditID'))).toBe(
      'missing required field auditID',
    )
  })
})

describe('AWS.SecurityFindingFormat', () => {
  // After the ASFF syntax example in the Security Hub user guide (trimmed).
  const finding = {
    SchemaVersion: '2018-10-08',
    Id: 'arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.1/finding/0a1b2c',
    ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
    ProductName: 'Security Hub',
    CompanyName: 'AWS',
    Region: 'us-east-1',
    GeneratorId: 'aws-foundational-security-best-practices/v/1.0.0/S3.1',
    AwsAccountId: '111122223333',
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    FirstObservedAt: '2024-01-10T10:00:00.000Z',
    CreatedAt: '2024-01-10T10:00:00.000Z',
    UpdatedAt: '2024-01-12T08:30:15.250Z',
    Severity: { Label: 'MEDIUM', Normalized: 40, Original: 'MEDIUM' },
    Title: 'S3.1 S3 Block Public Access setting should be enabled',
    Description:
      'This control checks whether S3 Block Public Access is enabled at the account level.',
    Network: { Direction: 'IN', SourceIpV4: '192.0.2.50', DestinationPort: 443 },
    Resources: [
      {
        Type: 'AwsAccount',
        Id: 'AWS::::Account:111122223333',
        Partition: 'aws',
        Region: 'us-east-1',
      },
      {
        Type: 'AwsEc2Instance',
        Id: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0abcdef1234567890',
      },
    ],
    Compliance: { Status: 'FAILED', SecurityControlId: 'S3.1' },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  }

  it('parses a finding, bare and in a GetFindings page', () => {
    expect(parseOne('AWS.SecurityFindingFormat', finding)).toMatchObject({
      Severity: { Label: 'MEDIUM', Normalized: 40 },
      p_event_time: '2024-01-12 08:30:15.250',
      p_any_ip_addresses: ['192.0.2.50'],
      p_any_aws_instance_ids: ['i-0abcdef1234567890'],
    })
    const page = parseAll(
      'AWS.SecurityFindingFormat',
      JSON.stringify({ Findings: [finding, finding] }),
    )
    expect(page.events).toHaveLength(2)
  })

  it('refuses a finding without its resources', () => {
    expect(failureOf('AWS.SecurityFindingFormat', without(finding, 'Resources'))).toBe(
      'missing required field Resources',
    )
  })
})

describe('AWS.BedrockModelInvocation', () => {
  const invocation = {
    schemaType: 'ModelInvocationLog',
    schemaVersion: '1.0',
    timestamp: '2024-05-21T14:03:12Z',
    accountId: '111122223333',
    identity: { arn: 'arn:aws:sts::111122223333:assumed-role/AppRole/session-1' },
    region: 'us-east-1',
    requestId: '5b7e2c61-0f4f-4b1f-9b7a-0e2a1c3d4e5f',
    operation: 'Converse',
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    input: {
      inputContentType: 'application/json',
      inputBodyJson: { messages: [{ role: 'user', content: [{ text: 'Hello' }] }] },
      inputTokenCount: 9,
    },
    output: {
      outputContentType: 'application/json',
      outputBodyJson: { output: { message: { role: 'assistant' } }, stopReason: 'end_turn' },
      outputTokenCount: 21,
    },
  }

  it('parses an invocation with token counts', () => {
    expect(parseOne('AWS.BedrockModelInvocation', invocation)).toMatchObject({
      operation: 'Converse',
      input: { inputTokenCount: 9 },
      output: { outputTokenCount: 21 },
      p_event_time: '2024-05-21 14:03:12.000',
      p_any_aws_arns: ['arn:aws:sts::111122223333:assumed-role/AppRole/session-1'],
      p_any_aws_account_ids: ['111122223333'],
      p_any_trace_ids: ['5b7e2c61-0f4f-4b1f-9b7a-0e2a1c3d4e5f'],
    })
  })

  it('refuses a record without modelId', () => {
    expect(failureOf('AWS.BedrockModelInvocation', without(invocation, 'modelId'))).toBe(
      'missing required field modelId',
    )
  })
})

describe('AWS.CloudWatchEvents', () => {
  // The EC2 state-change example of the EventBridge event structure reference.
  const stateChange = {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail: { 'instance-id': ' i-1234567890abcdef0', state: 'terminated' },
  }

  it('parses the documented event', () => {
    expect(parseOne('AWS.CloudWatchEvents', stateChange)).toMatchObject({
      'detail-type': 'EC2 Instance State-change Notification',
      detail: { state: 'terminated' },
      p_event_time: '2017-12-22 18:43:48.000',
      p_any_aws_arns: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
      p_any_aws_instance_ids: ['i-1234567890abcdef0'],
    })
  })

  it('refuses an event without detail', () => {
    expect(failureOf('AWS.CloudWatchEvents', without(stateChange, 'detail'))).toBe(
      'missing required field detail',
    )
  })
})

describe('AWS.VPCDns', () => {
  // The example record of the Resolver query log format page.
  const query = {
    version: '1.100000',
    account_id: '111122223333',
    region: 'us-east-1',
    vpc_id: 'vpc-0123456789abcdef0',
    query_timestamp: '2021-04-28T18:06:55Z',
    query_name: 'example.com.',
    query_type: 'A',
    query_class: 'IN',
    rcode: 'NOERROR',
    answers: [{ Rdata: '93.184.216.34', Type: 'A', Class: 'IN' }],
    srcaddr: '172.31.46.204',
    srcport: '55346',
    transport: 'UDP',
    srcids: { instance: 'i-0123456789abcdef0' },
  }

  it('parses the documented query', () => {
    expect(parseOne('AWS.VPCDns', query)).toMatchObject({
      srcport: 55346,
      p_event_time: '2021-04-28 18:06:55.000',
      p_any_ip_addresses: ['93.184.216.34', '172.31.46.204'],
      p_any_domain_names: ['example.com.'],
      p_any_aws_instance_ids: ['i-0123456789abcdef0'],
      p_any_aws_account_ids: ['111122223333'],
    })
  })

  it('refuses a query with an unreadable time', () => {
    expect(failureOf('AWS.VPCDns', { ...query, query_timestamp: '28/04/2021' })).toMatch(
      /^field query_timestamp: expected timestamp/,
    )
  })
})

describe('AWS.WAFWebACL', () => {
  // After the blocked-request example of the WAF log fields page.
  const blocked = {
    timestamp: 1683355579981,
    formatVersion: 1,
    webaclId:
      'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/STMTest/1EXAMPLE-2ARN-3ARN-4ARN-123456EXAMPLE',
    terminatingRuleId: 'STMTest_SQLi_XSS',
    terminatingRuleType: 'REGULAR',
    action: 'BLOCK',
    terminatingRuleMatchDetails: [
      { conditionType: 'SQL_INJECTION', location: 'UNKNOWN', matchedData: ['10', 'AND', '1'] },
    ],
    httpSourceName: 'APIGW',
    httpSourceId: '111122223333:abc123:test',
    ruleGroupList: [],
    rateBasedRuleList: [],
    nonTerminatingMatchingRules: [],
    httpRequest: {
      clientIp: '1.1.1.1',
      country: 'AU',
      headers: [{ name: 'Host', value: 'localhost:1989' }],
      uri: '/myUri',
      args: '',
      httpVersion: 'HTTP/1.1',
      httpMethod: 'GET',
      requestId: 'rid',
    },
    labels: [{ name: 'value' }],
  }

  it('parses the documented blocked request', () => {
    expect(parseOne('AWS.WAFWebACL', blocked)).toMatchObject({
      action: 'BLOCK',
      httpRequest: { clientIp: '1.1.1.1', headers: [{ name: 'Host', value: 'localhost:1989' }] },
      p_event_time: '2023-05-06 06:46:19.981',
      p_any_ip_addresses: ['1.1.1.1'],
      p_any_aws_account_ids: ['111122223333'],
    })
  })

  it('refuses a record whose timestamp is not epoch milliseconds', () => {
    expect(failureOf('AWS.WAFWebACL', { ...blocked, timestamp: 'yesterday' })).toMatch(
      /^field timestamp: expected timestamp/,
    )
  })
})
