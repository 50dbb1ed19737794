import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  param,
  succeeded,
} from '../helpers/aws.js'

/** SSM documents that run arbitrary commands on the target instances. */
const SHELL_DOCUMENTS = ['AWS-RunShellScript', 'AWS-RunPowerShellScript']

function targets(event: AWSCloudTrailEvent): string[] {
  return asList(getPath(event.requestParameters, 'instanceIds')).filter(
    (id): id is string => typeof id === 'string',
  )
}

/** Panther's AWS.SSM.SendCommand / cloud administration command rules. */
export default defineRule({
  id: 'AWS.SSM.RunShellCommand',
  name: 'AWS SSM Shell Command Sent To Instances',
  logTypes: ['AWS.CloudTrail'],
  severity: 'LOW',
  description:
    'A principal ran arbitrary shell or PowerShell commands on EC2 instances through Systems ' +
    'Manager (SendCommand with AWS-RunShellScript / AWS-RunPowerShellScript). It gives root ' +
    'execution without SSH keys and is favoured by attackers holding ssm:SendCommand.',
  reference:
    'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-command-ssm-plugin-reference.html#aws-runShellScript',
  runbook:
    'Read the commands (the parameters are hidden in CloudTrail; use aws ssm ' +
    'list-command-invocations --command-id <id> --details). Confirm the actor runs ' +
    'operations on these instances; for unexpected commands, isolate the instances and ' +
    'investigate the principal.',
  tags: ['AWS', 'Execution'],
  reports: { 'MITRE ATT&CK': ['TA0002:T1651'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'ssm.amazonaws.com' &&
      event.eventName === 'SendCommand' &&
      succeeded(event) &&
      SHELL_DOCUMENTS.includes(param(event, 'documentName'))
    )
  },

  title(event) {
    return `${actorOf(event)} ran ${param(event, 'documentName')} on ${String(targets(event).length)} instance(s) in account ${accountOf(event)}`
  },

  dedup(event) {
    return `ssm-shell:${accountOf(event)}:${actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      documentName: param(event, 'documentName'),
      instanceIds: targets(event),
      commandId: getPath(event.responseElements, 'command', 'commandId') ?? null,
    }
  },

  tests: [
    {
      name: 'Shell script sent to an instance',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ssm.amazonaws.com',
        eventName: 'SendCommand',
        requestParameters: {
          instanceIds: ['i-0123456789abcdef0'],
          documentName: 'AWS-RunShellScript',
          parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
          interactive: false,
        },
        responseElements: {
          command: {
            commandId: 'a7f3c2e1-5b6d-4e8f-9a0b-1c2d3e4f5a6b',
            documentName: 'AWS-RunShellScript',
            instanceIds: ['i-0123456789abcdef0'],
            status: 'Pending',
          },
        },
      }),
    },
    {
      name: 'Patch baseline applied',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ssm.amazonaws.com',
        eventName: 'SendCommand',
        requestParameters: {
          instanceIds: ['i-0123456789abcdef0'],
          documentName: 'AWS-RunPatchBaseline',
          parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
        },
      }),
    },
  ],
})
