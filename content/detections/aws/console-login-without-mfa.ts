import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getString,
} from '../helpers/aws.js'

/** Panther's AWS.Console.LoginWithoutMFA: a password-only console sign-in. */
export default defineRule({
  id: 'AWS.Console.LoginWithoutMFA',
  name: 'AWS Console Login Without MFA',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An IAM user or the root user signed in to the AWS Management Console successfully without ' +
    'multi-factor authentication. A stolen password alone is then enough to take over the account.',
  reference:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#cloudtrail-integration_signin-mfa',
  runbook:
    'Ask the user whether they signed in from this IP and user agent. Check in IAM whether the ' +
    'user has an MFA device; if not, require one (an IAM policy denying actions without ' +
    'aws:MultiFactorAuthPresent). If the sign-in was not theirs, reset the password, deactivate ' +
    'their access keys and review their CloudTrail activity since the sign-in.',
  tags: ['AWS', 'Identity & Access Management', 'Initial Access'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    if (event.eventName !== 'ConsoleLogin') return false
    // Federated (SAML/SSO) sign-ins do MFA at the identity provider, which CloudTrail cannot see.
    const type = event.userIdentity?.type
    if (type !== 'IAMUser' && type !== 'Root') return false
    return (
      getString(event.responseElements, 'ConsoleLogin') === 'Success' &&
      getString(event.additionalEventData, 'MFAUsed') === 'No'
    )
  },

  title(event) {
    return `AWS console login without MFA by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `console-login-no-mfa:${accountOf(event)}:${actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      loginTo: getString(event.additionalEventData, 'LoginTo'),
      mobileVersion: getString(event.additionalEventData, 'MobileVersion'),
    }
  },

  tests: [
    {
      name: 'IAM user signs in with a password only',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAJ45Q7YFFAREXAMPLE',
          arn: 'arn:aws:iam::123456789012:user/alice',
          accountId: '123456789012',
          userName: 'alice',
        },
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
        requestParameters: null,
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: {
          LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
          MobileVersion: 'No',
          MFAUsed: 'No',
        },
        eventCategory: 'Management',
      }),
    },
    {
      name: 'IAM user signs in with MFA',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        requestParameters: null,
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: {
          LoginTo: 'https://console.aws.amazon.com/console/home',
          MobileVersion: 'No',
          MFAIdentifier: 'arn:aws:iam::123456789012:mfa/alice',
          MFAUsed: 'Yes',
        },
      }),
    },
    {
      name: 'SSO federated sign-in',
      expect: false,
      event: cloudTrailTestEvent({
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLEROLEID0001:alice@example.com',
          arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com',
          accountId: '123456789012',
        },
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventType: 'AwsConsoleSignIn',
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: {
          MobileVersion: 'No',
          MFAUsed: 'No',
          SamlProviderArn: 'arn:aws:iam::123456789012:saml-provider/AWSSSO',
        },
      }),
    },
  ],
})
