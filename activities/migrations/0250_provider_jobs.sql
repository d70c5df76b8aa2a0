-- Remote provider jobs (activities/providers/remote): one row per submission attempt of one
-- idempotency key (the content hash of the shot's request: provider, model, mapped body, take).
-- The provider's job id is stored here before polling starts, so a worker that dies resumes the
-- same job instead of paying for a second one. Costs and budgets are summed from these rows.
create table if not exists provider_jobs (
  idempotency_key text not null,
  -- 1 for the first submission; a failed or expired attempt is followed by attempt + 1
  attempt integer not null,
  provider text not null,
  model text not null,
  -- 'video' (a shot's clip) or 'speech' (narration audio)
  kind text not null check (kind in ('video', 'speech')),
  -- the production that pays; null for work outside a production (e.g. `shiying render`)
  production_id text,
  shot_index integer,
  status text not null check (status in ('reserved', 'running', 'succeeded', 'downloaded', 'failed', 'expired')),
  provider_job_id text,
  -- the request body we send (audit, and what the idempotency key was made of)
  request jsonb not null,
  -- how many times a submission was started for this attempt (1 unless an answer was lost)
  submit_count integer not null default 0,
  -- a worker sending the submission holds this lease; an expired lease means it died mid-send
  claimed_until timestamptz,
  -- seconds of video (or characters of speech) requested, and the price applied
  units real not null,
  unit_price_usd numeric(12, 6) not null,
  estimated_cost_usd numeric(12, 4) not null,
  -- what the job cost once it succeeded (failed jobs are not billed by the providers)
  cost_usd numeric(12, 4),
  -- the last download link the provider gave (pre-signed links expire)
  download_url text,
  -- the media store key the clip was saved under
  media_key text,
  provider_status text,
  failure_kind text,
  failure_reason text,
  created_at timestamptz not null default now(),
  submitted_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (idempotency_key, attempt)
);

create unique index if not exists provider_jobs_provider_job on provider_jobs (provider, provider_job_id) where provider_job_id is not null;
create index if not exists provider_jobs_production on provider_jobs (production_id) where production_id is not null;
create index if not exists provider_jobs_open on provider_jobs (provider, status) where status in ('reserved', 'running');
