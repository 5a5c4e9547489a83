import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SPEC §11 乡呼县应: a township's call about an item, routed by the lists to its responders (and why), moved
 * through dated steps, escalated when a time limit passes, rated; per county time limits and webhook endpoint;
 * a durable outbox of call events drained to the county's platform, with a log of every delivery attempt.
 * Statistics read columns filled at each step (raised_on, accepted_on_time, answered_on_time, answer_minutes,
 * rating, escalations), so a summary over a year is one indexed aggregate.
 */
export class Call1765100000000 implements MigrationInterface {
  name = 'Call1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
create table call_setting (
  county_code varchar(9) primary key references jurisdiction(code),
  accept_hours integer not null default 24,
  answer_days integer not null default 5,
  complex_days integer not null default 15,
  webhook_url text,
  webhook_secret text,
  updated_at timestamptz not null default now(),
  constraint ck_call_setting_limits check (accept_hours between 1 and 720 and answer_days between 1 and 60 and complex_days between 1 and 120)
);

create table call (
  id bigint generated always as identity primary key,
  item_code varchar(64) not null references item(code),
  township_code varchar(9) not null references jurisdiction(code),
  -- the county (or the city without counties) whose platform, limits and government serve the township
  county_code varchar(9) not null references jurisdiction(code),
  domain text not null,
  call_date date not null,
  text text not null,
  location text,
  attachments text[] not null default '{}',
  complex boolean not null default false,
  -- the platform's own call id (inbound idempotency: one call per county and platform id)
  platform_call_id text,
  state text not null default 'CALLED',
  route_rule text not null,
  referral text,
  dispute_id bigint references dispute(id),
  adjustment_id bigint references adjustment(id),
  raised_by text,
  raised_at timestamptz not null,
  raised_on date not null,
  dispatched_at timestamptz,
  accept_by timestamptz not null,
  answer_by date,
  accepted_at timestamptz,
  accepted_on_time boolean,
  answered_at timestamptz,
  answered_on_time boolean,
  answer_minutes integer,
  answer text,
  rated_at timestamptz,
  rating text,
  rating_comment text,
  escalations integer not null default 0,
  escalated_at timestamptz,
  escalation_reason text,
  reassignments integer not null default 0,
  revision integer not null default 1,
  updated_at timestamptz not null default now(),
  constraint ck_call_state check (state in ('CALLED', 'DISPATCHED', 'ACCEPTED', 'ANSWERED', 'RATED', 'ESCALATED')),
  constraint ck_call_rule check (route_rule in ('RECLAIMED', 'COOPERATING', 'PRIMARY', 'FALLBACK')),
  constraint ck_call_referral check (referral is null or referral in ('DISPUTE', 'ADMISSION')),
  constraint ck_call_rating check (rating is null or rating in ('SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED')),
  constraint ck_call_text check (btrim(text) <> '')
);
create unique index uq_call_platform_id on call (county_code, platform_call_id) where platform_call_id is not null;
create index ix_call_county_day on call (county_code, raised_on);
create index ix_call_township_day on call (township_code, raised_on);
create index ix_call_day on call (raised_on) include (item_code, domain, county_code);
create index ix_call_item on call (item_code, raised_on);
create index ix_call_dispute on call (dispute_id) where dispute_id is not null;
create index ix_call_adjustment on call (adjustment_id) where adjustment_id is not null;
-- the escalation job reads only the open calls
create index ix_call_open_accept on call (accept_by) where state = 'DISPATCHED';
create index ix_call_open_answer on call (answer_by) where state = 'ACCEPTED';

-- who answers a call and why: the rule, the list and the assignment or duty-list entry it came from
create table call_responder (
  id bigint generated always as identity primary key,
  call_id bigint not null references call(id) on delete cascade,
  body_code varchar(64) not null references body(code),
  rule text not null,
  catalogue_code varchar(64),
  assignment_id bigint,
  duty_item varchar(64),
  via_successor boolean not null default false,
  reason text,
  assigned_at timestamptz not null,
  released_at timestamptz,
  released_reason text,
  -- copied from the call for statistics per department (one row per call and current responder)
  raised_on date not null,
  constraint ck_call_responder_rule check (rule in ('RECLAIMED', 'COOPERATING', 'PRIMARY', 'FALLBACK', 'REASSIGNED'))
);
create index ix_call_responder_call on call_responder (call_id);
create index ix_call_responder_body on call_responder (body_code, raised_on) where released_at is null;
create index ix_call_responder_day on call_responder (raised_on) include (body_code, call_id) where released_at is null;

-- every step of a call, dated, with its actor (also in the change feed)
create table call_step (
  id bigint generated always as identity primary key,
  call_id bigint not null references call(id) on delete cascade,
  step text not null,
  from_state text,
  to_state text not null,
  actor text,
  reason text,
  at timestamptz not null
);
create index ix_call_step_call on call_step (call_id, id);

-- the durable outbox: one event per state change, drained to the county's webhook; key = idempotency key
create table call_event (
  id bigint generated always as identity primary key,
  event_key text not null,
  call_id bigint not null references call(id) on delete cascade,
  county_code varchar(9) not null,
  township_code varchar(9) not null,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  -- delivery state (null url at enqueue: the county has no webhook; nothing to send)
  attempts integer not null default 0,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  last_error text,
  constraint uq_call_event_key unique (event_key)
);
create index ix_call_event_pending on call_event (next_attempt_at, id) where delivered_at is null and next_attempt_at is not null;
create index ix_call_event_call on call_event (call_id, id);

create table webhook_delivery (
  id bigint generated always as identity primary key,
  event_id bigint not null references call_event(id) on delete cascade,
  county_code varchar(9) not null,
  url text not null,
  attempt integer not null,
  status integer,
  error text,
  ok boolean not null,
  duration_ms integer not null,
  at timestamptz not null default now()
);
create index ix_webhook_delivery_county on webhook_delivery (county_code, id);
create index ix_webhook_delivery_event on webhook_delivery (event_id, id);

-- subscribers on every instance hear each call event at commit
create function shudi_notify_call() returns trigger language plpgsql as $fn$
begin
  perform pg_notify('shudi_call', json_build_object('call', new.id::text, 'township', new.township_code, 'event', new.event_key)::text);
  return null;
end
$fn$;
create trigger tg_call_event_notify after insert on call_event for each row execute function shudi_notify_call();

do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint where conname = 'ck_change_entity';
  execute 'alter table change drop constraint ck_change_entity';
  execute 'alter table change add constraint ck_change_entity ' || replace(def, ']))', ', ''call''::text]))');
end $$;
`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
delete from change where entity = 'call';
do $$
declare def text;
begin
  select pg_get_constraintdef(oid) into def from pg_constraint where conname = 'ck_change_entity';
  execute 'alter table change drop constraint ck_change_entity';
  execute 'alter table change add constraint ck_change_entity ' || replace(def, ', ''call''::text', '');
end $$;
drop trigger tg_call_event_notify on call_event;
drop function shudi_notify_call();
drop table webhook_delivery;
drop table call_event;
drop table call_step;
drop table call_responder;
drop table call;
drop table call_setting;`);
  }
}
