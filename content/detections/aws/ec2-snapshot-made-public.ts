import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  getString,
  param,
  succeeded,
} from '../helpers/aws.js'

/** True when the call adds the `all` group to the snapshot's or image's permissions. */
function sharesWithAll(event: AWSCloudTrailEvent): boolean {
  const params = event.requestParameters
  const permission =
    getPath(params, 'createVolumePermission', 'add', 'items') ??
    getPath(params, 'launchPermission', 'add', 'items')
  return asList(permission).some((item) => getString(item, 'group') === 'all')
}

/** Panther's AWS.EC2.SnapshotMadePublic (EBS snapshots and AMIs). */
export default defineRule({
  id: 'AWS.EC2.SnapshotMadePublic',
  name: 'AWS EBS Snapshot Or AMI Made Public',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An EBS snapshot (ModifySnapshotAttribute createVolumePermission) or an AMI ' +
    '(ModifyImageAttribute launchPermission) was shared with group "all": anyone can copy it ' +
    'and read the disk contents.',
  reference:
    'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html',
  runbook:
    'Remove the public permission (aws ec2 modify-snapshot-attribute --create-volume-permission ' +
    'Remove=[{Group=all}]). Determine what data the volume held and whether secrets on it must ' +
    'be rotated; treat the exposure window as a possible data leak.',
  tags: ['AWS', 'EC2', 'Exfiltration'],
  reports: { 'MITRE ATT&CK': ['TA0010:T1537'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'ec2.amazonaws.com' &&
      (event.eventName === 'ModifySnapshotAttribute' ||
        event.eventName === 'ModifyImageAttribute') &&
      succeeded(event) &&
      sharesWithAll(event)
    )
  },

  title(event) {
    const resource = param(event, 'snapshotId') || param(event, 'imageId')
    return `${resource} made public by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `snapshot-public:${accountOf(event)}:${param(event, 'snapshotId') || param(event, 'imageId')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      snapshotId: param(event, 'snapshotId') || null,
      imageId: param(event, 'imageId') || null,
    }
  },

  tests: [
    {
      name: 'Snapshot shared with all',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifySnapshotAttribute',
        requestParameters: {
          snapshotId: 'snap-0b1c2d3e4f5a6b7c8',
          createVolumePermission: { add: { items: [{ group: 'all' }] } },
          attributeType: 'CREATE_VOLUME_PERMISSION',
        },
        responseElements: { requestId: '8d0b0a9e-2c7f-4c3e-9d7b-1a2b3c4d5e6f', _return: true },
      }),
    },
    {
      name: 'Snapshot shared with a partner account',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifySnapshotAttribute',
        requestParameters: {
          snapshotId: 'snap-0b1c2d3e4f5a6b7c8',
          createVolumePermission: { add: { items: [{ userId: '210987654321' }] } },
          attributeType: 'CREATE_VOLUME_PERMISSION',
        },
        responseElements: { requestId: '8d0b0a9e-2c7f-4c3e-9d7b-1a2b3c4d5e6f', _return: true },
      }),
    },
  ],
})
