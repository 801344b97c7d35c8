// Recipe folders found in a workspace, and the deploy plan read from one as the scripts source its env files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readDeployPlan } from '../../../src/core/deploy/plan';
import { findRecipeFolders, foldersFor } from '../../../src/core/deploy/recipes';

function folder(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'comet-swarm-unit-recipe-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

test('deploy_front.sh beside frontend.env and docker-compose.yml is a front-end folder; backend.env with the Mongo stack file a back-end one', () => {
  const root = folder({ 'a/sth-ha/deploy_front.sh': '', 'a/sth-ha/frontend.env': '', 'a/sth-ha/docker-compose.yml': '', 'a/tools/create_networks.sh': '', 'b/backend.env': '', 'b/mongo-docker-compose.yml': '', 'c/frontend.env': '', 'node_modules/x/deploy_front.sh': '' });
  const found = findRecipeFolders([root]);
  assert.deepEqual(found.map((f) => [path.relative(root, f.dir), f.front, f.back]), [['a/sth-ha', true, false], ['b', false, true]]);
  assert.equal(found[0].createNetworksScript, path.join(root, 'a/tools/create_networks.sh'));
  assert.deepEqual(foldersFor('back', found).map((f) => path.relative(root, f.dir)), ['b']);
  fs.rmSync(root, { recursive: true, force: true });
});

test('the front end\'s STACK_NAME is frontend.env\'s, its Mongo stack backend.env\'s, and REPLICASET_NAME falls back to backend.env', () => {
  const root = folder({
    'deploy_front.sh': '',
    'backend.env': 'STACK_NAME="mongo-rs"\nREPLICASET_NAME="rs"\n',
    'frontend.env': 'STACK_NAME="comet"\nMONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"mongo-rs_mongo"}\nREPLICASET_NAME=${REPLICASET_NAME:-other}\n',
    'docker-compose.yml': 'services:\n  comet:\n    image: telefonicaiot/fiware-sth-comet:${COMET_VERSION:-2.2.0}\n    ports: ["8666:8666"]\nnetworks:\n  frontend:\n    external: true\n',
  });
  const plan = readDeployPlan(root, 'front', {});
  assert.deepEqual(
    { stack: plan.stackName, mongo: plan.mongoStackName, set: plan.replicaSetName, uri: plan.mongoServiceUri, images: plan.images, networks: plan.externalNetworks, ports: plan.ports.map((p) => p.published), problems: plan.problems },
    { stack: 'comet', mongo: 'mongo-rs', set: 'rs', uri: 'mongo-rs_mongo', images: [{ service: 'comet', image: 'telefonicaiot/fiware-sth-comet:2.2.0' }], networks: ['frontend'], ports: [8666], problems: [] },
  );
  const back = readDeployPlan(root, 'back', {});
  assert.equal(back.stackName, 'mongo-rs');
  assert.equal(back.composePresent, false, 'no mongo-docker-compose.yml: deploy_back.sh would download it');
  fs.rmSync(root, { recursive: true, force: true });
});
