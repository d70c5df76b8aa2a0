// A real Temporal server for tests: the SDK's test environment on our pinned dev-server binary
// (never the SDK's download), or an existing server when TEMPORAL_ADDRESS is set.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { loadConfig } from '../../platform/config.js';
import { findTemporalBinary } from '../../platform/temporal-binary.js';
import { LONG_POLL_INTERVAL } from '../../platform/temporal-server.js';

export function temporalBinaryPath(): string {
  const fromEnv = process.env.SHIYING_TEMPORAL_BINARY;
  if (fromEnv) return fromEnv;
  const found = findTemporalBinary(loadConfig());
  if (!found) throw new Error('No Temporal binary: run `npm test` or `npx shiying setup`, which provide one');
  return found.path;
}

let runtimeInstalled = false;

export async function startTestTemporal(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // Worker state changes at INFO drown test output; warnings and errors still show.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  if (process.env.TEMPORAL_ADDRESS) {
    return TestWorkflowEnvironment.createFromExistingServer({ address: process.env.TEMPORAL_ADDRESS });
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinaryPath() },
      ip: '127.0.0.1',
      extraArgs: ['--log-level', 'error', '--dynamic-config-value', `matching.longPollExpirationInterval="${LONG_POLL_INTERVAL}"`],
    },
  });
}

/** The host:port of a test environment's frontend, for child processes. */
export function temporalAddressOf(env: TestWorkflowEnvironment): string {
  const address = (env.connection.options as { address?: string }).address;
  if (!address) throw new Error('test environment has no address');
  return address;
}
