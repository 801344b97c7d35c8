// Reads a recipe folder for one target: the stack name, compose file, images, networks and ports, with the env files evaluated as the deploy script sources them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvFileInput, EnvInput, Environment } from '../envfile/types';
import type { ComposeFile } from '../lint/compose';
import { LintContext, type RecipeInput } from '../lint/context';
import { composePublishedPorts, type ComposePort } from './composePorts';
import { RECIPE_FILES } from './recipes';
import type { DeployTarget } from './types';

export interface DeployPlan {
  readonly target: DeployTarget;
  readonly dir: string;
  /** STACK_NAME after sourcing, as the script passes it to docker stack deploy; undefined when not known. */
  readonly stackName?: string;
  /** The compose file docker stack deploy reads (relative to dir). */
  readonly composeFile: string;
  /** False when the compose file is not in the folder (deploy_back.sh would download it). */
  readonly composePresent: boolean;
  /** Files read by the linter: only those this target's script reads. */
  readonly lintInput: RecipeInput;
  readonly images: readonly { readonly service: string; readonly image: string }[];
  readonly externalNetworks: readonly string[];
  readonly ports: readonly ComposePort[];
  /** REPLICASET_NAME after sourcing. */
  readonly replicaSetName?: string;
  /** MONGO_SERVICE_URI after sourcing (front). */
  readonly mongoServiceUri?: string;
  /** backend.env's STACK_NAME alone: the Mongo stack the front end relies on. */
  readonly mongoStackName?: string;
  /** Why the plan cannot be deployed as it stands (missing files, a STACK_NAME not known without running something). */
  readonly problems: readonly string[];
}

function readInput(dir: string, name: string): EnvFileInput | undefined {
  const path = join(dir, name);
  return existsSync(path) ? { path: name, text: readFileSync(path, 'utf8') } : undefined;
}

function knownValue(env: Environment | undefined, name: string): string | undefined {
  const variable = env?.get(name);
  return variable && variable.existenceKnown && variable.value.known ? variable.value.text : undefined;
}

/**
 * deploy_back.sh sources backend.env alone; deploy_front.sh sources backend.env THEN frontend.env,
 * both with allexport, so frontend.env's `${VAR:-default}` sees backend.env's values and its
 * STACK_NAME wins. `environment` is what the script inherits.
 */
export function readDeployPlan(dir: string, target: DeployTarget, environment: EnvInput): DeployPlan {
  const problems: string[] = [];
  const backendEnv = readInput(dir, RECIPE_FILES.backendEnv);
  const frontendEnv = target === 'front' ? readInput(dir, RECIPE_FILES.frontendEnv) : undefined;
  const composeFile = target === 'front' ? RECIPE_FILES.cometCompose : RECIPE_FILES.mongoCompose;
  const compose = readInput(dir, composeFile);
  if (target === 'front' && !frontendEnv) problems.push(`${RECIPE_FILES.frontendEnv} is missing in ${dir}`);
  if (target === 'front' && !existsSync(join(dir, RECIPE_FILES.deployFront))) problems.push(`${RECIPE_FILES.deployFront} is missing in ${dir}`);
  if (target === 'back' && !backendEnv) problems.push(`${RECIPE_FILES.backendEnv} is missing in ${dir}`);
  if (target === 'front' && !compose) problems.push(`${composeFile} is missing in ${dir}`);
  const lintInput: RecipeInput = {
    backendEnv,
    frontendEnv,
    ...(target === 'front' ? { cometCompose: compose } : { mongoCompose: compose }),
    otherFiles: new Map(existsSync(join(dir, RECIPE_FILES.mongoHealthcheck)) && target === 'back' ? [[RECIPE_FILES.mongoHealthcheck, readFileSync(join(dir, RECIPE_FILES.mongoHealthcheck), 'utf8')]] : []),
    environment,
  };
  const context = new LintContext(lintInput, {});
  const env = context.finalVariables;
  const backendOnly = context.backendVariables;
  const stackName = knownValue(env, 'STACK_NAME');
  if (!stackName && problems.length === 0) problems.push(`STACK_NAME is not set to a known value by ${target === 'front' ? 'backend.env and frontend.env' : 'backend.env'}: docker stack deploy needs a stack name`);
  const composeRead: ComposeFile | undefined = target === 'front' ? context.cometCompose : context.mongoCompose;
  const images = (composeRead?.services ?? []).flatMap((s) => (s.image?.known && s.image.value ? [{ service: s.name, image: s.image.value }] : []));
  const externalNetworks = [...new Set((composeRead?.networks ?? []).filter((n) => n.external && n.nameKnown).map((n) => n.name))];
  const ports = compose ? composePublishedPorts(compose.text, target === 'back' ? backendOnly ?? env : env) : [];
  const replicaSetName = knownValue(env, 'REPLICASET_NAME');
  const mongoServiceUri = knownValue(env, 'MONGO_SERVICE_URI');
  const mongoStackName = knownValue(backendOnly, 'STACK_NAME');
  return {
    target,
    dir,
    ...(stackName ? { stackName } : {}),
    composeFile,
    composePresent: compose !== undefined,
    lintInput,
    images,
    externalNetworks,
    ports,
    ...(replicaSetName !== undefined ? { replicaSetName } : {}),
    ...(mongoServiceUri !== undefined ? { mongoServiceUri } : {}),
    ...(mongoStackName ? { mongoStackName } : {}),
    problems,
  };
}
