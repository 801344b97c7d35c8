// The check flow's vocabulary: its options, the steps it records, the STH values it reads and the causes it names.
export type SubscriptionApi = 'v1' | 'v2' | 'auto';

export interface FlowOptions {
  readonly orionUrl: string;
  readonly cometUrl: string;
  readonly service: string;
  readonly servicePath: string;
  readonly entityId: string;
  readonly entityType: string;
  /** Attributes with the values inserted first and the values of the update, in the recipe's order. */
  readonly attributes: readonly FlowAttribute[];
  /** The URL Orion notifies, as seen from inside the swarm. */
  readonly reference: string;
  readonly subscription: SubscriptionApi;
  /** The attribute whose history is read back. */
  readonly queryAttribute: string;
  readonly lastN: number;
  /** Also read an aggregate (e.g. max per minute) after the raw values. */
  readonly aggregate?: { readonly method: 'max' | 'min' | 'sum' | 'sum2' | 'occur'; readonly period: 'month' | 'day' | 'hour' | 'minute' | 'second' };
  /** Bounds of the wait for the notification to land. */
  readonly waitTimeoutMs: number;
  readonly maxPolls: number;
  /** Per-request deadline. */
  readonly requestTimeoutMs: number;
}

export interface FlowAttribute {
  readonly name: string;
  readonly type: string;
  readonly initial: string | number;
  readonly updateType: string;
  readonly updated: string | number;
}

export type StepName = 'baseline' | 'orionVersion' | 'insert' | 'subscribe' | 'update' | 'subscriptionStatus' | 'query' | 'probeService' | 'aggregate';

export interface StepRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface StepResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface FlowStep {
  readonly name: StepName;
  readonly request: StepRequest;
  readonly response?: StepResponse;
  /** Network-level failure (no HTTP answer). */
  readonly error?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** Whether the answer is what the step needs. */
  readonly ok: boolean;
  /** How many times the step was sent (the STH query is polled). */
  readonly attempts: number;
}

export interface HistoryValue {
  readonly recvTime: string;
  readonly attrType: string;
  readonly attrValue: unknown;
}

/** Orion's GET /v2/subscriptions/{id}, the fields the explanations read. */
export interface SubscriptionStatus {
  readonly id?: string;
  readonly status?: string;
  readonly expires?: string;
  readonly notification?: {
    readonly timesSent?: number;
    readonly lastNotification?: string;
    readonly lastSuccess?: string;
    readonly lastSuccessCode?: number;
    readonly lastFailure?: string;
    readonly lastFailureReason?: string;
    readonly attrsFormat?: string;
    readonly http?: { readonly url?: string };
  };
}

/** A cause from recipe.md's "What goes wrong", with what showed it and what to do. */
export interface Explanation {
  readonly code: CauseCode;
  /** Item of "What goes wrong" it comes from. */
  readonly item: number;
  readonly summary: string;
  readonly evidence: string;
  readonly fix: string;
}

export type CauseCode =
  | 'orionUnreachable'
  | 'cometUnreachable'
  | 'ngsiV1Removed'
  | 'legacyFormatRemoved'
  | 'subscribeRefused'
  | 'referenceUnresolvable'
  | 'referenceUnreachable'
  | 'referenceNotShared'
  | 'notificationRejectedNoService'
  | 'notificationRejected'
  | 'noNotification'
  | 'subscriptionExpired'
  | 'serviceCase'
  | 'emptyValues';

export interface FlowResult {
  readonly ok: boolean;
  readonly options: FlowOptions;
  readonly steps: readonly FlowStep[];
  readonly subscriptionId?: string;
  readonly orionVersion?: string;
  readonly subscriptionApi: 'v1' | 'v2';
  readonly values: readonly HistoryValue[];
  readonly aggregate?: unknown;
  readonly explanations: readonly Explanation[];
  readonly startedAt: string;
  readonly durationMs: number;
}
