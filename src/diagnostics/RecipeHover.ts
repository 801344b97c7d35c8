// Hovers on env-file variables: the value bash gives it after both files, and where that value came from.
import * as path from 'path';
import * as vscode from 'vscode';
import { evaluateEnvFiles } from '../core/envfile/evaluate';
import { provenanceOf, type EnvFileInput } from '../core/envfile/types';
import { readRecipeInput, recipeFolderOfDocument } from './recipeFiles';

export class RecipeHover implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const folder = recipeFolderOfDocument(document);
    if (!folder) return undefined;
    const wordRange = document.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
    if (!wordRange) return undefined;
    const name = document.getText(wordRange);
    const input = readRecipeInput(folder);
    const files = [input.backendEnv, input.frontendEnv].filter((f): f is EnvFileInput => f !== undefined);
    const evaluation = evaluateEnvFiles(files, input.environment ?? {});
    const variable = evaluation.variables.get(name);
    if (!variable) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${name}**  \n`);
    if (variable.value.known && variable.existenceKnown) {
      md.appendMarkdown(`${vscode.l10n.t('Value after backend.env and frontend.env, as deploy_front.sh sources them:')}\n`);
      md.appendCodeblock(JSON.stringify(variable.value.text), 'json');
    } else {
      md.appendMarkdown(`${vscode.l10n.t('Value not known without running a command the files contain.')}  \n`);
    }
    const provenance = provenanceOf(variable);
    if (provenance.source === 'file' && provenance.file !== undefined && provenance.line !== undefined) {
      md.appendMarkdown(`${vscode.l10n.t('Set in {0}, line {1}.', path.basename(provenance.file), provenance.line + 1)}  \n`);
      if (provenance.defaultUsed) {
        md.appendMarkdown(`${vscode.l10n.t('The default {0} of ${{1}{2}...} was used: {1} was not set before.', `\`${provenance.defaultUsed.operand}\``, provenance.defaultUsed.name, provenance.defaultUsed.operator)}  \n`);
      } else if (provenance.uses.some((u) => u.operator && u.operandUsed === false)) {
        md.appendMarkdown(`${vscode.l10n.t('The default was not used: the variable already had a value.')}  \n`);
      }
    } else if (provenance.source === 'initial') {
      md.appendMarkdown(`${vscode.l10n.t('Comes from the environment, not from these files.')}  \n`);
    }
    const reader = READERS[name];
    if (reader) md.appendMarkdown(`\n${reader()}`);
    return new vscode.Hover(md, wordRange);
  }
}

/** What reads the recipe's main keys, so a hover says why the value matters. */
const READERS: Record<string, () => string> = {
  MONGO_SERVICE_URI: () =>
    vscode.l10n.t('docker-compose.yml passes it to STH-Comet as DB_URI, which builds mongodb://DB_URI/?replicaSet=REPLICA_SET itself: host[:port][,host[:port]...] only, no scheme, path or quotes.'),
  REPLICASET_NAME: () => vscode.l10n.t("Passed to STH-Comet as REPLICA_SET and to mongod as --replSet: it must be the live set's name."),
  STACK_NAME: () => vscode.l10n.t('The name deploy_front.sh and deploy_back.sh give to `docker stack deploy`: services are named STACK_service.'),
  COMET_VERSION: () => vscode.l10n.t('The tag of telefonicaiot/fiware-sth-comet that the Comet stack runs.'),
  MONGO_VERSION: () => vscode.l10n.t('The tag of the mongo image: 3.6 and later need --bind_ip, 4.2 and later refuse --smallfiles, 6.0 and later have no mongo shell for the health check.'),
};
