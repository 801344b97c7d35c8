// Names bash gives a meaning of its own: builtins by their effect on variables, and variables bash manages.

/** Builtins that cannot change any variable: running them (or not) leaves the environment alone. */
export const HARMLESS_BUILTINS = new Set([
  ':', 'true', 'false', 'echo', 'test', '[', 'type', 'help', 'times', 'jobs', 'dirs', 'hash', 'umask', 'ulimit',
  'history', 'fc', 'bind', 'caller', 'compgen', 'complete', 'compopt', 'kill', 'wait', 'logout', 'suspend',
  'disown', 'bg', 'fg', 'alias', 'unalias', 'pwd',
]);

/** Builtins whose effect on variables (or on how the rest is read) the evaluator does not model. */
export const UNMODELLED_BUILTINS = new Set([
  'declare', 'typeset', 'local', 'readonly', 'read', 'set', 'shift', 'getopts', 'let', 'mapfile', 'readarray',
  'eval', 'source', '.', 'cd', 'pushd', 'popd', 'exec', 'builtin', 'command', 'enable', 'shopt', 'trap',
  'printf', 'break', 'continue',
]);

/**
 * Variables bash sets or recomputes itself: their values in a real shell are not knowable here
 * (PWD, SHLVL, RANDOM...), whatever the starting environment says.
 */
export const SHELL_MANAGED_VARIABLES = new Set([
  'BASH', 'BASHOPTS', 'BASHPID', 'BASH_ALIASES', 'BASH_ARGC', 'BASH_ARGV', 'BASH_ARGV0', 'BASH_CMDS', 'BASH_COMMAND',
  'BASH_EXECUTION_STRING', 'BASH_LINENO', 'BASH_LOADABLES_PATH', 'BASH_REMATCH', 'BASH_SOURCE', 'BASH_SUBSHELL',
  'BASH_VERSINFO', 'BASH_VERSION', 'COMP_WORDBREAKS', 'DIRSTACK', 'EPOCHREALTIME', 'EPOCHSECONDS', 'EUID', 'FUNCNAME',
  'GROUPS', 'HISTCMD', 'HOSTNAME', 'HOSTTYPE', 'LINENO', 'MACHTYPE', 'OLDPWD', 'OPTERR', 'OPTIND', 'OSTYPE',
  'PIPESTATUS', 'PPID', 'PS4', 'PWD', 'RANDOM', 'SECONDS', 'SHELLOPTS', 'SHLVL', 'SRANDOM', 'UID', '_',
]);

/** Variables bash fills in with a default when the starting environment lacks them. */
export const SHELL_DEFAULTED_VARIABLES = new Set(['PATH', 'MAILCHECK', 'PS1', 'PS2']);

/** bash resets IFS at start-up, ignoring the environment. */
export const DEFAULT_IFS = ' \t\n';
