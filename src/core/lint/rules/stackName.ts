// frontend.env must give the Comet stack its own STACK_NAME, or deploy_front.sh redeploys the Mongo stack's name.

import type { LintContext } from '../context';
import type { Finding } from '../finding';

export function checkStackNameClash(context: LintContext): Finding[] {
  if (!context.backendVariables || !context.frontendPath) return [];
  const backend = context.known('STACK_NAME', context.backendVariables);
  const final = context.known('STACK_NAME');
  if (!backend || !final || backend.value.text !== final.value.text) return [];
  const assignment = context.assignmentOf(final);
  const setInFrontend = assignment?.file === context.frontendPath;
  const name = backend.value.text;
  return [
    {
      code: 'stack-name-clash',
      severity: 'error',
      file: context.frontendPath,
      range: setInFrontend && assignment ? assignment.valueRange : context.fileStart(context.frontendPath).range,
      message: setInFrontend
        ? `STACK_NAME is "${name}" in both files: deploy_front.sh would deploy Comet into the Mongo stack "${name}" and remove its services. Give the Comet stack its own name, e.g. comet.`
        : `frontend.env does not set STACK_NAME, so it keeps backend.env's "${name}": deploy_front.sh would deploy Comet into the Mongo stack and remove its services. Add STACK_NAME=comet.`,
      fixes: [
        setInFrontend && assignment
          ? { title: 'Name the Comet stack comet', edits: [{ file: assignment.file, range: assignment.valueRange, newText: 'comet' }], isPreferred: true }
          : { title: 'Add STACK_NAME=comet', edits: [{ file: context.frontendPath, range: context.fileStart(context.frontendPath).range, newText: 'STACK_NAME=comet\n' }], isPreferred: true },
      ],
    },
  ];
}
