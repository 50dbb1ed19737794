import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../../registry.js'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** GitLab's JSON log files, with the example lines of GitLab's log documentation. */

const api = {
  time: '2018-10-29T12:49:42.123Z',
  severity: 'INFO',
  duration_s: 0.70906,
  db_duration_s: 0.08136,
  view_duration_s: 0.6277,
  status: 200,
  method: 'GET',
  path: '/api/v4/projects',
  params: [
    { key: 'action', value: 'git-upload-pack' },
    { key: 'changes', value: '_any' },
    { key: 'key_id', value: '[FILTERED]' },
    { key: 'gl_repository', value: 'project-3' },
  ],
  host: 'localhost',
  remote_ip: '::1',
  ua: 'Ruby',
  route: '/api/:version/projects',
  user_id: 1,
  username: 'root',
  queue_duration_s: 100.31,
  gitaly_calls: 30,
  gitaly_duration_s: 5.36,
  redis_calls: 1,
  redis_duration_s: 0.02,
  correlation_id: 'ZrBvo4nTpV5',
  'meta.user': 'root',
  'meta.caller_id': 'GET /api/:version/projects',
}

const production = {
  method: 'GET',
  path: '/gitlab/gitlab-foss/issues/1234',
  format: 'html',
  controller: 'Projects::IssuesController',
  action: 'show',
  status: 200,
  time: '2017-08-08T20:15:54.821Z',
  params: [{ key: 'param_key', value: 'param_value' }],
  remote_ip: '18.245.0.1',
  user_id: 1,
  username: 'admin',
  queue_duration_s: 0.0,
  gitaly_calls: 16,
  gitaly_duration_s: 0.16,
  redis_calls: 115,
  redis_duration_s: 0.13,
  redis_read_bytes: 1507378,
  redis_write_bytes: 2920,
  correlation_id: 'O1SdybnnIq7',
  cpu_s: 17.5,
  db_duration_s: 0.08,
  view_duration_s: 2.39,
  duration_s: 20.54,
  pid: 81836,
  worker_id: 'puma_0',
}

const git = {
  severity: 'ERROR',
  time: '2019-07-19T22:16:12.528Z',
  correlation_id: 'FeGxww5Hj64',
  message:
    "Command failed [1]: /usr/bin/git --git-dir=/tmp/group184/gitlabhq/.git merge --no-ff -mMerge branch 'feature_conflict' into 'feature' source/feature_conflict\n\nerror: failed to push some refs",
}

const integrations = {
  severity: 'ERROR',
  time: '2018-09-06T14:56:20.439Z',
  service_class: 'JiraService',
  project_id: 8,
  project_path: 'h5bp/html5-boilerplate',
  message: 'Error sending message',
  client_url: 'http://jira.gitlab.com:8080',
  error: 'execution expired',
}

describe('GitLab logs', () => {
  it('GitLab.API: a request with its route, params and the dotted meta keys', () => {
    const event = parseOne('GitLab.API', api)
    expect(event).toMatchObject({
      p_event_time: '2018-10-29 12:49:42.123',
      status: 200,
      params: [{ key: 'action', value: 'git-upload-pack' }, { key: 'changes' }, {}, {}],
      'meta.user': 'root',
      p_any_ip_addresses: ['::1'],
      p_any_usernames: ['root'],
      p_any_trace_ids: ['ZrBvo4nTpV5'],
    })
    expect(failureOf('GitLab.API', without(api, 'route'))).toBe('missing required field route')
  })

  it('GitLab.Production: a controller request, keeping fields newer GitLab versions add', () => {
    const event = parseOne('GitLab.Production', production)
    expect(event).toMatchObject({
      controller: 'Projects::IssuesController',
      redis_read_bytes: 1507378,
      duration_s: 20.54,
      pid: 81836,
      p_extra_fields: { pid: 81836, worker_id: 'puma_0' },
      p_any_ip_addresses: ['18.245.0.1'],
    })
    // Optional fields absent: a minimal line still parses.
    const minimal = parseOne('GitLab.Production', {
      method: 'POST',
      path: '/users/sign_in',
      controller: 'SessionsController',
      action: 'create',
      status: 302,
      time: '2017-08-08T20:15:54.821Z',
      duration_s: 0.2,
    })
    expect([minimal.params, minimal.username]).toEqual([undefined, undefined])
  })

  it('tells API and production lines apart: API lines have no controller', () => {
    expect(failureOf('GitLab.Production', api)).toBe('missing required field controller')
    expect(failureOf('GitLab.API', production)).toBe('missing required field severity')
  })

  it('GitLab.Audit: a visibility change', () => {
    expect(
      parseOne('GitLab.Audit', {
        severity: 'INFO',
        time: '2018-10-17T17:38:22.523Z',
        author_id: 3,
        entity_id: 2,
        entity_type: 'Project',
        change: 'visibility',
        from: 'Private',
        to: 'Public',
        author_name: 'John Doe4',
        target_id: 2,
        target_type: 'Project',
        target_details: 'namespace2/project2',
      }),
    ).toMatchObject({ change: 'visibility', to: 'Public', p_any_usernames: ['John Doe4'] })
  })

  it('GitLab.Exceptions: the nested server details and the dotted exception keys', () => {
    const event = parseOne('GitLab.Exceptions', {
      severity: 'ERROR',
      time: '2019-12-17T11:49:29.485Z',
      correlation_id: 'AbDVUrrTvM1',
      'extra.server': {
        os: { name: 'Darwin', version: 'Darwin Kernel Version 19.2.0', build: '19.2.0' },
        runtime: { name: 'ruby', version: 'ruby 2.6.5p114 (2019-10-01 revision 67812)' },
      },
      'extra.project_id': 55,
      'extra.relation_key': 'milestones',
      'extra.relation_index': 1,
      'exception.class': 'NoMethodError',
      'exception.message': "undefined method `strong_memoize'",
      'exception.backtrace': [
        "lib/gitlab/import_export/relation_factory.rb:329:in `unique_relation?'",
        "lib/gitlab/import_export/relation_factory.rb:345:in `find_or_create_object!'",
      ],
    })
    expect(event).toMatchObject({
      'extra.server': { os: { build: '19.2.0' }, runtime: { name: 'ruby' } },
      'extra.project_id': 55,
      'exception.class': 'NoMethodError',
    })
  })

  it('GitLab.Git and GitLab.Integrations: integrations lines need their service fields', () => {
    expect(parseOne('GitLab.Git', git).message).toContain('Command failed')
    const event = parseOne('GitLab.Integrations', integrations)
    expect(event).toMatchObject({ project_id: 8, error: 'execution expired' })
    expect(event.p_any_domain_names).toEqual(['jira.gitlab.com'])
    expect(failureOf('GitLab.Integrations', git)).toBe('missing required field service_class')
    // A bare message line is GitLab.Git; an integrations line fits both, as in Panther, and the
    // classifier keeps whichever the source has been sending.
    const registry = builtinLogTypes()
    expect(registry.find('GitLab.Git').parse(JSON.stringify(integrations)).events).toHaveLength(1)
  })
})
