// Every workflow the worker registers. Workflow code is deterministic: no I/O, no Node built-ins.
export { workerProbeWorkflow } from './worker-probe.js';
export { remoteShotsWorkflow } from './remote-shots.js';
export { productionWorkflow } from './production.js';
