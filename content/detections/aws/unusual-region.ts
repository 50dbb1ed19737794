import { defineRule } from 'caracal/sdk'
import { accountOf, actorOf, cloudTrailContext, cloudTrailTestEvent } from '../helpers/aws.js'

/**
 * Regions this organisation operates in. Edit to match yours; calls anywhere else are flagged.
 * (Global services such as IAM and STS log to us-east-1, so keep it in the list.)
 */
const ALLOWED_REGIONS: readonly string[] = ['us-east-1', 'us-west-2', 'eu-west-1']

/** Read-only calls the console and SDKs make against every region while enumerating. */
const IGNORED_EVENTS: readonly string[] = ['DescribeRegions', 'GetCallerIdentity']

/** Panther's AWS.CloudTrail.UnusedRegion. */
export default defineRule({
  id: 'AWS.CloudTrail.UnusedRegion',
  name: 'AWS Activity In An Unused Region',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A principal made a state-changing API call in a region outside the allow-list. Attackers ' +
    'launch crypto-miners and hide resources in regions nobody watches.',
  reference:
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html#example-scp-deny-region',
  runbook:
    'List what was created in the region (EC2 instances, Lambda functions, IAM-independent ' +
    'resources). If the activity is unexpected, terminate the resources, investigate the actor, ' +
    'and consider a service control policy that denies the unused regions.',
  tags: ['AWS', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1535'] },
  dedupPeriodMinutes: 360,

  rule(event) {
    const region = event.awsRegion ?? ''
    return (
      region !== '' &&
      !ALLOWED_REGIONS.includes(region) &&
      event.readOnly !== true &&
      event.eventType === 'AwsApiCall' &&
      !IGNORED_EVENTS.includes(event.eventName) &&
      // Calls made by AWS services themselves follow the customer's resources, not an actor.
      event.userIdentity?.type !== 'AWSService'
    )
  },

  title(event) {
    return `AWS activity by ${actorOf(event)} in unused region ${event.awsRegion ?? ''} (account ${accountOf(event)})`
  },

  dedup(event) {
    return `unused-region:${accountOf(event)}:${event.awsRegion ?? ''}:${actorOf(event)}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), allowedRegions: ALLOWED_REGIONS }
  },

  tests: [
    {
      name: 'Instances launched in ap-southeast-3',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        awsRegion: 'ap-southeast-3',
        requestParameters: {
          instancesSet: {
            items: [{ imageId: 'ami-0abcdef1234567890', minCount: 10, maxCount: 10 }],
          },
          instanceType: 'p3.16xlarge',
        },
      }),
    },
    {
      name: 'Instances launched in an allowed region',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        awsRegion: 'eu-west-1',
        requestParameters: { instanceType: 't3.micro' },
      }),
    },
    {
      name: 'Read-only describe in another region',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        awsRegion: 'sa-east-1',
        readOnly: true,
        requestParameters: { instancesSet: {}, filterSet: {} },
      }),
    },
  ],
})
