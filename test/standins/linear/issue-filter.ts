import type { IssueRecord, LinearWorld } from './world.js';

type Args = Record<string, unknown>;

/** The comparators Linear's filters take, as far as the action sends them; anything else fails loudly. */
export function matches(value: unknown, comparator: Args): boolean {
  for (const [op, expected] of Object.entries(comparator)) {
    switch (op) {
      case 'eq':
        if (value !== expected) return false;
        break;
      case 'neq':
        if (value === expected) return false;
        break;
      case 'in':
        if (!Array.isArray(expected) || !expected.includes(value)) return false;
        break;
      case 'nin':
        if (!Array.isArray(expected) || expected.includes(value)) return false;
        break;
      case 'eqIgnoreCase':
        if (typeof value !== 'string' || value.toLowerCase() !== String(expected).toLowerCase()) return false;
        break;
      case 'contains':
        if (typeof value !== 'string' || !value.includes(String(expected))) return false;
        break;
      default:
        throw new Error(`stand-in: comparator ${op} not supported`);
    }
  }
  return true;
}

function userMatches(world: LinearWorld, userId: string | null | undefined, filter: Args): boolean {
  for (const [key, value] of Object.entries(filter)) {
    const sub = value as Args;
    if (key === 'null') {
      if ((userId == null) !== value) return false;
    } else if (key === 'isMe') {
      if (!matches(userId != null && userId === world.viewer.id, sub)) return false;
    } else if (key === 'id') {
      if (userId == null || !matches(userId, sub)) return false;
    } else throw new Error(`stand-in: user filter ${key} not supported`);
  }
  return true;
}

/** Linear's `IssueFilter`, for the fields the sweep filters on (team, state type, labels, delegate). */
export function issueMatches(world: LinearWorld, issue: IssueRecord, filter: Args): boolean {
  for (const [key, value] of Object.entries(filter)) {
    const sub = value as Args;
    switch (key) {
      case 'team': {
        const team = world.teams.get(issue.teamId);
        for (const [field, comparator] of Object.entries(sub)) {
          if (field !== 'key' && field !== 'id')
            throw new Error(`stand-in: team filter ${field} not supported`);
          if (!matches(team?.[field], comparator as Args)) return false;
        }
        break;
      }
      case 'state': {
        const state = world.stateOf(issue);
        for (const [field, comparator] of Object.entries(sub)) {
          if (field !== 'type' && field !== 'name')
            throw new Error(`stand-in: state filter ${field} not supported`);
          if (!matches(state[field], comparator as Args)) return false;
        }
        break;
      }
      case 'labels': {
        const names = issue.labelIds.flatMap((id) => world.labels.get(id)?.name ?? []);
        for (const [quantifier, labelFilter] of Object.entries(sub)) {
          if (quantifier !== 'some') throw new Error(`stand-in: labels filter ${quantifier} not supported`);
          const name = (labelFilter as Args).name as Args | undefined;
          if (!name || Object.keys(labelFilter as Args).length !== 1)
            throw new Error('stand-in: only labels.some.name is supported');
          if (!names.some((n) => matches(n, name))) return false;
        }
        break;
      }
      case 'delegate':
        if (!userMatches(world, issue.delegateId, sub)) return false;
        break;
      case 'and':
        if (!(value as Args[]).every((f) => issueMatches(world, issue, f))) return false;
        break;
      case 'or':
        // Linear: an empty `or` matches nothing it could name; the action never sends one.
        if (!(value as Args[]).some((f) => issueMatches(world, issue, f))) return false;
        break;
      default:
        throw new Error(`stand-in: issue filter ${key} not supported`);
    }
  }
  return true;
}
