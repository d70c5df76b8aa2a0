// `shiying <command> …`: each command is one file in bin/commands/<name>.ts exporting `command`.
// This file only finds and runs them, so adding a command never touches it.
import { existsSync, readdirSync } from 'node:fs';
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

/** Loads only the named command (each import costs start-up time), or undefined. */
async function loadCommand(name: string): Promise<Command | undefined> {
  if (!/^[a-z][a-z-]*$/.test(name) || !existsSync(path.join(commandsDir, `${name}.ts`))) return undefined;
  const module = (await import(pathToFileURL(path.join(commandsDir, `${name}.ts`)).href)) as { command?: Command };
  return module.command?.name === name ? module.command : undefined;
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  if (!name || name === '--help' || name === 'help') {
    console.log(usage(await loadCommands()));
    return 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage(await loadCommands())}`);
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
