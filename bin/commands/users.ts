// `shiying users …`: console accounts. In production this is how the first admin is made
// (no account exists until then); in development `npm start` seeds three.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { UserFacingError, type Command } from '../command.js';
import { loadConfig } from '../../platform/config.js';
import { connectDatabase, probeDatabase, redactUrl } from '../../platform/db.js';
import { databaseUrl } from '../../platform/config.js';
import { migrate } from '../../platform/migrate.js';
import { addUser, isRole, listUsers, normaliseEmail, ROLES, setDisabled, setPassword, setRole, UserError, type User } from '../../console/app/users.server.js';
import type { Sql } from '../../platform/db.js';

const HELP = `Usage:
  shiying users add --email <email> --role <${ROLES.join('|')}> [--password <password>]
      (without --password a random one is made and printed once)
  shiying users list [--json]
  shiying users role --email <email> --role <${ROLES.join('|')}>
  shiying users disable --email <email>
  shiying users enable --email <email>
  shiying users password --email <email> [--password <password>]
Changing a role, disabling or setting a password ends the account's sessions.`;

async function findByEmail(sql: Sql, email: string): Promise<User> {
  const user = (await listUsers(sql)).find((candidate) => candidate.email === normaliseEmail(email));
  if (!user) throw new UserFacingError(`no account for ${normaliseEmail(email)} (see \`shiying users list\`)`);
  return user;
}

function newPassword(): string {
  return randomBytes(15).toString('base64url');
}

export const command: Command = {
  name: 'users',
  summary: 'console accounts: add, list, change role, disable, reset password',
  help: HELP,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
    const [action] = positionals;
    if (!action) throw new UserFacingError(`what to do?\n${HELP}`);
    const config = loadConfig();
    const sql = connectDatabase(config, { max: 2 });
    try {
      const probe = await probeDatabase(sql);
      if (!probe.ok) throw new UserFacingError(`cannot reach Postgres at ${redactUrl(databaseUrl(config))}: ${probe.reason} (start it with \`npx shiying up\`)`);
      await migrate(sql);
      const email = values.email ?? '';
      const needEmail = () => {
        if (!email) throw new UserFacingError(`--email is required\n${HELP}`);
      };
      const needRole = () => {
        if (!isRole(values.role)) throw new UserFacingError(`--role must be one of ${ROLES.join(', ')}`);
        return values.role;
      };
      switch (action) {
        case 'add': {
          needEmail();
          const role = needRole();
          const password = values.password ?? newPassword();
          const user = await addUser(sql, { email, role, password });
          console.log(`added ${user.email} (${user.role})`);
          if (!values.password) console.log(`password: ${password}  (shown once; change it with \`shiying users password\`)`);
          return 0;
        }
        case 'list': {
          const users = await listUsers(sql);
          if (values.json) console.log(JSON.stringify({ users }, null, 2));
          else if (users.length === 0) console.log('no accounts yet: add one with `shiying users add --email … --role admin`');
          else for (const user of users) console.log(`${user.email.padEnd(36)} ${user.role.padEnd(9)} ${user.disabledAt ? 'disabled' : 'active  '}  last login ${user.lastLoginAt ?? 'never'}`);
          return 0;
        }
        case 'role': {
          needEmail();
          const role = needRole();
          const user = await setRole(sql, (await findByEmail(sql, email)).id, role);
          console.log(`${user.email} is now ${user.role}`);
          return 0;
        }
        case 'disable':
        case 'enable': {
          needEmail();
          const user = await setDisabled(sql, (await findByEmail(sql, email)).id, action === 'disable');
          console.log(`${user.email} ${user.disabledAt ? 'disabled' : 'enabled'}`);
          return 0;
        }
        case 'password': {
          needEmail();
          const password = values.password ?? newPassword();
          const user = await findByEmail(sql, email);
          await setPassword(sql, user.id, password);
          console.log(`password of ${user.email} changed`);
          if (!values.password) console.log(`password: ${password}  (shown once)`);
          return 0;
        }
        default:
          throw new UserFacingError(`unknown action "${action}"\n${HELP}`);
      }
    } catch (error) {
      if (error instanceof UserError) throw new UserFacingError(error.message);
      throw error;
    } finally {
      await sql.end({ timeout: 2 });
    }
  },
};
