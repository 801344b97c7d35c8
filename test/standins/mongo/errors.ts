// Command errors with mongod's numeric codes and code names, rendered per version.
import type { Document } from './bson';
import type { Persona } from './persona';

export const Codes = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  AlreadyInitialized: 23,
  NamespaceNotFound: 26,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  WriteConcernFailed: 64,
  InvalidNamespace: 73,
  NodeNotFound: 74,
  InvalidReplicaSetConfig: 93,
  NotYetInitialized: 94,
  NewReplicaSetConfigurationIncompatible: 103,
  InconsistentReplicaSetNames: 185,
  UnsupportedOpQueryCommand: 352,
  DuplicateKey: 11000,
  NotWritablePrimary: 10107,
  NotPrimaryNoSecondaryOk: 13435,
  NotPrimaryOrSecondary: 13436,
} as const;

const names = new Map<number, string>(Object.entries(Codes).map(([name, code]) => [code, name]));

export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly codeName = names.get(code) ?? 'UnknownError',
    readonly extra: Document = {},
  ) {
    super(message);
  }
}

export function notPrimary(persona: Persona): CommandError {
  return new CommandError(Codes.NotWritablePrimary, persona.notPrimaryMessage, persona.notPrimaryCodeName);
}

export function notPrimaryNoSecondaryOk(persona: Persona): CommandError {
  return new CommandError(Codes.NotPrimaryNoSecondaryOk, persona.notPrimaryNoSecondaryOkMessage, persona.notPrimaryNoSecondaryOkCodeName);
}

/** The `{ok: 0, errmsg, code, codeName}` document; 3.2 had no codeName yet. */
export function errorDocument(err: unknown, persona: Persona): Document {
  if (err instanceof CommandError) {
    const doc: Document = { ...err.extra, ok: 0, errmsg: err.message, code: err.code };
    if (persona.hasCodeName) doc.codeName = err.codeName;
    return doc;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { ok: 0, errmsg: message, code: 1, ...(persona.hasCodeName ? { codeName: 'InternalError' } : {}) };
}

/** A write error entry as write commands report them (writeErrors[]), never with codeName before 3.4. */
export function writeErrorEntry(index: number, err: CommandError, persona: Persona): Document {
  const doc: Document = { index, code: err.code };
  if (persona.hasCodeName) doc.codeName = err.codeName;
  doc.errmsg = err.message;
  return doc;
}
