// `shiying <command> …`: each command is one file in bin/commands/ exporting `command`.
// This file only finds and runs them, so adding a command never touches it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Command } from './command.js';
import { ConfigError } from '../platform/config.js';

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

async function loadCommands(): Promise<Map<string, Command>> {
  const commands = new Map<string, Command>();
  for (const file of readdirSync(commandsDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).sort()) {
    const module = (await import(pathToFileURL(path.join(commandsDir, file)).href)) as { command?: Command };
    if (module.command) commands.set(module.command.name, module.command);
  }
  return commands;
}

function usage(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((name) => name.length));
  return [
    'Usage: shiying <command> [options]',
    '',
    ...[...commands.values()].map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `shiying <command> --help` for a command’s options.',
  ].join('\n');
}

async function main(): Promise<number> {
  const commands = await loadCommands();
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === '--help' || name === 'help') {
    console.log(usage(commands));
    return 0;
  }
  const command = commands.get(name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage(commands)}`);
    return 2;
  }
  if (args.includes('--help') && command.help) {
    console.log(command.help);
    return 0;
  }
  return command.run(args);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Expected failures (bad configuration, unreachable services) print one clear line.
    if (error instanceof ConfigError || (error as { userFacing?: boolean } | null)?.userFacing) {
      console.error(`shiying: ${(error as Error).message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
