export { type ActorGateInput, checkLabelActor, type GateDecision } from './actor-gate.js';
