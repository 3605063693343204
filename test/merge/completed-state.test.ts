import { describe, expect, it } from 'vitest';
import { completedTarget, decideStateMove } from '../../src/linear/index.js';

const states = [
  { id: 's1', name: 'Backlog', type: 'backlog', position: 0 },
  { id: 's2', name: 'In Progress', type: 'started', position: 1 },
  { id: 's3', name: 'In Review', type: 'started', position: 2 },
  { id: 's4', name: 'QA', type: 'started', position: 3 },
  { id: 's5', name: 'Done', type: 'completed', position: 4 },
  { id: 's6', name: 'Canceled', type: 'canceled', position: 5 },
];
const target = completedTarget({ started: 'In Progress', inReview: 'In Review', completed: 'Done' });
const at = (name: string) => {
  const s = states.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
};

describe('completing the Linear issue once every PR merged', () => {
  it('moves it from the states the action set (or not yet started) to the completed state', () => {
    for (const from of ['In Review', 'In Progress', 'Backlog'])
      expect(decideStateMove(at(from), states, target, 'ENG')).toMatchObject({
        move: true,
        state: { name: 'Done' },
      });
  });

  it('never moves past a state a person set by hand, nor back from a finished one', () => {
    expect(decideStateMove(at('QA'), states, target, 'ENG')).toEqual({
      move: false,
      reason: 'the issue is "QA", a state the action did not set; a person chose it, so it stays',
    });
    expect(decideStateMove(at('Canceled'), states, target, 'ENG')).toMatchObject({ move: false });
  });

  it('a configured name the team lacks falls back to its first completed state', () => {
    const custom = completedTarget({ started: 'In Progress', inReview: 'In Review', completed: 'Shipped' });
    expect(decideStateMove(at('In Review'), states, custom, 'ENG')).toMatchObject({
      move: true,
      state: { name: 'Done' },
      matchedBy: 'fallback',
    });
  });
});
