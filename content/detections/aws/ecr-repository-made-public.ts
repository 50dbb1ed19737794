import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  policyIsPublic,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.ECR.RepositoryPublic style rule. */
export default defineRule({
  id: 'AWS.ECR.RepositoryMadePublic',
  name: 'AWS ECR Repository Made Public',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An ECR repository policy was set that allows Principal "*" without conditions. Anyone ' +
    'can pull (or, depending on actions, push) images, which may hold code and secrets.',
  reference: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html',
  runbook:
    'Read the policy (aws ecr get-repository-policy). Unless the images are meant to be public ' +
    '(use ECR Public for that), remove the statement; if push actions were allowed, verify the ' +
    'image digests deployed since the change.',
  tags: ['AWS', 'ECR', 'Exfiltration'],
  reports: { 'MITRE ATT&CK': ['TA0009:T1530', 'TA0001:T1195.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'ecr.amazonaws.com' &&
      event.eventName === 'SetRepositoryPolicy' &&
      succeeded(event) &&
      policyIsPublic(param(event, 'policyText'))
    )
  },

  title(event) {
    return `ECR repository ${param(event, 'repositoryName')} made public by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `ecr-public:${accountOf(event)}:${param(event, 'repositoryName')}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), repositoryName: param(event, 'repositoryName') }
  },

  tests: [
    {
      name: 'Pull allowed for everyone',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ecr.amazonaws.com',
        eventName: 'SetRepositoryPolicy',
        requestParameters: {
          repositoryName: 'billing-api',
          policyText:
            '{"Version":"2012-10-17","Statement":[{"Sid":"AllowPull","Effect":"Allow","Principal":"*","Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"]}]}',
        },
        responseElements: { registryId: '123456789012', repositoryName: 'billing-api' },
      }),
    },
    {
      name: 'Pull allowed for one account',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ecr.amazonaws.com',
        eventName: 'SetRepositoryPolicy',
        requestParameters: {
          repositoryName: 'billing-api',
          policyText:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:BatchGetImage"]}]}',
        },
      }),
    },
  ],
})
