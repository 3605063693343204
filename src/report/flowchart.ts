import type { TaskState } from '../ledger/records.js';
import { truncate } from './markdown.js';
import { mermaidLabel, mermaidNodeId } from './mermaid.js';
import { TASK_STATE_EMOJI, TASK_STATE_LABEL, TASK_STATES } from './status.js';
import type { TaskView } from './task-view.js';

/** Fill, stroke and text colour per task state; readable in GitHub's light and dark themes. */
const STATE_STYLE: Record<TaskState, string> = {
  pending: 'fill:#eaeef2,stroke:#8c959f,color:#24292f',
  running: 'fill:#ddf4ff,stroke:#0969da,color:#0a3069',
  pr_open: 'fill:#fbefff,stroke:#8250df,color:#3e1f79',
  succeeded: 'fill:#dafbe1,stroke:#1a7f37,color:#044f1e',
  failed: 'fill:#ffebe9,stroke:#cf222e,color:#82071e',
  held: 'fill:#fff8c5,stroke:#9a6700,color:#4d2d00',
  deferred: 'fill:#f6f8fa,stroke:#8c959f,color:#57606a,stroke-dasharray:4 3',
};

/** Merged tasks stand apart from merely green ones: the work is in the base branch. */
const MERGED_STYLE = 'fill:#8250df,stroke:#512a97,color:#ffffff';

const TITLE_MAX = 60;

/** The plan as a mermaid flowchart: one node per task, an edge per dependency, coloured by state. */
export function renderPlanFlowchart(views: readonly TaskView[]): string {
  const ids = new Map(views.map((view, index) => [view.id, mermaidNodeId(index)]));
  const lines = ['flowchart TD'];
  views.forEach((view, index) => {
    const head = mermaidLabel(`${view.id} ${truncate(view.title, TITLE_MAX)}`);
    const detail = [
      view.merge?.state === 'merged'
        ? '🔀 merged'
        : `${TASK_STATE_EMOJI[view.state]} ${mermaidLabel(TASK_STATE_LABEL[view.state])}`,
    ];
    if (view.executor) detail.push(mermaidLabel(view.executor));
    lines.push(`  ${mermaidNodeId(index)}["${head}<br/>${detail.join(' · ')}"]`);
  });
  for (const view of views) {
    for (const dep of view.dependsOn) lines.push(`  ${ids.get(dep)} --> ${ids.get(view.id)}`);
  }
  for (const state of TASK_STATES) lines.push(`  classDef ${state} ${STATE_STYLE[state]}`);
  const merged = (view: TaskView) => view.merge?.state === 'merged';
  if (views.some(merged)) lines.push(`  classDef merged ${MERGED_STYLE}`);
  for (const state of TASK_STATES) {
    const members = views.flatMap((view, index) =>
      view.state === state && !merged(view) ? [mermaidNodeId(index)] : [],
    );
    if (members.length > 0) lines.push(`  class ${members.join(',')} ${state}`);
  }
  const mergedMembers = views.flatMap((view, index) => (merged(view) ? [mermaidNodeId(index)] : []));
  if (mergedMembers.length > 0) lines.push(`  class ${mergedMembers.join(',')} merged`);
  return lines.join('\n');
}
