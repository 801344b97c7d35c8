// Orion's Mongo storage as the stand-in keeps it: database orion[-<tenant>], collections entities and csubs, through the driver.
import { connectMongo, type MongoClientLike } from '../sth/driver';

export interface StoredAttribute {
  type: string;
  value: unknown;
  mdNames: string[];
  creDate: number;
  modDate: number;
}

export interface StoredEntity {
  _id: { id: string; type: string; servicePath: string };
  attrNames: string[];
  attrs: Record<string, StoredAttribute>;
  creDate: number;
  modDate: number;
}

export interface StoredSubscription {
  _id: unknown;
  /** Seconds since the epoch; a far future for permanent ones. */
  expiration: number;
  reference: string;
  servicePath: string;
  status: string;
  description?: string;
  entities: { id: string; isPattern: 'true' | 'false'; type: string; isTypePattern: boolean }[];
  attrs: string[];
  conditions: string[];
  /** 'JSON' for NGSI v1 subscriptions (legacy notifications), else the v2 attrsFormat. */
  format: string;
  throttling: number;
  count?: number;
  lastNotification?: number;
  lastSuccess?: number;
  lastSuccessCode?: number;
  lastFailure?: number;
  lastFailureReason?: string;
}

interface Collection<T> {
  findOne(filter: Record<string, unknown>): Promise<T | null>;
  find(filter: Record<string, unknown>): { toArray(): Promise<T[]> };
  insertOne(doc: T): Promise<unknown>;
  updateOne(filter: Record<string, unknown>, update: Record<string, unknown>): Promise<unknown>;
}

/** Orion's "permanent" expiration (9223372036854775807 in its code, a far future here). */
export const PERMANENT = 253402300799;

export class OrionStore {
  private client: Promise<MongoClientLike> | undefined;

  /** `connect` opens the driver connection; it is retried on the next request after a failure. */
  constructor(private readonly connect: () => Promise<MongoClientLike>) {}

  static forDbHost(dbhost: string, rplSet: string, timeoutMs: number): OrionStore {
    const url = `mongodb://${dbhost}/${rplSet ? `?replicaSet=${rplSet}` : ''}`;
    return new OrionStore(() => connectMongo(url, { useUnifiedTopology: true, serverSelectionTimeoutMS: timeoutMs }));
  }

  private async db(tenant: string) {
    this.client ??= this.connect();
    try {
      const client = await this.client;
      return client.db(tenant ? `orion-${tenant}` : 'orion');
    } catch (err) {
      this.client = undefined;
      throw err;
    }
  }

  async entities(tenant: string): Promise<Collection<StoredEntity>> {
    return (await this.db(tenant)).collection('entities') as Collection<StoredEntity>;
  }

  async subscriptions(tenant: string): Promise<Collection<StoredSubscription>> {
    return (await this.db(tenant)).collection('csubs') as Collection<StoredSubscription>;
  }

  async close(): Promise<void> {
    const pending = this.client;
    this.client = undefined;
    if (pending) await (await pending.catch(() => undefined))?.close(true);
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ObjectId } = require('mongodb') as { ObjectId: new (hex?: string) => { toHexString(): string } };

/** A fresh subscription id: Orion's are Mongo ObjectIds, 24 hex digits. */
export function newObjectId(): unknown {
  return new ObjectId();
}

export function objectIdFrom(hex: string): unknown | undefined {
  return /^[0-9a-fA-F]{24}$/.test(hex) ? new ObjectId(hex) : undefined;
}

export function hexOf(id: unknown): string {
  return (id as { toHexString(): string }).toHexString();
}
