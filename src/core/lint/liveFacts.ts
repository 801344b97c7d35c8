// What the live swarm says, as the linter needs it; whoever reads Docker and Mongo fills this in.

export interface LiveNetwork {
  readonly name: string;
  /** `swarm` for overlay networks a stack can use; `local` for bridges. */
  readonly scope: string;
  readonly driver: string;
}

export interface LiveFacts {
  /** Full service names, e.g. `mongo-rs_mongo`, `comet_comet`. */
  readonly serviceNames: readonly string[];
  /** Other names services answer to on their networks (short service names, explicit aliases). */
  readonly networkAliases?: readonly string[];
  readonly networks: readonly LiveNetwork[];
  /** `hello`.setName of the live replica set; null when mongod runs but the set was never initiated; undefined when not read. */
  readonly liveSetName?: string | null;
  /** Image references present on each node, e.g. `telefonicaiot/fiware-sth-comet:2.2.0`; undefined when not read. */
  readonly imagesOnNodes?: readonly { readonly node: string; readonly images: readonly string[] }[];
}
