import { defineRule } from 'caracal/sdk'
import { accountOf, actorOf, cloudTrailContext, cloudTrailTestEvent } from '../helpers/aws.js'

const DENIED_CODES = [
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'Client.UnauthorizedOperation',
  'UnauthorizedAccess',
]

/** Panther's AWS.CloudTrail.UnauthorizedAPICall, as a burst. */
export default defineRule({
  id: 'AWS.CloudTrail.AccessDeniedBurst',
  name: 'AWS Access Denied Burst',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A principal received many AccessDenied / UnauthorizedOperation errors in a short window. ' +
    'Stolen credentials are typically probed with enumeration tools (Pacu, enumerate-iam) ' +
    'that try API after API.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html',
  runbook:
    'Look at which APIs were tried (alertContext.eventName across the grouped events) and from ' +
    'where. A misconfigured deployment repeats the same call; enumeration walks many services. ' +
    'For enumeration, deactivate the credentials and investigate where they leaked.',
  tags: ['AWS', 'Discovery'],
  reports: { 'MITRE ATT&CK': ['TA0007:T1580', 'TA0007:T1087.004'] },
  dedupPeriodMinutes: 15,
  threshold: 20,

  rule(event) {
    return DENIED_CODES.includes(event.errorCode ?? '')
  },

  title(event) {
    return `Burst of access-denied errors for ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `access-denied:${accountOf(event)}:${event.userIdentity?.arn ?? actorOf(event)}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), errorMessage: event.errorMessage ?? null }
  },

  tests: [
    {
      name: 'Denied ListUsers',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'ListUsers',
        readOnly: true,
        errorCode: 'AccessDenied',
        errorMessage:
          'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::123456789012:user/ because no identity-based policy allows the iam:ListUsers action',
        requestParameters: null,
        responseElements: null,
      }),
    },
    {
      name: 'Throttled call',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeInstances',
        readOnly: true,
        errorCode: 'Client.RequestLimitExceeded',
        errorMessage: 'Request limit exceeded.',
      }),
    },
  ],
})
