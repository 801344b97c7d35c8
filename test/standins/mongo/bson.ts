// The one place that loads bson: through require() so bundlers take its CommonJS build (the ESM build uses top-level await).
import bson = require('bson');

export import Binary = bson.Binary;
export import EJSON = bson.EJSON;
export import Long = bson.Long;
export import ObjectId = bson.ObjectId;
export import Timestamp = bson.Timestamp;
export import UUID = bson.UUID;
export const { calculateObjectSize, deserialize, serialize } = bson;
export type Document = bson.Document;
