/** A seeded generator of realistic VPC flow log lines (default v2 format), for benchmarks only. */
import { seededRandom } from './cloudtrail.js'

/** The header line S3 delivery writes at the top of each default-format file. */
export const vpcFlowHeader =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'

/** `count` default-format flow records; about 1 in 50 is a NODATA record of dashes. */
export function vpcFlowLines(count: number, seed = 7): string[] {
  const rnd = seededRandom(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const hex = (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join('')
  const accounts = Array.from({ length: 5 }, () => `1234567890${String(int(90) + 10)}`)
  const enis = Array.from({ length: 40 }, () => `eni-${hex(17)}`)
  const privateIp = () => `10.${int(4)}.${int(256)}.${int(254) + 1}`
  const publicIp = () => `${int(223) + 1}.${int(256)}.${int(256)}.${int(254) + 1}`
  const ports = [22, 53, 80, 443, 3306, 5432, 8080, 3389]
  const start = Date.parse('2026-11-01T00:00:00Z') / 1000
  return Array.from({ length: count }, (_, i) => {
    const account = accounts[int(accounts.length)] as string
    const eni = enis[int(enis.length)] as string
    const t = start + i
    if (rnd() < 0.02) return `2 ${account} ${eni} - - - - - - - ${t} ${t + 60} - NODATA`
    const inbound = rnd() < 0.5
    const [src, dst] = inbound ? [publicIp(), privateIp()] : [privateIp(), publicIp()]
    const port = ports[int(ports.length)] as number
    const [sport, dport] = inbound ? [int(64511) + 1024, port] : [port, int(64511) + 1024]
    const proto = port === 53 ? 17 : 6
    const packets = int(200) + 1
    const bytes = packets * (int(1400) + 40)
    const action = rnd() < 0.9 ? 'ACCEPT' : 'REJECT'
    return `2 ${account} ${eni} ${src} ${dst} ${sport} ${dport} ${proto} ${packets} ${bytes} ${t} ${t + int(60)} ${action} OK`
  })
}
