// Hand-written env files, each a case for the bash differential test: every construct the evaluator claims to handle.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OracleCase } from './bashOracle';

const cases: OracleCase[] = [];

/** One case per body; each body is the whole of a.env. */
function each(group: string, bodies: readonly string[], env?: Record<string, string>): void {
  bodies.forEach((body, index) => cases.push({ name: `${group} #${index + 1}: ${JSON.stringify(body).slice(1, 61)}`, files: [body], env }));
}

function pair(name: string, first: string, second: string, env?: Record<string, string>): void {
  cases.push({ name, files: [first, second], env });
}

const HOME = { HOME: '/home/tester' };

each('plain assignments', [
  'A=1\n',
  'A=1',
  'A=\n',
  'A=hello_world-1.2:3/4@5,6%7+8\n',
  'A=1\nB=2\nC=3\n',
  'a_b=lower\n_U=under\n',
  'A=1 B=2 C=3\n',
  'A=1; B=2; C=3\n',
  'A=1;B=2\n',
  'A=1 ; B=2 ;\n',
  'A=x=y=z\n',
  'A==\n',
  'A=1\nA=2\n',
  'A=first\nA+=second\n',
  'A+=fresh\n',
  '\tA=tab\n',
  '   A=spaces   \n',
  'A=1\n\n\n\nB=2\n',
  '\n',
  '',
]);

each('comments', [
  '# only a comment\n',
  '# comment\nA=1\n',
  'A=1 # trailing comment\n',
  'A=1 #trailing\n',
  'A=1#not-a-comment\n',
  'A=#not-a-comment\n',
  'A="x" # comment with "quotes"\n',
  "A='x' # comment with 'quotes'\n",
  'A=1;# comment after semicolon\n',
  '   # indented comment\nB=2\n',
  '# comment with \\\nB=not-continued\n',
  'A=a\\#b\n',
  'A="#x"\n',
  "A='#x'\n",
  'A=x # c1 # c2\n',
  '#!/bin/bash\nA=shebang\n',
]);

each('export', [
  'export A=1\n',
  'export A=1 B=2\n',
  'export A\n',
  'A=1\nexport A\n',
  'export A=1 B=$A\n',
  'export A="x y" B=\'p q\'\n',
  'export A=$HOME:~\n',
  'export A=1 =2 B=3\n',
  'export -- A=dashdash\n',
  'export -p >/dev/null\nA=after\n',
  'export "A=quoted assign"\n',
  'export A+=more\n',
  'export A=1; export B=2\n',
  'export A=${U:-dflt}\n',
  'export\tA=tabbed\n',
  'A=1 export B=$A\n',
  'export 1A=x\nB=2\n',
], HOME);

each('single quotes', [
  "A='x'\n",
  "A='x y  z'\n",
  "A='$HOME'\n",
  "A='a\\b'\n",
  "A='\"'\n",
  "A=''\n",
  "A='a'b'c'\n",
  "A='line1\nline2'\n",
  "A='a\\\nb'\n",
  "A=pre'mid'post\n",
  "A='#'\n",
  "A='${X:-y}'\n",
]);

each('double quotes', [
  'A="x"\n',
  'A="x y"\n',
  'A=""\n',
  'A="$HOME"\n',
  'A="${HOME}/x"\n',
  'A="a\\"b"\n',
  'A="a\\\\b"\n',
  'A="a\\$b"\n',
  'A="a\\`b"\n',
  'A="a\\xb"\n',
  'A="a\\nb"\n',
  'A="line1\nline2"\n',
  'A="a\\\nb"\n',
  'A="it\'s"\n',
  'A="$"\n',
  'A="a$"\n',
  'A="$1"\n',
  'A="${U}"\n',
  'A="pre"mid"post"\n',
  'A="~"\n',
  'A="x"y\'z\'\n',
  'A="a  b"c\n',
  'A="\\"mongo-rs_mongo\\""\n',
], HOME);

each('backslashes outside quotes', [
  'A=a\\ b\n',
  'A=a\\\\b\n',
  'A=\\$HOME\n',
  'A=\\"x\\"\n',
  "A=\\'x\\'\n",
  'A=a\\\nb\n',
  'A=1 \\\nB=2\n',
  'A=\\\n1\n',
  'A\\\n=1\n',
  'A=x\\\n\\\ny\n',
  'A=\\a\\b\\c\n',
  'A=x\\;y\n',
  'A=x\\ \n',
  'A=\\#x\n',
  'A=tail\\',
], HOME);

each('parameters', [
  'B=b\nA=$B\n',
  'B=b\nA=${B}\n',
  'B=b\nA=$B$B\n',
  'B=b\nA=${B}c\n',
  'B=b\nA=$Bc\n',
  'A=$UNSET\n',
  'A=x$UNSET\n',
  'A=$1\n',
  'A=${1}\n',
  'A=$#\n',
  'A=${#}\n',
  'A=$@\n',
  'A=$\n',
  'A=a$\n',
  'A=$ b\n',
  'A=$%\n',
  'A=$=\n',
  'B=hello\nA=${#B}\n',
  'A=${#UNSET}\n',
  'A=$HOME\n',
  'A=${PRESET}\n',
  'A=$PRESET_EMPTY.\n',
  'B=1 C=$B\n',
  'A=${A}x\n',
  'A=$A$A\n',
], { ...HOME, PRESET: 'from env', PRESET_EMPTY: '' });

each('default operators', [
  'A=${U:-dflt}\n',
  'A=${U-dflt}\n',
  'E=\nA=${E:-dflt}\n',
  'E=\nA=${E-dflt}\n',
  'S=set\nA=${S:-dflt}\n',
  'S=set\nA=${S-dflt}\n',
  'A=${U:=dflt}\n',
  'A=${U=dflt}\n',
  'E=\nA=${E:=dflt}\n',
  'E=\nA=${E=dflt}\n',
  'S=set\nA=${S:=dflt}\n',
  'A=${U:+alt}\n',
  'A=${U+alt}\n',
  'E=\nA=${E:+alt}\n',
  'E=\nA=${E+alt}\n',
  'S=set\nA=${S:+alt}\n',
  'S=set\nA=${S+alt}\n',
  'A=${U:-}\n',
  'A=${U:-a b  c}\n',
  'A=${U:-"mongo-rs_mongo"}\n',
  "A=${U:-'mongo-rs_mongo'}\n",
  'A="${U:-"mongo-rs_mongo"}"\n',
  "A=\"${U:-'q'}\"\n",
  'A=${U:-\\"q\\"}\n',
  'A="${U:-\\"q\\"}"\n',
  'A=${U:-$HOME}\n',
  'A=${U:-${V:-deep}}\n',
  'A=${U:-${V:-${W:-deeper}}}\n',
  'A=${U:-pre${V:-mid}post}\n',
  'V=v\nA=${U:-$V}\n',
  'A=${U:-{x}}\n',
  'A=${U:-x}}\n',
  'A=${U:-\\}}\n',
  'A="${U:-\\}a}"\n',
  'A=${U:-"}"}\n',
  'A=${U:-#x}\n',
  'A=${U:-a;b}\n',
  'A=${U:-~}\n',
  'A="${U:-~}"\n',
  'A=${U:-a:~}\n',
  'A=${U:-\nnext-line}\n',
  'A=${U:=x} B=$U\n',
  'A=${U:=${V:=w}} B=$V\n',
  'A=${PRESET:-no}\n',
  'A=${PRESET_EMPTY:-yes}\n',
  'A=${PRESET_EMPTY-no}\n',
  'A="${U:-"a b"}"\n',
  'A="${U:-x"y"z}"\n',
  'A=${U:-x"y"z}\n',
  'A=${U:-$\'t\\tb\'}\n',
  'A=${U:+"$PRESET"}\n',
  'A="${U-\\x}"\n',
  'A=${U-\\x}\n',
  'A=${U:-a\\ b}\n',
  'A=${1:-first}\n',
  'A=${1-first}\n',
  'A=${#:-x}\n',
], { ...HOME, PRESET: 'from env', PRESET_EMPTY: '' });

each('tilde', [
  'A=~\n',
  'A=~/x\n',
  'A=x:~\n',
  'A=x:~/y:~\n',
  'A=a~\n',
  'A=~"x"\n',
  'A="~"\n',
  "A='~'\n",
  'A=\\~\n',
  'A=~:~\n',
  'A=${U:-~/x}\n',
  'B=~ A=$B\n',
], HOME);

each('ANSI-C and locale quoting', [
  "A=$'a\\tb'\n",
  "A=$'a\\nb'\n",
  "A=$'\\x41\\101'\n",
  "A=$'it\\'s'\n",
  "A=$'\\\\'\n",
  "A=$'\\q'\n",
  "A=$'\\e'\n",
  'A=$"locale"\n',
  "A=x$'y'z\n",
  "A=\"$'x'\"\n",
]);

each('carriage returns and byte order marks', [
  'A=1\r\n',
  'A=1\r\nB=2\r\n',
  'A="x"\r\n',
  "A='x'\r\n",
  'A=1 # comment\r\n',
  '# comment\r\nA=1\r\n',
  '\r\nA=1\r\n',
  'A=1 \r\nB=2\n',
  'A=${U:-x}\r\n',
  'export A=1\r\n',
  'A=1\\\r\nB=2\n',
  '\uFEFFA=1\nB=2\n',
  '\uFEFF# comment\nB=2\n',
  '\uFEFF\nB=2\n',
  'A=\uFEFF\n',
]);

each('lines bash runs as commands', [
  'KEY = value\nB=2\n',
  'KEY =value\nB=2\n',
  'KEY= value\nB=2\n',
  'KEY=1 nosuchcommand_cs\nB=2\n',
  'nosuchcommand_cs\nB=2\n',
  'A=1 B=2 nosuchcommand_cs C=3\nD=4\n',
  'true\nA=1\n',
  ': ${A:=from-colon}\n',
  'true ${A:=from-true}\n',
  'echo hi >/dev/null\nA=1\n',
  'A=1 true\n',
  '$U\nA=1\n',
  'A=1 $U\n',
  'A=1 ""\n',
  'A=1 \'\'\n',
  'unset PRESET\n',
  'A=1\nunset A\n',
  'A=1 B=2\nunset -v A B\n',
  'A=1\nreturn\nB=2\n',
  'A=1\nexit\nB=2\n',
  'A=1; return; B=2\n',
  'nosuchcommand_cs "$(echo x)"\nA=1\n',
  'nosuchcommand_cs ${A:=side-effect}\n',
], { PRESET: 'from env' });

each('syntax errors', [
  'A="unterminated\nB=2\n',
  "A='unterminated\nB=2\n",
  'A=${U:-x\nB=2\n',
  'A=1\nB=2 )\nC=3\n',
  'A=1; B=2 )\n',
  'A=1 ;;\nB=2\n',
  ';\nA=1\n',
  'A=1\nfi\nB=2\n',
  'A=1\nB=`unterminated\n',
  'A=1\nB=$(unterminated\n',
  'A=1\nB=${}\nC=3\n',
  'A=1 B=${} C=3\nD=4\n',
  'A=1\nB=${U B}\nC=3\n',
  'A=${1a}\nB=2\n',
  'A=ok\nB="x\nC=never\n',
  'A=1 >\n',
  'A=${U:?}\nB=2\n',
  'A=${U:?custom message}\nB=2\n',
  'E=\nA=${E:?}\n',
  'E=\nA=${E?}\nB=$A\n',
  'A=${PRESET:?}\n',
  'A=${1:=x}\nB=2\n',
], { PRESET: 'from env' });

each('command substitution and unmodelled constructs', [
  'A=$(echo x)\nB=2\n',
  'A=`echo x`\nB=2\n',
  'A=$((1+2))\nB=2\n',
  'A="$(echo x) y"\nB=2\n',
  'A=pre$(echo x)\nB=$A\n',
  'A=${U:-$(echo x)}\n',
  'A=1 && B=2\nC=3\n',
  'A=1 || B=2\nC=3\n',
  'A=1 | B=2\nC=3\n',
  'A=1 &\nwait\nC=3\n',
  'A=1 >/dev/null\nC=3\n',
  'if true; then A=1; fi\nC=3\n',
  '{ A=1; }\nC=3\n',
  '(A=1)\nC=3\n',
  'A=(1 2)\nC=3\n',
  'A[0]=x\nC=3\n',
  'f() { A=1; }\nC=3\n',
  'A=${U/x/y}\nB=2\n',
  'A=${U#x}\nB=2\n',
  'A=${!U}\nB=2\n',
  'A=${U:1}\nB=2\n',
  'A=1\nset -u\nB=2\n',
  'read A </dev/null\nB=2\n',
  'A=$RANDOM\nB=2\n',
  'A=$$\nB=2\n',
]);

// The recipe's own files, as users have them.
const recipe = join(__dirname, '..', '..', '..', '..', 'shared', 'recipe');
const readRecipe = (path: string): string => readFileSync(join(recipe, path), 'utf8');
pair('recipe: backend.env then frontend.env', readRecipe('sth-ha/backend.env'), readRecipe('sth-ha/frontend.env'));
pair('recipe: with the user overriding MONGO_SERVICE_URI', readRecipe('sth-ha/backend.env'), readRecipe('sth-ha/frontend.env'), { MONGO_SERVICE_URI: 'ignored' });
cases.push({ name: 'recipe: Orion settings.env', files: [readRecipe('context-broker-ha/settings.env')] });
cases.push({ name: 'recipe: Orion settings.env with REPLICASET_NAME in the environment', files: [readRecipe('context-broker-ha/settings.env')], env: { REPLICASET_NAME: 'other' } });

pair('frontend.env defaults see backend.env values', 'STACK_NAME="mongo-rs"\nMONGO_SERVICE_URI="mongo-rs_mongo"\nREPLICASET_NAME="rs"\n', 'STACK_NAME=comet\nMONGO_SERVICE_URI=${MONGO_SERVICE_URI:-"other"}\nREPLICASET_NAME=${REPLICASET_NAME:-rs2}\n');
pair('frontend.env without STACK_NAME keeps backend.env\'s', 'STACK_NAME=mongo-rs\n', 'COMET_VERSION=2.2.0\n');
pair('a syntax error in backend.env still sources frontend.env', 'A=1\nB="x\n', 'C=3\n');
pair('exit in backend.env stops everything', 'A=1\nexit 0\n', 'C=3\n');
pair('return in backend.env stops only backend.env', 'A=1\nreturn\nB=2\n', 'C=3\n');
pair('CRLF backend.env, LF frontend.env', 'STACK_NAME=mongo-rs\r\nREPLICASET_NAME=rs\r\n', 'REPLICASET_NAME=${REPLICASET_NAME:-rs}\n');
pair('the user environment is overridden by backend.env', 'STACK_NAME=mongo-rs\n', 'A=$STACK_NAME\n', { STACK_NAME: 'user' });
pair('frontend.env appends to a backend.env value', 'A=x\n', 'A+=y\n');
pair('a := in backend.env feeds frontend.env', ': ${DOCKER_MTU:=1400}\n', 'MTU=$DOCKER_MTU\n');
pair('an unterminated quote at the end of frontend.env', 'A=1\n', 'B=2\nC="oops\n');
pair('unset in frontend.env of a backend.env key', 'A=1\nB=2\n', 'unset A\n');
pair('a BOM in frontend.env only breaks its first line', 'A=1\n', '\uFEFFSTACK_NAME=comet\nB=2\n');

export const corpus: readonly OracleCase[] = cases;
