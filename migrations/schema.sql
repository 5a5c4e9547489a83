-- The schema after every migration (normalised; one line per object). Regenerate with `npm run db:schema`.
column assignment.basis text[] not null default '{}'::text[]
column assignment.body_code character varying(64)
column assignment.catalogue_code character varying(64)
column assignment.created_at timestamp with time zone not null default now()
column assignment.duty text
column assignment.except_in character varying(9)[] not null default '{}'::character varying[]
column assignment.holder text generated always as (COALESCE(body_code, (('@'::text || relative))::character varying)) stored
column assignment.id bigint not null generated always as identity
column assignment.item_code character varying(64) not null
column assignment.note text
column assignment.relative text
column assignment.role text not null
column assignment.row_version integer not null default 1
column assignment.scope_code character varying(9) not null
column assignment.updated_at timestamp with time zone not null default now()
column assignment.valid_from date
column assignment.valid_to date
column body.code character varying(64) not null
column body.created_at timestamp with time zone not null default now()
column body.jurisdiction_code character varying(9) not null
column body.kind text not null
column body.name text not null
column body.parent_code character varying(64)
column body.row_version integer not null default 1
column body.serves character varying(9)[] not null default '{}'::character varying[]
column body.successor_code character varying(64)
column body.updated_at timestamp with time zone not null default now()
column body.valid_from date
column body.valid_to date
column catalogue.code character varying(64) not null
column catalogue.created_at timestamp with time zone not null default now()
column catalogue.guiding_code character varying(64)
column catalogue.kind text not null
column catalogue.name text not null
column catalogue.owner_code character varying(9) not null
column catalogue.row_version integer not null default 1
column catalogue.updated_at timestamp with time zone not null default now()
column catalogue.valid_from date
column catalogue.valid_to date
column catalogue_entry.basis text[]
column catalogue_entry.catalogue_code character varying(64) not null
column catalogue_entry.category text
column catalogue_entry.created_at timestamp with time zone not null default now()
column catalogue_entry.item_code character varying(64) not null
column catalogue_entry.name text
column catalogue_entry.not_applicable_in character varying(9)[] not null default '{}'::character varying[]
column catalogue_entry.row_version integer not null default 1
column catalogue_entry.updated_at timestamp with time zone not null default now()
column catalogue_entry.valid_from date
column catalogue_entry.valid_to date
column catalogue_version.actor text
column catalogue_version.catalogue_code character varying(64) not null
column catalogue_version.content jsonb not null
column catalogue_version.note text
column catalogue_version.published_at timestamp with time zone not null default now()
column catalogue_version.published_on date not null
column catalogue_version.version integer not null
column change.actor text
column change.after jsonb
column change.at timestamp with time zone not null default now()
column change.before jsonb
column change.entity text not null
column change.id bigint not null generated always as identity
column change.key text not null
column change.operation text not null
column change.reason text
column change.scope_code character varying(9)
column flag_acknowledgement.acknowledged_at timestamp with time zone not null default now()
column flag_acknowledgement.actor text
column flag_acknowledgement.item_code character varying(64) not null
column flag_acknowledgement.jurisdiction_code character varying(9) not null
column flag_acknowledgement.kind text not null
column flag_acknowledgement.reason text not null
column flag_snapshot.as_of date not null
column flag_snapshot.crowded_levels text[] not null default '{}'::text[]
column flag_snapshot.generation bigint not null
column flag_snapshot.item character varying(64) not null
column flag_snapshot.kind text not null
column flag_snapshot.scope character varying(9) not null
column flag_snapshot.target character varying(9) not null
column flag_snapshot_state.as_of date not null
column flag_snapshot_state.computed_at timestamp with time zone not null default now()
column flag_snapshot_state.generation bigint not null
column flag_snapshot_state.scope character varying(9) not null
column item.basis text[] not null default '{}'::text[]
column item.category text not null
column item.code character varying(64) not null
column item.created_at timestamp with time zone not null default now()
column item.description text
column item.domain text not null
column item.name text not null
column item.row_version integer not null default 1
column item.updated_at timestamp with time zone not null default now()
column jurisdiction.code character varying(9) not null
column jurisdiction.leaf boolean not null default true
column jurisdiction.level text not null
column jurisdiction.name text not null
column jurisdiction.parent_code character varying(9)
column jurisdiction.path character varying(9)[] not null
column meta.key text not null
column meta.value text not null
column typeorm_migration.id integer not null default nextval('typeorm_migration_id_seq'::regclass)
column typeorm_migration.name character varying not null
column typeorm_migration.timestamp bigint not null
constraint assignment.assignment_body_code_fkey FOREIGN KEY (body_code) REFERENCES body(code)
constraint assignment.assignment_catalogue_code_fkey FOREIGN KEY (catalogue_code) REFERENCES catalogue(code)
constraint assignment.assignment_item_code_fkey FOREIGN KEY (item_code) REFERENCES item(code)
constraint assignment.assignment_pkey PRIMARY KEY (id)
constraint assignment.assignment_scope_code_fkey FOREIGN KEY (scope_code) REFERENCES jurisdiction(code)
constraint assignment.ck_assignment_holder CHECK (((body_code IS NULL) <> (relative IS NULL)))
constraint assignment.ck_assignment_relative CHECK ((relative = 'TOWNSHIP_GOVERNMENT'::text))
constraint assignment.ck_assignment_role CHECK ((role = ANY (ARRAY['PRIMARY'::text, 'SUPPORTING'::text, 'SUPERVISING'::text])))
constraint assignment.ck_assignment_validity CHECK ((valid_from < valid_to))
constraint assignment.uq_assignment_natural_key UNIQUE NULLS NOT DISTINCT (item_code, scope_code, holder, role, valid_from)
constraint body.body_jurisdiction_code_fkey FOREIGN KEY (jurisdiction_code) REFERENCES jurisdiction(code)
constraint body.body_pkey PRIMARY KEY (code)
constraint body.ck_body_code CHECK (((code)::text ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'::text))
constraint body.ck_body_government CHECK (((kind = 'GOVERNMENT'::text) = ((code)::text = ((jurisdiction_code)::text || '-GOV'::text))))
constraint body.ck_body_kind CHECK ((kind = ANY (ARRAY['GOVERNMENT'::text, 'DEPARTMENT'::text, 'STATIONED'::text, 'OTHER'::text])))
constraint body.ck_body_name CHECK ((btrim(name) <> ''::text))
constraint body.ck_body_parent_self CHECK (((parent_code)::text <> (code)::text))
constraint body.ck_body_serves CHECK (((kind = 'STATIONED'::text) OR (cardinality(serves) = 0)))
constraint body.ck_body_stationed CHECK (((kind = 'STATIONED'::text) = (parent_code IS NOT NULL)))
constraint body.ck_body_successor_self CHECK (((successor_code)::text <> (code)::text))
constraint body.ck_body_validity CHECK ((valid_from < valid_to))
constraint body.fk_body_parent FOREIGN KEY (parent_code) REFERENCES body(code) DEFERRABLE INITIALLY DEFERRED
constraint body.fk_body_successor FOREIGN KEY (successor_code) REFERENCES body(code) DEFERRABLE INITIALLY DEFERRED
constraint catalogue.catalogue_owner_code_fkey FOREIGN KEY (owner_code) REFERENCES jurisdiction(code)
constraint catalogue.catalogue_pkey PRIMARY KEY (code)
constraint catalogue.ck_catalogue_code CHECK (((code)::text ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'::text))
constraint catalogue.ck_catalogue_guiding_local CHECK (((kind = 'LOCAL'::text) OR (guiding_code IS NULL)))
constraint catalogue.ck_catalogue_guiding_self CHECK (((guiding_code)::text <> (code)::text))
constraint catalogue.ck_catalogue_kind CHECK ((kind = ANY (ARRAY['GUIDING'::text, 'LOCAL'::text])))
constraint catalogue.ck_catalogue_name CHECK ((btrim(name) <> ''::text))
constraint catalogue.ck_catalogue_validity CHECK ((valid_from < valid_to))
constraint catalogue.fk_catalogue_guiding FOREIGN KEY (guiding_code) REFERENCES catalogue(code) DEFERRABLE INITIALLY DEFERRED
constraint catalogue_entry.catalogue_entry_catalogue_code_fkey FOREIGN KEY (catalogue_code) REFERENCES catalogue(code) ON DELETE CASCADE
constraint catalogue_entry.catalogue_entry_item_code_fkey FOREIGN KEY (item_code) REFERENCES item(code)
constraint catalogue_entry.ck_catalogue_entry_category CHECK ((category = ANY (ARRAY['LICENSING'::text, 'PENALTY'::text, 'COERCION'::text, 'LEVY'::text, 'BENEFIT'::text, 'ADJUDICATION'::text, 'CONFIRMATION'::text, 'REWARD'::text, 'INSPECTION'::text, 'OTHER_POWER'::text, 'PUBLIC_SERVICE'::text, 'TERRITORIAL'::text])))
constraint catalogue_entry.ck_catalogue_entry_name CHECK ((btrim(name) <> ''::text))
constraint catalogue_entry.ck_catalogue_entry_validity CHECK ((valid_from < valid_to))
constraint catalogue_entry.pk_catalogue_entry PRIMARY KEY (catalogue_code, item_code)
constraint catalogue_version.catalogue_version_catalogue_code_fkey FOREIGN KEY (catalogue_code) REFERENCES catalogue(code) ON DELETE CASCADE
constraint catalogue_version.ck_catalogue_version_positive CHECK ((version > 0))
constraint catalogue_version.pk_catalogue_version PRIMARY KEY (catalogue_code, version)
constraint change.change_pkey PRIMARY KEY (id)
constraint change.change_scope_code_fkey FOREIGN KEY (scope_code) REFERENCES jurisdiction(code)
constraint change.ck_change_entity CHECK ((entity = ANY (ARRAY['body'::text, 'item'::text, 'catalogue'::text, 'entry'::text, 'assignment'::text, 'acknowledgement'::text, 'version'::text])))
constraint change.ck_change_images CHECK ((((operation = 'CREATE'::text) = (before IS NULL)) AND ((operation = 'DELETE'::text) = (after IS NULL))))
constraint change.ck_change_operation CHECK ((operation = ANY (ARRAY['CREATE'::text, 'UPDATE'::text, 'DELETE'::text])))
constraint flag_acknowledgement.ck_flag_acknowledgement_kind CHECK ((kind = ANY (ARRAY['OVERLAP_COUNTY_TOWNSHIP'::text, 'OVERLAP_SAME_LEVEL'::text, 'GAP_NO_HOLDER'::text, 'GAP_SUPPORT_ONLY'::text, 'GAP_INACTIVE_PRIMARY'::text, 'UNLISTED_TOWNSHIP_DUTY'::text, 'ROLE_CONFLICT'::text, 'OUT_OF_JURISDICTION'::text])))
constraint flag_acknowledgement.ck_flag_acknowledgement_reason CHECK ((btrim(reason) <> ''::text))
constraint flag_acknowledgement.flag_acknowledgement_item_code_fkey FOREIGN KEY (item_code) REFERENCES item(code) ON DELETE CASCADE
constraint flag_acknowledgement.flag_acknowledgement_jurisdiction_code_fkey FOREIGN KEY (jurisdiction_code) REFERENCES jurisdiction(code)
constraint flag_acknowledgement.pk_flag_acknowledgement PRIMARY KEY (kind, item_code, jurisdiction_code)
constraint flag_snapshot.fk_flag_snapshot_state FOREIGN KEY (as_of, scope, generation) REFERENCES flag_snapshot_state(as_of, scope, generation) ON DELETE CASCADE
constraint flag_snapshot_state.pk_flag_snapshot_state PRIMARY KEY (as_of, scope, generation)
constraint item.ck_item_category CHECK ((category = ANY (ARRAY['LICENSING'::text, 'PENALTY'::text, 'COERCION'::text, 'LEVY'::text, 'BENEFIT'::text, 'ADJUDICATION'::text, 'CONFIRMATION'::text, 'REWARD'::text, 'INSPECTION'::text, 'OTHER_POWER'::text, 'PUBLIC_SERVICE'::text, 'TERRITORIAL'::text])))
constraint item.ck_item_code CHECK (((code)::text ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'::text))
constraint item.ck_item_domain CHECK ((btrim(domain) <> ''::text))
constraint item.ck_item_name CHECK ((btrim(name) <> ''::text))
constraint item.item_pkey PRIMARY KEY (code)
constraint jurisdiction.ck_jurisdiction_code CHECK ((((code)::text ~ '^[0-9]{6}([0-9]{3})?$'::text) AND ((code)::text <> '000000'::text)))
constraint jurisdiction.ck_jurisdiction_code_level CHECK (((level = 'TOWNSHIP'::text) = (length((code)::text) = 9)))
constraint jurisdiction.ck_jurisdiction_level CHECK ((level = ANY (ARRAY['PROVINCE'::text, 'CITY'::text, 'COUNTY'::text, 'TOWNSHIP'::text])))
constraint jurisdiction.ck_jurisdiction_name CHECK ((btrim(name) <> ''::text))
constraint jurisdiction.ck_jurisdiction_parent CHECK (((level = 'PROVINCE'::text) = (parent_code IS NULL)))
constraint jurisdiction.ck_jurisdiction_path CHECK ((((cardinality(path) >= 1) AND (cardinality(path) <= 4)) AND ((path[cardinality(path)])::text = (code)::text) AND ((parent_code IS NULL) OR ((path[(cardinality(path) - 1)])::text = (parent_code)::text))))
constraint jurisdiction.jurisdiction_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES jurisdiction(code)
constraint jurisdiction.jurisdiction_pkey PRIMARY KEY (code)
constraint meta.meta_pkey PRIMARY KEY (key)
constraint typeorm_migration.PK_eb2625d037e623328fc0f0a9d16 PRIMARY KEY (id)
function CREATE OR REPLACE FUNCTION public.shudi_assert_jurisdictions() RETURNS trigger LANGUAGE plpgsql AS $function$ declare codes varchar[]; missing varchar; begin execute format('select ($1).%I', tg_argv[0]) using new into codes; select c into missing from unnest(codes) c where not exists (select 1 from jurisdiction j where j.code = c) limit 1; if missing is not null then raise exception using errcode = '23503', constraint = 'fk_' || tg_table_name || '_' || tg_argv[0], message = format('%s.%s: jurisdiction "%s" does not exist', tg_table_name, tg_argv[0], missing); end if; return new; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $function$ begin update meta set value = (value::bigint + 1)::text where key = 'generation'; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_notify_data() RETURNS trigger LANGUAGE plpgsql AS $function$ begin perform pg_notify('shudi_data', ''); return null; end $function$ 
index CREATE INDEX ix_assignment_body ON public.assignment USING btree (body_code) WHERE (body_code IS NOT NULL)
index CREATE INDEX ix_assignment_catalogue ON public.assignment USING btree (catalogue_code) WHERE (catalogue_code IS NOT NULL)
index CREATE INDEX ix_assignment_scope ON public.assignment USING btree (scope_code)
index CREATE INDEX ix_body_jurisdiction ON public.body USING btree (jurisdiction_code)
index CREATE INDEX ix_body_parent ON public.body USING btree (parent_code) WHERE (parent_code IS NOT NULL)
index CREATE INDEX ix_body_successor ON public.body USING btree (successor_code) WHERE (successor_code IS NOT NULL)
index CREATE INDEX ix_catalogue_entry_item ON public.catalogue_entry USING btree (item_code)
index CREATE INDEX ix_catalogue_owner ON public.catalogue USING btree (owner_code)
index CREATE INDEX ix_change_at ON public.change USING btree (at)
index CREATE INDEX ix_change_entity ON public.change USING btree (entity, id)
index CREATE INDEX ix_change_scope ON public.change USING btree (scope_code, id)
index CREATE INDEX ix_flag_snapshot_key ON public.flag_snapshot USING btree (as_of, scope, generation, item, target, kind)
index CREATE INDEX ix_item_domain ON public.item USING btree (domain)
index CREATE INDEX ix_jurisdiction_level ON public.jurisdiction USING btree (level)
index CREATE INDEX ix_jurisdiction_parent ON public.jurisdiction USING btree (parent_code)
index CREATE INDEX ix_jurisdiction_path ON public.jurisdiction USING gin (path)
index CREATE UNIQUE INDEX "PK_eb2625d037e623328fc0f0a9d16" ON public.typeorm_migration USING btree (id)
index CREATE UNIQUE INDEX assignment_pkey ON public.assignment USING btree (id)
index CREATE UNIQUE INDEX body_pkey ON public.body USING btree (code)
index CREATE UNIQUE INDEX catalogue_pkey ON public.catalogue USING btree (code)
index CREATE UNIQUE INDEX change_pkey ON public.change USING btree (id)
index CREATE UNIQUE INDEX item_pkey ON public.item USING btree (code)
index CREATE UNIQUE INDEX jurisdiction_pkey ON public.jurisdiction USING btree (code)
index CREATE UNIQUE INDEX meta_pkey ON public.meta USING btree (key)
index CREATE UNIQUE INDEX pk_catalogue_entry ON public.catalogue_entry USING btree (catalogue_code, item_code)
index CREATE UNIQUE INDEX pk_catalogue_version ON public.catalogue_version USING btree (catalogue_code, version)
index CREATE UNIQUE INDEX pk_flag_acknowledgement ON public.flag_acknowledgement USING btree (kind, item_code, jurisdiction_code)
index CREATE UNIQUE INDEX pk_flag_snapshot_state ON public.flag_snapshot_state USING btree (as_of, scope, generation)
index CREATE UNIQUE INDEX uq_assignment_natural_key ON public.assignment USING btree (item_code, scope_code, holder, role, valid_from) NULLS NOT DISTINCT
sequence assignment_id_seq
sequence change_id_seq
sequence typeorm_migration_id_seq
table assignment
table body
table catalogue
table catalogue_entry
table catalogue_version
table change
table flag_acknowledgement
table flag_snapshot
table flag_snapshot_state
table item
table jurisdiction
table meta
table typeorm_migration
trigger CREATE TRIGGER tg_assignment_except_in BEFORE INSERT OR UPDATE OF except_in ON public.assignment FOR EACH ROW WHEN ((cardinality(new.except_in) > 0)) EXECUTE FUNCTION shudi_assert_jurisdictions('except_in')
trigger CREATE TRIGGER tg_assignment_generation AFTER INSERT OR DELETE OR UPDATE ON public.assignment FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_body_generation AFTER INSERT OR DELETE OR UPDATE ON public.body FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_body_serves BEFORE INSERT OR UPDATE OF serves ON public.body FOR EACH ROW WHEN ((cardinality(new.serves) > 0)) EXECUTE FUNCTION shudi_assert_jurisdictions('serves')
trigger CREATE TRIGGER tg_catalogue_entry_generation AFTER INSERT OR DELETE OR UPDATE ON public.catalogue_entry FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_catalogue_entry_not_applicable_in BEFORE INSERT OR UPDATE OF not_applicable_in ON public.catalogue_entry FOR EACH ROW WHEN ((cardinality(new.not_applicable_in) > 0)) EXECUTE FUNCTION shudi_assert_jurisdictions('not_applicable_in')
trigger CREATE TRIGGER tg_catalogue_generation AFTER INSERT OR DELETE OR UPDATE ON public.catalogue FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_change_notify AFTER INSERT OR DELETE OR UPDATE ON public.change FOR EACH STATEMENT EXECUTE FUNCTION shudi_notify_data()
trigger CREATE TRIGGER tg_item_generation AFTER INSERT OR DELETE OR UPDATE ON public.item FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_meta_notify AFTER INSERT OR DELETE OR UPDATE ON public.meta FOR EACH STATEMENT EXECUTE FUNCTION shudi_notify_data()
