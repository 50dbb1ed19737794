import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getString,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.Lambda.FunctionPolicyPublic style rule. */
export default defineRule({
  id: 'AWS.Lambda.FunctionMadePublic',
  name: 'AWS Lambda Function Policy Made Public',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'A Lambda resource-based policy statement was added with principal "*" (AddPermission), or a ' +
    'function URL was configured without IAM auth. Anyone can then invoke the function, or ' +
    'attackers use it as a backdoor.',
  reference: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
  runbook:
    'Read the function policy (aws lambda get-policy). Unless the function is meant to be ' +
    'public, remove the statement (aws lambda remove-permission) or set the URL auth type to ' +
    'AWS_IAM, then check Invoke activity since the change.',
  tags: ['AWS', 'Lambda', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1546', 'TA0001:T1190'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    if (event.eventSource !== 'lambda.amazonaws.com' || !succeeded(event)) return false
    // CloudTrail names Lambda calls with their API version, e.g. AddPermission20150331v2.
    if (event.eventName.startsWith('AddPermission')) {
      return (
        param(event, 'principal') === '*' &&
        param(event, 'sourceArn') === '' &&
        param(event, 'sourceAccount') === ''
      )
    }
    if (
      event.eventName.startsWith('CreateFunctionUrlConfig') ||
      event.eventName.startsWith('UpdateFunctionUrlConfig')
    ) {
      return getString(event.requestParameters, 'authType') === 'NONE'
    }
    return false
  },

  title(event) {
    return `Lambda function ${param(event, 'functionName')} made public by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `lambda-public:${accountOf(event)}:${param(event, 'functionName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      functionName: param(event, 'functionName'),
      action: param(event, 'action') || null,
      statementId: param(event, 'statementId') || null,
    }
  },

  tests: [
    {
      name: 'Invoke permission for everyone',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'AddPermission20150331v2',
        requestParameters: {
          functionName: 'payments-webhook',
          statementId: 'public-invoke',
          action: 'lambda:InvokeFunction',
          principal: '*',
        },
        responseElements: {
          statement:
            '{"Sid":"public-invoke","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:123456789012:function:payments-webhook"}',
        },
      }),
    },
    {
      name: 'S3 allowed to invoke from one bucket',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'AddPermission20150331v2',
        requestParameters: {
          functionName: 'thumbnailer',
          statementId: 's3-invoke',
          action: 'lambda:InvokeFunction',
          principal: 's3.amazonaws.com',
          sourceArn: 'arn:aws:s3:::uploads-bucket',
          sourceAccount: '123456789012',
        },
      }),
    },
  ],
})
