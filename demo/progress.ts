/**
 * The action's log as the demo shows it while it runs: what a runner's log view would show, with
 * groups as indented blocks, debug lines and secret masks left out, and long lines cut short.
 * Pure: one log line in, the lines to print out (often none).
 */
export interface ProgressPrinter {
  line(raw: string): string[];
}

const MAX_WIDTH = 150;

/** Workflow command data escapes (%25, %0D, %0A) back to text. */
function decodeCommandData(data: string): string {
  return data.replace(/%0D/g, '').replace(/%0A/g, ' ⏎ ').replace(/%25/g, '%');
}

function trim(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function progressPrinter(elapsed: () => string): ProgressPrinter {
  let inGroup = false;
  const indent = () => (inGroup ? '      ' : '    ');
  return {
    line(raw) {
      const text = raw.replace(/\r$/, '');
      const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(text);
      if (!command) {
        if (text.trim() === '') return [];
        return [trim(`${indent()}${text}`, MAX_WIDTH)];
      }
      const [, name, data = ''] = command;
      const message = decodeCommandData(data);
      switch (name) {
        case 'group':
          inGroup = true;
          return [trim(`  ▾ ${message} (${elapsed()})`, MAX_WIDTH)];
        case 'endgroup':
          inGroup = false;
          return [];
        case 'error':
          return [trim(`${indent()}✗ ${message}`, MAX_WIDTH)];
        case 'warning':
          return [trim(`${indent()}⚠ ${message}`, MAX_WIDTH)];
        case 'notice':
          return [trim(`${indent()}ℹ ${message}`, MAX_WIDTH)];
        default:
          // debug, add-mask, stop-commands and the like: not for a reader.
          return [];
      }
    },
  };
}

/**
 * The summary's "Wall time" is the span of the tasks (first attempt started to last attempt ended);
 * the demo's own clock also counts the stand-ins, the checkout, planning and the reports around it.
 */
export function wallTimeNote(summary: string, actionSeconds: number, demoSeconds: number): string {
  const wall = /^- Wall time: (.+)$/m.exec(summary)?.[1];
  const parts = [
    wall
      ? `The summary's "Wall time: ${wall}" is the tasks' own span: from the first task's start to the last task's end.`
      : 'The summary shows no "Wall time": no task ran.',
    `The action as a whole ran ${actionSeconds.toFixed(1)} s: that adds what comes around the tasks (the trigger check, planning with Claude Code, the reports).`,
    `This demo took ${demoSeconds.toFixed(1)} s in all, starting the stand-ins and the checkout too.`,
  ];
  return parts.join('\n');
}
