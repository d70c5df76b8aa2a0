// `shiying restore <DIR>`: a backup made by `shiying backup`, verified before anything is written.
import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { restoreBackup } from '../../platform/backup/restore-backup.js';
import { formatBytes } from '../../platform/backup/media-files.js';

const HELP = `Usage: shiying restore <DIR> [--force] [--skip-database NAME]… [--json]
  Restores a folder made by \`shiying backup\` into the database (DATABASE_URL, or the local
  cluster) and the media store (SHIYING_MEDIA_ROOT). First every file is checked against the
  manifest; nothing is written if one differs. The database must be empty or missing (it is
  created) unless --force, and nothing else may be connected to it; then the dump is restored in one transaction, migrations newer than the
  backup are applied, and every publication's film, poster and subtitles are checked. Other
  databases the backup holds (Temporal's, from --with-database) are restored on the same server.
  --force                 replace a database that holds data, and overwrite media files that differ
  --skip-database NAME    leave this other database of the backup alone (repeatable), e.g. Temporal's
                          in a restore drill beside a running Temporal
  --json                  print the result as JSON
Stop the workers, the console and Temporal first (docker compose stop worker console temporal).`;

export const command: Command = {
  name: 'restore',
  summary: 'restore a backup folder: verify it, then the database and the media store [--force]',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { force: { type: 'boolean' }, 'skip-database': { type: 'string', multiple: true }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    const [dir, ...rest] = positionals;
    if (!dir) throw new UserFacingError(`which backup? ${HELP.split('\n')[0]}`);
    if (rest.length > 0) throw new UserFacingError(`restore takes one backup folder, got ${positionals.length}`);
    const log = values.json ? () => {} : (line: string) => console.log(line);
    const result = await restoreBackup(loadConfig(), dir, { force: values.force ?? false, skipDatabases: values['skip-database'], log });
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            database: result.database,
            otherDatabases: result.otherDatabases,
            backupCreatedAt: result.manifest.createdAt,
            publications: result.publications,
            media: result.media,
            migrated: result.migrated,
            elapsedMs: result.elapsedMs,
            warnings: result.warnings,
          },
          null,
          2,
        ),
      );
    } else {
      for (const warning of result.warnings) console.warn(`warning: ${warning}`);
      if (result.migrated.length > 0) console.log(`applied migrations newer than the backup: ${result.migrated.join(', ')}`);
      console.log(
        `restore complete in ${(result.elapsedMs / 1000).toFixed(1)}s: database ${[result.database, ...result.otherDatabases].join(', ')} from the backup of ${result.manifest.createdAt}, ` +
          `${result.publications} publications with their film, poster and subtitles present, ` +
          `${result.media.written} media files written (${formatBytes(result.media.bytesWritten)}), ${result.media.unchanged} already there`,
      );
    }
    return 0;
  },
};
