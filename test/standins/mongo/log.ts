// mongod-like log lines: the text format of 3.x-4.2 and the JSON lines of 4.4+, so log readers see familiar output.
import type { Persona } from './persona';

export type Severity = 'I' | 'W' | 'E' | 'D';
export type LogSink = (line: string) => void;

/** Structured form of a line for 4.4+ logs; the text form is used verbatim before 4.4. */
export interface JsonForm {
  id: number;
  msg: string;
  attr?: Record<string, unknown>;
}

export interface Logger {
  log(severity: Severity, component: string, context: string, text: string, json?: JsonForm): void;
}

function isoWithOffset(d: Date): string {
  // mongod prints local time with a numeric offset; containers run in UTC so +0000 is what users see.
  return d.toISOString().replace('Z', '+0000');
}

export function createLogger(persona: Persona, sink: LogSink | undefined): Logger {
  return {
    log(severity, component, context, text, json) {
      if (!sink) return;
      const now = new Date();
      if (persona.jsonLog) {
        const entry: Record<string, unknown> = {
          t: { $date: now.toISOString().replace('Z', '+00:00') },
          s: severity,
          c: component,
          id: json?.id ?? 0,
          ctx: context,
          msg: json?.msg ?? text,
        };
        if (json?.attr && Object.keys(json.attr).length) entry.attr = json.attr;
        sink(JSON.stringify(entry));
      } else {
        sink(`${isoWithOffset(now)} ${severity} ${component.padEnd(8)} [${context}] ${text}`);
      }
    },
  };
}
