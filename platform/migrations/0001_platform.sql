-- Worker probes: `shiying doctor` and the platform tests run a tiny workflow whose activity
-- writes here, proving the whole loop (client → Temporal → worker → Postgres) works.
create table if not exists worker_probes (
  id bigserial primary key,
  probe_id text not null unique,
  hostname text not null,
  pid integer not null,
  recorded_at timestamptz not null default now()
);
