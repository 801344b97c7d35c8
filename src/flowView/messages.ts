// The messages between the check-flow webview and the extension, one type each, checked on receipt.
import type { FlowResult, FlowStep } from '../core/flow/types';

/** What the form holds; every field is text as typed, parsed by the extension. */
export interface FlowForm {
  orionUrl: string;
  cometUrl: string;
  service: string;
  servicePath: string;
  entityId: string;
  entityType: string;
  reference: string;
  subscription: 'auto' | 'v1' | 'v2';
  lastN: string;
}

export type FromWebview =
  | { type: 'ready' }
  | { type: 'run'; form: FlowForm }
  | { type: 'copy'; text: string };

export type ToWebview =
  | { type: 'init'; form: FlowForm; strings: Record<string, string> }
  | { type: 'started'; runId: number; form: FlowForm }
  | { type: 'step'; runId: number; step: FlowStep & { curl: string } }
  | { type: 'finished'; runId: number; result: FlowResult & { steps: (FlowStep & { curl: string })[] } }
  | { type: 'failed'; runId: number; message: string };

const FORM_TEXT: (keyof FlowForm)[] = ['orionUrl', 'cometUrl', 'service', 'servicePath', 'entityId', 'entityType', 'reference', 'lastN'];

function isForm(x: unknown): x is FlowForm {
  if (!x || typeof x !== 'object') return false;
  const f = x as Record<string, unknown>;
  return FORM_TEXT.every((k) => typeof f[k] === 'string' && (f[k] as string).length <= 2048) && ['auto', 'v1', 'v2'].includes(f.subscription as string);
}

/** Anything else a webview could post (a compromised page included) is dropped. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as { type?: unknown; form?: unknown; text?: unknown };
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'run' && isForm(m.form)) return { type: 'run', form: m.form };
  if (m.type === 'copy' && typeof m.text === 'string' && m.text.length <= 100_000) return { type: 'copy', text: m.text };
  return undefined;
}

/** What the serializer gets back on reload: the form and the runs the webview kept. */
export function formFromState(state: unknown): FlowForm | undefined {
  const form = (state as { form?: unknown } | undefined)?.form;
  return isForm(form) ? form : undefined;
}
