import { defineRule } from 'caracal/sdk'
import { decodeUri, webContext, webRequest, type WebAccessEvent } from '../helpers/network.js'

/** File names of widely deployed web shells. */
const SHELL_NAMES =
  /\/(c99|r57|wso|b374k|alfa|shell|cmd|webshell|china ?chopper|bypass)\.(php\d?|phtml|aspx?|jsp|jspx)$/i

/** Query parameters that pass an OS command to a script. */
const COMMAND_PARAMS =
  /[?&](cmd|exec|command|execute|shell)=[^&]*\b(id|whoami|uname|cat|wget|curl|powershell|cmd\.exe|bash|sh)\b/i

function shellIndicator(event: WebAccessEvent): string {
  const uri = decodeUri(webRequest(event).uri)
  const path = uri.split('?')[0] ?? ''
  if (SHELL_NAMES.test(path)) return 'known web shell file name'
  if (/\.(php\d?|phtml|aspx?|jspx?)$/i.test(path) && COMMAND_PARAMS.test(uri)) {
    return 'OS command passed to a script'
  }
  return ''
}

/** Successful requests to a web shell: an attacker already has code on the server. */
export default defineRule({
  id: 'Web.Webshell.Access',
  name: 'Web Shell Access',
  logTypes: ['Nginx.Access', 'Apache.AccessCombined'],
  severity: 'HIGH',
  description:
    'A request that got a 2xx answer targeted a script named like a well-known web shell ' +
    '(c99, r57, wso, b374k, cmd.php, shell.aspx …) or passed an OS command (id, whoami, wget, ' +
    'powershell …) in a cmd/exec/command parameter to a server-side script.',
  reference: 'https://attack.mitre.org/techniques/T1505/003/',
  runbook:
    'Check whether the file exists in the web root and when it was created (file integrity ' +
    'monitoring, osquery, EDR). Review every request to it and the commands passed. If it ' +
    'exists, the server is compromised: isolate it, preserve the file and logs, find the ' +
    'initial upload vector (vulnerable plugin, upload form), and rebuild.',
  tags: ['Web', 'Persistence', 'Web Shell'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1505.003', 'TA0002:T1059'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const status = webRequest(event).status ?? 0
    return status >= 200 && status < 300 && shellIndicator(event) !== ''
  },

  title(event) {
    const req = webRequest(event)
    return `Web shell access: ${req.uri.split('?')[0] ?? ''} from ${req.clientIp || 'unknown'}`
  },

  dedup(event) {
    return `web-shell:${webRequest(event).uri.split('?')[0] ?? ''}`
  },

  alertContext(event) {
    return {
      ...webContext(event),
      indicator: shellIndicator(event),
      decodedUri: decodeUri(webRequest(event).uri),
    }
  },

  tests: [
    {
      name: 'Command passed to an uploaded PHP file',
      expect: true,
      event: {
        remoteAddr: '5.188.62.140',
        time: '2024-06-12 12:00:00.000',
        request: 'GET /wp-content/uploads/2024/06/thumb.php?cmd=cat+/etc/passwd HTTP/1.1',
        status: 200,
        bodyBytesSent: 1893,
        httpUserAgent: 'python-requests/2.31.0',
        p_log_type: 'Nginx.Access',
      },
    },
    {
      name: 'wso.php answered 200 (Apache)',
      expect: true,
      event: {
        remote_host_ip_address: '5.188.62.140',
        request_time: '2024-06-12 12:01:00.000',
        request_method: 'POST',
        request_uri: '/images/wso.php',
        request_protocol: 'HTTP/1.1',
        response_status: 200,
        response_size: 20311,
        p_log_type: 'Apache.AccessCombined',
      },
    },
    {
      name: 'Probe for a shell that does not exist (404)',
      expect: false,
      event: {
        remoteAddr: '5.188.62.140',
        time: '2024-06-12 12:02:00.000',
        request: 'GET /shell.php HTTP/1.1',
        status: 404,
        p_log_type: 'Nginx.Access',
      },
    },
  ],
})
