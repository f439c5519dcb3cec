import { ActorToken } from './actor';
import { capabilityName } from './caps';
import { formatUnixTime, TokenValidation } from './jwt';
import { escapeControl } from './terminal-text';

/**
 * What `wash claims inspect -o json` prints for an actor (wash-lib 0.2x `render_actor_claims`):
 * `capabilities` (or `capability_provider` for a provider-signed module) as wash's names for the
 * contract ids, `tags` as one comma-joined string ("None" when empty), the subject under both
 * `actor` and `module`. `hash`, `issued` and `wascap_revision` are ours, added after wash's keys.
 * The CLI's `claims inspect`/`inspect` and the plugin's inspect target both print this object. A module without a name is "Anonymous"
 * (wascap's `Actor::name`).
 */
export interface ActorClaimsReport {
  account: string;
  actor: string;
  module: string;
  expires: string;
  can_be_used: string;
  version: string;
  revision: number;
  capabilities?: string[];
  capability_provider?: string[];
  tags: string;
  call_alias: string;
  name: string;
  hash: string;
  issued: string;
  wascap_revision: number | null;
}

export function actorClaimsReport(token: ActorToken, validation: TokenValidation): ActorClaimsReport {
  const md = token.claims.wascap;
  const caps = (md.caps ?? []).map(capabilityName);
  return {
    account: token.claims.iss,
    actor: token.claims.sub,
    module: token.claims.sub,
    expires: validation.expiresHuman,
    can_be_used: validation.notBeforeHuman,
    version: md.ver ?? 'None',
    revision: md.rev ?? 0,
    ...(md.prov ? { capability_provider: caps } : { capabilities: caps }),
    tags: md.tags && md.tags.length > 0 ? md.tags.join(',') : 'None',
    call_alias: md.call_alias ?? '(Not set)',
    name: md.name ?? 'Anonymous',
    hash: md.hash,
    issued: formatUnixTime(token.claims.iat),
    wascap_revision: typeof token.claims.wascap_revision === 'number' ? token.claims.wascap_revision : null,
  };
}

/**
 * The report as text: a title, aligned key rows, then capabilities and tags one per line. Every
 * value comes from a token anyone can sign, so each is escaped: a name or tag cannot move the
 * cursor, recolour the terminal or print a fake line.
 */
export function actorClaimsText(token: ActorToken, report: ActorClaimsReport): string {
  const h = escapeControl;
  const rows: [string, string][] = [
    ['Account', h(report.account)],
    ['Module', h(report.module)],
    ['Expires', report.expires],
    ['Can Be Used', report.can_be_used],
    ['Version', `${h(report.version)} (${report.revision})`],
    ['Call Alias', h(report.call_alias)],
    ['Hash', h(report.hash)],
    ['Issued', report.issued],
    ['Wascap Revision', report.wascap_revision === null ? `none (${token.section})` : String(report.wascap_revision)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const caps = report.capabilities ?? report.capability_provider ?? [];
  const tags = token.claims.wascap.tags ?? [];
  return [
    `${h(report.name)} - Module`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    report.capability_provider ? 'Capability Provider' : 'Capabilities',
    ...(caps.length ? caps.map((c) => `  ${h(c)}`) : ['  None']),
    'Tags',
    ...(tags.length ? tags.map((t) => `  ${h(t)}`) : ['  None']),
  ].join('\n');
}
