// What differs between mongod versions that the recipe may deploy (wire version, flags, field sets, wordings).

export interface Persona {
  version: string;
  versionArray: [number, number, number, number];
  maxWireVersion: number;
  /** `hello` exists from 4.4.2 and was backported to 4.2.10, 4.0.21 and 3.6.21 (MongoDB manual). */
  hasHello: boolean;
  /** From 3.6 mongod binds to localhost unless --bind_ip/--bind_ip_all say otherwise. */
  localhostOnlyByDefault: boolean;
  /** --bind_ip_all appeared in 3.6. */
  knowsBindIpAll: boolean;
  /** 4.2 removed MMAPv1 and with it --smallfiles (and --noprealloc, --nssize). */
  knowsSmallfiles: boolean;
  /** Error documents carry codeName from 3.4 on. */
  hasCodeName: boolean;
  /** code 10107: NotMaster before 4.4, NotWritablePrimary from 4.4. */
  notPrimaryCodeName: string;
  /** errmsg of 10107: "not master" until 4.4, "not primary" from 5.0. */
  notPrimaryMessage: string;
  notPrimaryNoSecondaryOkCodeName: string;
  notPrimaryNoSecondaryOkMessage: string;
  hasTopologyVersion: boolean;
  hasLogicalSessions: boolean;
  hasLastWrite: boolean;
  hasConnectionId: boolean;
  /** replSetGetStatus has `term` at top level from 3.6 (brief) and syncSourceHost instead of syncingTo from 4.4. */
  statusHasTerm: boolean;
  statusUsesSyncSourceHost: boolean;
  /** 4.4 switched mongod's log to structured JSON lines. */
  jsonLog: boolean;
  /** 5.1+ refuses OP_QUERY for everything except the handshake. */
  opQueryOnlyForHandshake: boolean;
  /** Namespaces above 120 bytes are refused before 4.4 (MaxNsCollectionLen). */
  maxNamespaceLength: number;
  maxWriteBatchSize: number;
  /** 4.4 prints duplicate keys as `{ _id: 1 }`, older versions as `{ : 1 }`. */
  dupKeyWithFieldNames: boolean;
  indexVersion: number;
}

export const DEFAULT_VERSION = '3.2.22';

function parse(version: string): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!m) throw new Error(`unsupported version string: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function atLeast(v: [number, number, number], major: number, minor: number, patch = 0): boolean {
  if (v[0] !== major) return v[0] > major;
  if (v[1] !== minor) return v[1] > minor;
  return v[2] >= patch;
}

function wireVersionOf(v: [number, number, number]): number {
  const table: Array<[number, number, number]> = [
    [8, 0, 25], [7, 0, 21], [6, 0, 17], [5, 0, 13], [4, 4, 9], [4, 2, 8], [4, 0, 7], [3, 6, 6], [3, 4, 5], [3, 2, 4], [3, 0, 3],
  ];
  for (const [major, minor, wire] of table) if (atLeast(v, major, minor)) return wire;
  return 2;
}

function helloBackported(v: [number, number, number]): boolean {
  if (atLeast(v, 4, 4, 2)) return true;
  if (v[0] === 4 && v[1] === 2) return v[2] >= 10;
  if (v[0] === 4 && v[1] === 0) return v[2] >= 21;
  if (v[0] === 3 && v[1] === 6) return v[2] >= 21;
  return false;
}

export function personaFor(version: string): Persona {
  const v = parse(version);
  const is44 = atLeast(v, 4, 4);
  const is50 = atLeast(v, 5, 0);
  return {
    version,
    versionArray: [v[0], v[1], v[2], 0],
    maxWireVersion: wireVersionOf(v),
    hasHello: helloBackported(v),
    localhostOnlyByDefault: atLeast(v, 3, 6),
    knowsBindIpAll: atLeast(v, 3, 6),
    knowsSmallfiles: !atLeast(v, 4, 2),
    hasCodeName: atLeast(v, 3, 4),
    notPrimaryCodeName: is44 ? 'NotWritablePrimary' : 'NotMaster',
    notPrimaryMessage: is50 ? 'not primary' : 'not master',
    notPrimaryNoSecondaryOkCodeName: is44 ? 'NotPrimaryNoSecondaryOk' : 'NotMasterNoSlaveOk',
    notPrimaryNoSecondaryOkMessage: is50 ? 'not primary and secondaryOk=false' : 'not master and slaveOk=false',
    hasTopologyVersion: is44,
    hasLogicalSessions: atLeast(v, 3, 6),
    hasLastWrite: atLeast(v, 3, 4),
    hasConnectionId: atLeast(v, 4, 2),
    statusHasTerm: atLeast(v, 3, 6),
    statusUsesSyncSourceHost: is44,
    jsonLog: is44,
    opQueryOnlyForHandshake: atLeast(v, 5, 1),
    maxNamespaceLength: is44 ? 255 : 120,
    maxWriteBatchSize: atLeast(v, 3, 6) ? 100000 : 1000,
    dupKeyWithFieldNames: is44,
    indexVersion: atLeast(v, 3, 4) ? 2 : 1,
  };
}
