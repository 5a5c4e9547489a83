import type { ChainHolderRow } from './resolution.sql';

/** The shapes the engine hands to the GraphQL types (resolution.type.ts); relations are codes, walked by loaders. */

export interface HolderNode {
  role: string;
  duty: string | null;
  active: boolean;
  resolution: 'DIRECT' | 'RELATIVE' | 'VIA_SUCCESSOR' | 'TEMPLATE' | 'INACTIVE';
  level: string | null;
  body: string | null;
  namedBody: string | null;
  relative: string | null;
  scope: string;
  assignment: string;
  catalogue: string | null;
}
export interface FlagNode {
  kind: string;
  item: string;
  jurisdiction: string;
  bodies: string[];
  acknowledged: boolean;
  acknowledgement: { reason: string; actor: string | null; at: string } | null;
}
export interface ChainNode {
  item: string;
  jurisdiction: string;
  asOf: string;
  levels: { level: string; jurisdiction: string; holders: HolderNode[] }[];
  primary: HolderNode[];
  otherHolders: HolderNode[];
  flags: string[];
  flagDetails: FlagNode[];
  applicable: boolean;
}

export function toHolder(h: ChainHolderRow): HolderNode {
  const resolution = h.template
    ? 'TEMPLATE'
    : !h.active
      ? 'INACTIVE'
      : h.viaSuccessor
        ? 'VIA_SUCCESSOR'
        : h.relative
          ? 'RELATIVE'
          : 'DIRECT';
  return {
    role: h.role,
    duty: h.duty,
    active: h.active,
    resolution,
    level: h.level,
    body: h.template ? null : h.body,
    namedBody: h.namedBody,
    relative: h.relative,
    scope: h.scope,
    assignment: h.assignment,
    catalogue: h.catalogue,
  };
}

export function flagNode(
  f: { kind: string; item: string; target: string; bodies: string[] },
  ack?: { reason: string; actor: string | null; at: string } | null,
): FlagNode {
  return {
    kind: f.kind,
    item: f.item,
    jurisdiction: f.target,
    bodies: f.bodies,
    acknowledged: !!ack,
    acknowledgement: ack ? { reason: ack.reason, actor: ack.actor, at: ack.at } : null,
  };
}
