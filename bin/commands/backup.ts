// `shiying backup`: the database and the media store into one verified folder (platform/backup/).
import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { createBackup } from '../../platform/backup/create-backup.js';
import { formatBytes } from '../../platform/backup/media-files.js';

const HELP = `Usage: shiying backup [--out DIR] [--with-database NAME]… [--keep N] [--json]
  Writes DIR/shiying-backup-<UTC time>/ (DIR defaults to ./backups):
    database.dump   pg_dump (custom format) of the Shiying database (DATABASE_URL, or the local cluster)
    media/          a copy of the media store (SHIYING_MEDIA_ROOT)
    manifest.json   size and SHA-256 of every file, row counts, publications, schema version
  The folder is named .partial until it is complete.
  --with-database NAME   also dump this database of the same server (repeatable): Temporal's
                         \`temporal\` and \`temporal_visibility\`, whose workflows go with the productions
  --keep N   afterwards delete all but the newest N backups in DIR
  --json     print the result as JSON
Restore with \`shiying restore DIR/shiying-backup-…\`.`;

export const command: Command = {
  name: 'backup',
  summary: 'back up the database and the media store into one folder with a checksummed manifest [--out DIR]',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { out: { type: 'string' }, keep: { type: 'string' }, 'with-database': { type: 'string', multiple: true }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UserFacingError(`unexpected argument "${positionals[0]}" (the folder goes after --out)\n${HELP}`);
    const keep = values.keep === undefined ? undefined : Number(values.keep);
    const log = values.json ? () => {} : (line: string) => console.log(line);
    const result = await createBackup(loadConfig(), { outDir: values.out ?? 'backups', keep, withDatabases: values['with-database'], log });
    const { manifest } = result;
    const publications = manifest.publications.length;
    const visible = manifest.publications.filter((publication) => publication.visible).length;
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            dir: result.dir,
            elapsedMs: result.elapsedMs,
            database: { name: manifest.database.name, bytes: manifest.database.file.bytes, schemaVersion: manifest.database.schemaVersion },
            otherDatabases: manifest.otherDatabases.map((other) => ({ name: other.name, bytes: other.file.bytes })),
            media: { files: manifest.media.files.length, bytes: manifest.media.bytes },
            publications: { total: publications, visible },
            pruned: result.pruned,
            warnings: result.warnings,
          },
          null,
          2,
        ),
      );
    } else {
      for (const warning of result.warnings) console.warn(`warning: ${warning}`);
      for (const pruned of result.pruned) console.log(`removed old backup ${pruned}`);
      console.log(
        `backup complete in ${(result.elapsedMs / 1000).toFixed(1)}s: ${publications} publications (${visible} visible), ` +
          `${manifest.media.files.length} media files (${formatBytes(manifest.media.bytes)}), database ${formatBytes(manifest.database.file.bytes)}, schema ${manifest.database.schemaVersion}` +
          manifest.otherDatabases.map((other) => `, ${other.name} ${formatBytes(other.file.bytes)}`).join(''),
      );
      console.log(result.dir);
    }
    return 0;
  },
};
