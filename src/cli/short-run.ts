// V8 tiers code up for programs that run for minutes: a function is compiled again, optimised,
// after a modest amount of work. A command that is over in a fraction of a second spends more CPU
// on those compilations (on a background thread, which on a small machine competes with
// everything else) than the optimised code then saves: `trailkey validate-logs` on 1,000 files
// used a tenth less CPU with optimisation deferred (bench/validate). So validate-logs raises V8's
// interrupt budget 15-fold: a function is optimised after 15 times the work, which a long run
// still reaches.
//
// The flag is set at run time because the command line is the user's (`node dist/cli/main.js …`,
// the `trailkey` bin), and only once the command's modules are loaded: V8 counts its flags into
// the checksum of a code cache, so after the change it would refuse Node's own cache of the
// built-in modules (measured: 10 ms more to load node:http, https, zlib…) and the validator's
// (scripts/bundle-sdk.mjs).
//
// Only on V8 11 (Node 20 and 21; measured on Node 20): V8 prints "unrecognized flag" to standard error
// for a flag it does not know, and a later V8 may tier differently or name the flag otherwise.
import { setFlagsFromString } from 'node:v8';

export const SHORT_RUN_V8_FLAGS = '--interrupt-budget=1000000';

export function tuneForShortRun(v8Version = process.versions.v8): boolean {
  if (!v8Version.startsWith('11.')) return false;
  setFlagsFromString(SHORT_RUN_V8_FLAGS);
  return true;
}
