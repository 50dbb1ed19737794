import { defineRule } from 'caracal/sdk'
import { decision } from '../helpers/kubernetes.js'

/** Unauthenticated endpoints that are anonymous by design (health and version probes). */
const PUBLIC_PATHS = [
  '/healthz',
  '/livez',
  '/readyz',
  '/version',
  '/.well-known/openid-configuration',
  '/openid/v1/jwks',
]

/** Panther's Kubernetes.AnonymousAccess (K8s.Anonymous.API.Access): the API allowed an anonymous request. */
export default defineRule({
  id: 'Kubernetes.AnonymousAccess',
  name: 'Kubernetes API Allowed Anonymous Access',
  logTypes: ['Kubernetes.Audit'],
  severity: 'HIGH',
  description:
    'The Kubernetes API server authorized a request from system:anonymous to something other ' +
    'than a health or version endpoint. An RBAC binding that lets anonymous users in exposes ' +
    'the cluster to the whole network (cryptominer campaigns scan for exactly this).',
  reference:
    'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
  runbook:
    'Find the binding that allowed it (authorization.k8s.io/reason) and remove the ' +
    'system:anonymous or system:unauthenticated subject. Check what the source IPs did: which ' +
    'resources were read or created. Consider --anonymous-auth=false on the API server.',
  tags: ['Kubernetes', 'Initial Access', 'Misconfiguration'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.001', 'TA0001:T1190'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const path = (event.requestURI ?? '').split('?')[0] ?? ''
    return (
      event.user?.username === 'system:anonymous' &&
      decision(event) === 'allow' &&
      !PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`))
    )
  },

  title(event) {
    return `Kubernetes: anonymous ${event.verb ?? 'request'} ${event.requestURI ?? ''} allowed from ${(event.sourceIPs ?? []).join(', ')}`
  },

  dedup(event) {
    return `k8s-anonymous:${(event.sourceIPs ?? [])[0] ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      sourceIPs: event.sourceIPs ?? [],
      verb: event.verb ?? null,
      requestURI: event.requestURI ?? null,
      resource: event.objectRef?.resource ?? null,
      namespace: event.objectRef?.namespace ?? null,
      userAgent: event.userAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Anonymous user lists secrets',
      expect: true,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'f5a6b7c8-d9e0-4f1a-2b3c-4d5e6f708192',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/secrets?limit=500',
        verb: 'list',
        user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
        sourceIPs: ['45.142.122.9'],
        userAgent: 'python-requests/2.31.0',
        objectRef: { resource: 'secrets', apiVersion: 'v1' },
        responseStatus: { metadata: {}, code: 200 },
        annotations: {
          'authorization.k8s.io/decision': 'allow',
          'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "anon-debug"',
        },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-08-08 08:08:08.000',
      },
    },
    {
      name: 'Anonymous health check',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'a6b7c8d9-e0f1-4a2b-3c4d-5e6f708192a3',
        stage: 'ResponseComplete',
        requestURI: '/readyz',
        verb: 'get',
        user: { username: 'system:anonymous', groups: ['system:unauthenticated'] },
        sourceIPs: ['10.0.0.5'],
        annotations: { 'authorization.k8s.io/decision': 'allow' },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-08-08 08:08:09.000',
      },
    },
    {
      name: 'Anonymous request denied',
      expect: false,
      event: {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'Metadata',
        auditID: 'b7c8d9e0-f1a2-4b3c-4d5e-6f708192a3b4',
        stage: 'ResponseComplete',
        requestURI: '/api/v1/secrets',
        verb: 'list',
        user: { username: 'system:anonymous' },
        sourceIPs: ['45.142.122.9'],
        annotations: { 'authorization.k8s.io/decision': 'forbid' },
        p_log_type: 'Kubernetes.Audit',
        p_event_time: '2024-08-08 08:08:10.000',
      },
    },
  ],
})
