import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getString,
} from '../helpers/aws.js'

/** Panther's AWS.Console.LoginFailed (brute force). */
export default defineRule({
  id: 'AWS.Console.LoginFailures',
  name: 'AWS Console Login Failures Burst',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'Many failed console sign-ins for the same user within a short window: password guessing ' +
    'or credential stuffing against the AWS console.',
  reference:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_examples-aws-console',
  runbook:
    'Check the source IPs and user agents of the failures. If the user did not mistype their ' +
    'password, block the source where possible, make sure the user has MFA, and watch for a ' +
    'later successful ConsoleLogin from the same IP (reset the password if one occurred).',
  tags: ['AWS', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1110'] },
  dedupPeriodMinutes: 10,
  threshold: 5,

  rule(event) {
    return (
      event.eventName === 'ConsoleLogin' &&
      getString(event.responseElements, 'ConsoleLogin') === 'Failure'
    )
  },

  title(event) {
    return `Repeated AWS console login failures for ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `console-login-failures:${accountOf(event)}:${actorOf(event)}`
  },

  alertContext(event) {
    return cloudTrailContext(event)
  },

  tests: [
    {
      name: 'Failed password sign-in',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAJ45Q7YFFAREXAMPLE',
          accountId: '123456789012',
          accessKeyId: '',
          userName: 'alice',
        },
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        sourceIPAddress: '203.0.113.77',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
        errorMessage: 'Failed authentication',
        requestParameters: null,
        responseElements: { ConsoleLogin: 'Failure' },
        additionalEventData: {
          LoginTo: 'https://console.aws.amazon.com/console/home',
          MobileVersion: 'No',
          MFAUsed: 'No',
        },
      }),
    },
    {
      name: 'Successful sign-in',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: { MobileVersion: 'No', MFAUsed: 'Yes' },
      }),
    },
  ],
})
