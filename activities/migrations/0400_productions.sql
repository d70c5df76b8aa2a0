-- Productions: one poem on its way to a film. The production workflow (workflows/production.ts)
-- owns the truth; activities mirror its state here so the console can list thousands cheaply.
create table if not exists productions (
  -- also the Temporal workflow id
  id text primary key,
  -- corpus_poems.id (a pasted poem is stored there with source 'pasted')
  poem_id text not null,
  poem_title text not null,
  poem_author text not null,
  -- provider, aspect, look, priority
  options jsonb not null,
  -- poem + options: one production at a time per key (see the partial unique index)
  dedupe_key text not null,
  status text not null check (status in ('queued', 'generating', 'awaiting_review', 'published', 'rejected', 'failed', 'cancelled')),
  version integer not null default 0,
  plan jsonb,
  reason text,
  requested_by text not null,
  cost_usd numeric(12, 4) not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The same poem with the same options cannot be in progress twice.
create unique index if not exists productions_one_in_progress on productions (dedupe_key)
  where status in ('queued', 'generating', 'awaiting_review');
create index if not exists productions_status on productions (status, created_at);

create table if not exists production_shots (
  production_id text not null references productions (id) on delete cascade,
  shot_index integer not null,
  status text not null check (status in ('planned', 'generating', 'ready', 'failed', 'approved')),
  -- how many times this shot has been generated (1 = first take)
  version integer not null default 0,
  line_text text not null,
  clip text,
  cost_usd numeric(12, 4) not null default 0,
  cached boolean,
  not_drawn text[] not null default '{}',
  reason text,
  updated_at timestamptz not null default now(),
  primary key (production_id, shot_index)
);

-- Every draft is kept: version N is the Nth assembly.
create table if not exists production_versions (
  production_id text not null references productions (id) on delete cascade,
  version integer not null,
  plan jsonb not null,
  film text not null,
  poster text not null,
  storyboard text not null,
  vtt text not null,
  duration_sec real not null,
  -- [{ index, clip, durationSec, cached, notDrawn }]
  shots jsonb not null,
  created_at timestamptz not null default now(),
  primary key (production_id, version)
);

-- The audit log: every decision, who made it, when, with its note.
create table if not exists review_decisions (
  id bigserial primary key,
  -- set by the workflow, so a retried activity records a decision once
  decision_key text unique,
  production_id text not null references productions (id) on delete cascade,
  actor text not null,
  action text not null check (action in ('queue', 'approve_shot', 'regenerate_shot', 'approve_draft', 'reject', 'publish', 'unpublish', 'cancel', 'retry')),
  shot_index integer,
  note text,
  edits jsonb,
  version integer,
  created_at timestamptz not null default now()
);
create index if not exists review_decisions_production on review_decisions (production_id, id);

-- What the public gallery shows. A row exists from first publication; `unpublished_at` hides it.
create table if not exists publications (
  production_id text primary key references productions (id) on delete cascade,
  slug text not null unique,
  version integer not null,
  poem_id text not null,
  title text not null,
  title_traditional text not null,
  author text not null,
  author_traditional text not null,
  dynasty text not null,
  lines text[] not null,
  lines_traditional text[] not null,
  translation text[],
  film text not null,
  poster text not null,
  vtt text not null,
  duration_sec real not null,
  -- { poet, provider, reviewers[] }
  credits jsonb not null,
  published_at timestamptz not null default now(),
  unpublished_at timestamptz
);
create index if not exists publications_visible on publications (published_at desc) where unpublished_at is null;
