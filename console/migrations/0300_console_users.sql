-- The console's people: curators, reviewers and admins, their sessions and login attempts.
-- Passwords are argon2id hashes (console/app/users.server.ts); a session cookie carries a random
-- token whose SHA-256 is the session id here, so a leaked table cannot be replayed as cookies.

create table if not exists users (
  id bigserial primary key,
  email text not null,
  password_hash text not null,
  role text not null check (role in ('curator', 'reviewer', 'admin')),
  -- set when an admin disables the account: its sessions end and it cannot log in
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index if not exists users_email on users (lower(email));

create table if not exists user_sessions (
  -- hex SHA-256 of the cookie's token
  id text primary key,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  ip text,
  user_agent text
);
create index if not exists user_sessions_user on user_sessions (user_id);
create index if not exists user_sessions_expiry on user_sessions (expires_at);

-- Every login attempt, for rate limiting (failures per email and per address in a window).
create table if not exists login_attempts (
  id bigserial primary key,
  email text not null,
  ip text not null,
  succeeded boolean not null,
  attempted_at timestamptz not null default now()
);
create index if not exists login_attempts_email on login_attempts (lower(email), attempted_at);
create index if not exists login_attempts_ip on login_attempts (ip, attempted_at);
