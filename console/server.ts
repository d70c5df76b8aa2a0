// The console's HTTP server: static assets plus the Remix request handler (production build).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Server } from 'node:http';
import express from 'express';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { UserFacingError } from '../bin/command.js';
import { consoleDir, consoleServerBuild } from '../platform/console-build.js';

export interface ConsoleServer {
  server: Server;
  close: () => Promise<void>;
}

export async function startConsoleServer(port: number, host = '0.0.0.0'): Promise<ConsoleServer> {
  const build = (await import(pathToFileURL(consoleServerBuild).href)) as ServerBuild & { closeServices?: () => Promise<void> };
  const app = express();
  app.disable('x-powered-by');
  app.use('/assets', express.static(path.join(consoleDir, 'build', 'client', 'assets'), { immutable: true, maxAge: '1y' }));
  app.use(express.static(path.join(consoleDir, 'build', 'client'), { maxAge: '1h' }));
  app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV === 'production' ? 'production' : 'development' }));

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, host);
    listening.once('listening', () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new UserFacingError(`port ${port} is already in use: stop what holds it or set PORT`));
      else if (error.code === 'EACCES') reject(new UserFacingError(`no permission to listen on port ${port}: set PORT above 1023`));
      else reject(error);
    });
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
