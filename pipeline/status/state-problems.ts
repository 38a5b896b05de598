import { lostState } from '../execute/checks/lost-state.js';
import type { OperationOptions } from '../options.js';
import { lastStateOf, type HistoryEntry } from '../records/history.js';
import type { Session } from '../session.js';
import { pullState, stateIdentity } from '../stackdir/local-state.js';

/** Each stack of an environment whose state is not the one the pipeline last applied, and why. */
export async function stateProblems(
  session: Session,
  environment: string,
  history: readonly HistoryEntry[],
  opts: OperationOptions,
): Promise<string[]> {
  const problems: string[] = [];
  for (const stack of session.synth().stacks[environment]!) {
    const last = lastStateOf(history, stack.name, session.settings.recordKey);
    if (!last) continue;
    const tf = session.runner(stack.dir);
    const state = stateIdentity(await pullState(stack, environment, () => tf.statePull(opts)));
    const where = stack.named ? `${environment}/${stack.name}` : environment;
    const lost = lostState(where, { ...last, commit: last.entry.commit, time: last.entry.time }, state);
    if (lost) problems.push(lost);
  }
  return problems;
}
