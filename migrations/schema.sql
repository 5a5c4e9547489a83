-- The schema after every migration (normalised; one line per object). Regenerate with `npm run db:schema`.
column adjustment.applicant_code character varying(64) not null
column adjustment.applied_impact jsonb
column adjustment.applied_version integer
column adjustment.basis text[] not null default '{}'::text[]
column adjustment.catalogue_code character varying(64) not null
column adjustment.changes jsonb not null
column adjustment.created_at timestamp with time zone not null default now()
column adjustment.created_by text
column adjustment.decided_by text
column adjustment.decision_reason text
column adjustment.dispute_id bigint
column adjustment.effective_from date not null
column adjustment.id bigint not null generated always as identity
column adjustment.override_reason text
column adjustment.owner_code character varying(9) not null
column adjustment.reason text not null
column adjustment.revision integer not null default 1
column adjustment.state text not null default 'DRAFT'::text
column adjustment.submitted_at timestamp with time zone
column adjustment.submitted_change bigint
column adjustment.trigger text not null
column adjustment.triggered_on date
column adjustment.updated_at timestamp with time zone not null default now()
column adjustment_opinion.adjustment_id bigint not null
column adjustment_opinion.agrees boolean
column adjustment_opinion.answered_at timestamp with time zone
column adjustment_opinion.answered_by text
column adjustment_opinion.body_code character varying(64) not null
column adjustment_opinion.text text
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
column call.accept_by timestamp with time zone not null
column call.accepted_at timestamp with time zone
column call.accepted_on_time boolean
column call.adjustment_id bigint
column call.answer text
column call.answer_by date
column call.answer_minutes integer
column call.answered_at timestamp with time zone
column call.answered_on_time boolean
column call.attachments text[] not null default '{}'::text[]
column call.call_date date not null
column call.complex boolean not null default false
column call.county_code character varying(9) not null
column call.dispatched_at timestamp with time zone
column call.dispute_id bigint
column call.domain text not null
column call.escalated_at timestamp with time zone
column call.escalation_reason text
column call.escalations integer not null default 0
column call.id bigint not null generated always as identity
column call.item_code character varying(64) not null
column call.location text
column call.platform_call_id text
column call.raised_at timestamp with time zone not null
column call.raised_by text
column call.raised_on date not null
column call.rated_at timestamp with time zone
column call.rating text
column call.rating_comment text
column call.reassignments integer not null default 0
column call.referral text
column call.revision integer not null default 1
column call.route_rule text not null
column call.state text not null default 'CALLED'::text
column call.text text not null
column call.township_code character varying(9) not null
column call.updated_at timestamp with time zone not null default now()
column call_event.attempts integer not null default 0
column call_event.call_id bigint not null
column call_event.county_code character varying(9) not null
column call_event.created_at timestamp with time zone not null default now()
column call_event.delivered_at timestamp with time zone
column call_event.event_key text not null
column call_event.id bigint not null generated always as identity
column call_event.last_error text
column call_event.next_attempt_at timestamp with time zone
column call_event.payload jsonb not null
column call_event.township_code character varying(9) not null
column call_event.type text not null
column call_fact.accept_by timestamp with time zone not null
column call_fact.accepted_on_time boolean
column call_fact.answer_by date
column call_fact.answer_minutes integer
column call_fact.answered_on_time boolean
column call_fact.body_code character varying(64) not null
column call_fact.call_id bigint not null
column call_fact.county_code character varying(9) not null
column call_fact.domain text not null
column call_fact.escalations smallint not null default 0
column call_fact.item_code character varying(64) not null
column call_fact.lead boolean not null
column call_fact.raised_on date not null
column call_fact.rating smallint
column call_fact.township_code character varying(9) not null
column call_responder.assigned_at timestamp with time zone not null
column call_responder.assignment_id bigint
column call_responder.body_code character varying(64) not null
column call_responder.call_id bigint not null
column call_responder.catalogue_code character varying(64)
column call_responder.duty_item character varying(64)
column call_responder.id bigint not null generated always as identity
column call_responder.raised_on date not null
column call_responder.reason text
column call_responder.released_at timestamp with time zone
column call_responder.released_reason text
column call_responder.rule text not null
column call_responder.via_successor boolean not null default false
column call_setting.accept_hours integer not null default 24
column call_setting.answer_days integer not null default 5
column call_setting.complex_days integer not null default 15
column call_setting.county_code character varying(9) not null
column call_setting.updated_at timestamp with time zone not null default now()
column call_setting.webhook_secret text
column call_setting.webhook_url text
column call_step.actor text
column call_step.at timestamp with time zone not null
column call_step.call_id bigint not null
column call_step.from_state text
column call_step.id bigint not null generated always as identity
column call_step.reason text
column call_step.step text not null
column call_step.to_state text not null
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
column catalogue_entry.duty text
column catalogue_entry.item_code character varying(64) not null
column catalogue_entry.lead_code character varying(64)
column catalogue_entry.name text
column catalogue_entry.not_applicable_in character varying(9)[] not null default '{}'::character varying[]
column catalogue_entry.part text
column catalogue_entry.row_version integer not null default 1
column catalogue_entry.taken_by_code character varying(64)
column catalogue_entry.updated_at timestamp with time zone not null default now()
column catalogue_entry.valid_from date
column catalogue_entry.valid_to date
column catalogue_version.actor text
column catalogue_version.adjustment_id bigint
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
column cover_interval.applicable integer not null
column cover_interval.county character varying(9) not null
column cover_interval.domain text not null
column cover_interval.during daterange not null
column cover_interval.leaf character varying(9) not null
column cover_interval.owned integer not null
column cover_interval.pairs integer not null
column dispute.adjustment_id bigint
column dispute.created_at timestamp with time zone not null default now()
column dispute.created_by text
column dispute.decision text
column dispute.id bigint not null generated always as identity
column dispute.item_code character varying(64) not null
column dispute.opened_on date not null
column dispute.raised_by character varying(64) not null
column dispute.revision integer not null default 1
column dispute.ruled_by text
column dispute.ruled_on date
column dispute.ruling_basis text[] not null default '{}'::text[]
column dispute.scope_code character varying(9) not null
column dispute.state text not null default 'OPEN'::text
column dispute.subject text not null
column dispute.updated_at timestamp with time zone not null default now()
column dispute.withdraw_reason text
column dispute_party.body_code character varying(64) not null
column dispute_party.dispute_id bigint not null
column dispute_place.dispute_id bigint not null
column dispute_place.jurisdiction_code character varying(9) not null
column dispute_statement.body_code character varying(64) not null
column dispute_statement.dispute_id bigint not null
column dispute_statement.id bigint not null generated always as identity
column dispute_statement.made_at timestamp with time zone not null default now()
column dispute_statement.made_by text
column dispute_statement.text text not null
column empowerment.basis text[] not null default '{}'::text[]
column empowerment.created_at timestamp with time zone not null default now()
column empowerment.except_in character varying(9)[] not null default '{}'::character varying[]
column empowerment.id bigint not null generated always as identity
column empowerment.item_code character varying(64) not null
column empowerment.mode text not null
column empowerment.note text
column empowerment.row_version integer not null default 1
column empowerment.scope_code character varying(9) not null
column empowerment.updated_at timestamp with time zone not null default now()
column empowerment.valid_from date
column empowerment.valid_to date
column flag_acknowledgement.acknowledged_at timestamp with time zone not null default now()
column flag_acknowledgement.actor text
column flag_acknowledgement.item_code character varying(64) not null
column flag_acknowledgement.jurisdiction_code character varying(9) not null
column flag_acknowledgement.kind text not null
column flag_acknowledgement.reason text not null
column flag_count.county character varying(9) not null
column flag_count.during daterange not null
column flag_count.kind text not null
column flag_count.n integer not null
column flag_county.code character varying(9) not null
column flag_county.computed_at timestamp with time zone
column flag_county.path character varying(9)[] not null
column flag_interval.bodies character varying[] not null default '{}'::character varying[]
column flag_interval.county character varying(9) not null
column flag_interval.during daterange not null
column flag_interval.item character varying(64) not null
column flag_interval.kind text not null
column flag_interval.leaf character varying(9) not null
column flag_refresh.county character varying(9) not null
column flag_refresh.queued_at timestamp with time zone not null default now()
column flag_refresh.tx bigint not null default txid_current()
column item.basis text[] not null default '{}'::text[]
column item.category text not null
column item.code character varying(64) not null
column item.created_at timestamp with time zone not null default now()
column item.description text
column item.domain text not null
column item.name text not null
column item.pinyin text
column item.pinyin_initials text
column item.pinyin_of text
column item.row_version integer not null default 1
column item.updated_at timestamp with time zone not null default now()
column jurisdiction.code character varying(9) not null
column jurisdiction.leaf boolean not null default true
column jurisdiction.level text not null
column jurisdiction.name text not null
column jurisdiction.parent_code character varying(9)
column jurisdiction.path character varying(9)[] not null
column jurisdiction.pinyin text
column jurisdiction.pinyin_initials text
column jurisdiction.pinyin_of text
column meta.key text not null
column meta.value text not null
column typeorm_migration.id integer not null default nextval('typeorm_migration_id_seq'::regclass)
column typeorm_migration.name character varying not null
column typeorm_migration.timestamp bigint not null
column webhook_delivery.at timestamp with time zone not null default now()
column webhook_delivery.attempt integer not null
column webhook_delivery.county_code character varying(9) not null
column webhook_delivery.duration_ms integer not null
column webhook_delivery.error text
column webhook_delivery.event_id bigint not null
column webhook_delivery.id bigint not null generated always as identity
column webhook_delivery.ok boolean not null
column webhook_delivery.status integer
column webhook_delivery.url text not null
column work_interval.body character varying(64) not null
column work_interval.county character varying(9) not null
column work_interval.domain text not null
column work_interval.during daterange not null
column work_interval.items character varying(64)[] not null
column work_interval.kind text
column work_interval.level text
column work_interval.pairs integer not null
column work_interval.role text not null
column work_leaf.body character varying(64) not null
column work_leaf.county character varying(9) not null
column work_leaf.domain text not null
column work_leaf.during daterange not null
column work_leaf.leaves integer not null
constraint adjustment.adjustment_applicant_code_fkey FOREIGN KEY (applicant_code) REFERENCES body(code)
constraint adjustment.adjustment_catalogue_code_fkey FOREIGN KEY (catalogue_code) REFERENCES catalogue(code)
constraint adjustment.adjustment_dispute_id_fkey FOREIGN KEY (dispute_id) REFERENCES dispute(id)
constraint adjustment.adjustment_owner_code_fkey FOREIGN KEY (owner_code) REFERENCES jurisdiction(code)
constraint adjustment.adjustment_pkey PRIMARY KEY (id)
constraint adjustment.ck_adjustment_reason CHECK ((btrim(reason) <> ''::text))
constraint adjustment.ck_adjustment_state CHECK ((state = ANY (ARRAY['DRAFT'::text, 'SUBMITTED'::text, 'CONSULTING'::text, 'APPROVED'::text, 'APPLIED'::text, 'REJECTED'::text, 'WITHDRAWN'::text])))
constraint adjustment.ck_adjustment_trigger CHECK ((trigger = ANY (ARRAY['LAW'::text, 'POLICY'::text, 'PRACTICE'::text])))
constraint adjustment_opinion.adjustment_opinion_adjustment_id_fkey FOREIGN KEY (adjustment_id) REFERENCES adjustment(id) ON DELETE CASCADE
constraint adjustment_opinion.adjustment_opinion_body_code_fkey FOREIGN KEY (body_code) REFERENCES body(code)
constraint adjustment_opinion.ck_adjustment_opinion_answer CHECK (((agrees IS NULL) = (answered_at IS NULL)))
constraint adjustment_opinion.pk_adjustment_opinion PRIMARY KEY (adjustment_id, body_code)
constraint assignment.assignment_pkey PRIMARY KEY (id)
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
constraint call.call_adjustment_id_fkey FOREIGN KEY (adjustment_id) REFERENCES adjustment(id)
constraint call.call_county_code_fkey FOREIGN KEY (county_code) REFERENCES jurisdiction(code)
constraint call.call_dispute_id_fkey FOREIGN KEY (dispute_id) REFERENCES dispute(id)
constraint call.call_item_code_fkey FOREIGN KEY (item_code) REFERENCES item(code)
constraint call.call_pkey PRIMARY KEY (id)
constraint call.call_township_code_fkey FOREIGN KEY (township_code) REFERENCES jurisdiction(code)
constraint call.ck_call_rating CHECK (((rating IS NULL) OR (rating = ANY (ARRAY['SATISFIED'::text, 'BASICALLY_SATISFIED'::text, 'UNSATISFIED'::text]))))
constraint call.ck_call_referral CHECK (((referral IS NULL) OR (referral = ANY (ARRAY['DISPUTE'::text, 'ADMISSION'::text]))))
constraint call.ck_call_rule CHECK ((route_rule = ANY (ARRAY['RECLAIMED'::text, 'COOPERATING'::text, 'PRIMARY'::text, 'FALLBACK'::text])))
constraint call.ck_call_state CHECK ((state = ANY (ARRAY['CALLED'::text, 'DISPATCHED'::text, 'ACCEPTED'::text, 'ANSWERED'::text, 'RATED'::text, 'ESCALATED'::text])))
constraint call.ck_call_text CHECK ((btrim(text) <> ''::text))
constraint call_event.call_event_call_id_fkey FOREIGN KEY (call_id) REFERENCES call(id) ON DELETE CASCADE
constraint call_event.call_event_pkey PRIMARY KEY (id)
constraint call_event.uq_call_event_key UNIQUE (event_key)
constraint call_fact.call_fact_call_id_fkey FOREIGN KEY (call_id) REFERENCES call(id) ON DELETE CASCADE
constraint call_fact.pk_call_fact PRIMARY KEY (call_id, body_code)
constraint call_responder.call_responder_body_code_fkey FOREIGN KEY (body_code) REFERENCES body(code)
constraint call_responder.call_responder_call_id_fkey FOREIGN KEY (call_id) REFERENCES call(id) ON DELETE CASCADE
constraint call_responder.call_responder_pkey PRIMARY KEY (id)
constraint call_responder.ck_call_responder_rule CHECK ((rule = ANY (ARRAY['RECLAIMED'::text, 'COOPERATING'::text, 'PRIMARY'::text, 'FALLBACK'::text, 'REASSIGNED'::text])))
constraint call_setting.call_setting_county_code_fkey FOREIGN KEY (county_code) REFERENCES jurisdiction(code)
constraint call_setting.call_setting_pkey PRIMARY KEY (county_code)
constraint call_setting.ck_call_setting_limits CHECK ((((accept_hours >= 1) AND (accept_hours <= 720)) AND ((answer_days >= 1) AND (answer_days <= 60)) AND ((complex_days >= 1) AND (complex_days <= 120))))
constraint call_step.call_step_call_id_fkey FOREIGN KEY (call_id) REFERENCES call(id) ON DELETE CASCADE
constraint call_step.call_step_pkey PRIMARY KEY (id)
constraint catalogue.catalogue_owner_code_fkey FOREIGN KEY (owner_code) REFERENCES jurisdiction(code)
constraint catalogue.catalogue_pkey PRIMARY KEY (code)
constraint catalogue.ck_catalogue_code CHECK (((code)::text ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'::text))
constraint catalogue.ck_catalogue_guiding_local CHECK (((kind = 'LOCAL'::text) OR (guiding_code IS NULL)))
constraint catalogue.ck_catalogue_guiding_self CHECK (((guiding_code)::text <> (code)::text))
constraint catalogue.ck_catalogue_kind CHECK ((kind = ANY (ARRAY['GUIDING'::text, 'LOCAL'::text, 'DUTY'::text])))
constraint catalogue.ck_catalogue_name CHECK ((btrim(name) <> ''::text))
constraint catalogue.ck_catalogue_validity CHECK ((valid_from < valid_to))
constraint catalogue.fk_catalogue_guiding FOREIGN KEY (guiding_code) REFERENCES catalogue(code) DEFERRABLE INITIALLY DEFERRED
constraint catalogue_entry.ck_catalogue_entry_category CHECK ((category = ANY (ARRAY['LICENSING'::text, 'PENALTY'::text, 'COERCION'::text, 'LEVY'::text, 'BENEFIT'::text, 'ADJUDICATION'::text, 'CONFIRMATION'::text, 'REWARD'::text, 'INSPECTION'::text, 'OTHER_POWER'::text, 'PUBLIC_SERVICE'::text, 'TERRITORIAL'::text])))
constraint catalogue_entry.ck_catalogue_entry_duty CHECK ((btrim(duty) <> ''::text))
constraint catalogue_entry.ck_catalogue_entry_lead CHECK ((COALESCE((part = 'COOPERATING'::text), false) = (lead_code IS NOT NULL)))
constraint catalogue_entry.ck_catalogue_entry_name CHECK ((btrim(name) <> ''::text))
constraint catalogue_entry.ck_catalogue_entry_part CHECK ((part = ANY (ARRAY['BASIC'::text, 'COOPERATING'::text, 'RECLAIMED'::text])))
constraint catalogue_entry.ck_catalogue_entry_taken_by CHECK ((COALESCE((part = 'RECLAIMED'::text), false) = (taken_by_code IS NOT NULL)))
constraint catalogue_entry.ck_catalogue_entry_validity CHECK ((valid_from < valid_to))
constraint catalogue_entry.fk_catalogue_entry_lead FOREIGN KEY (lead_code) REFERENCES body(code) DEFERRABLE INITIALLY DEFERRED
constraint catalogue_entry.fk_catalogue_entry_taken_by FOREIGN KEY (taken_by_code) REFERENCES body(code) DEFERRABLE INITIALLY DEFERRED
constraint catalogue_entry.pk_catalogue_entry PRIMARY KEY (catalogue_code, item_code)
constraint catalogue_entry.tg_catalogue_entry_part_kind TRIGGER DEFERRABLE INITIALLY DEFERRED
constraint catalogue_version.catalogue_version_adjustment_id_fkey FOREIGN KEY (adjustment_id) REFERENCES adjustment(id)
constraint catalogue_version.catalogue_version_catalogue_code_fkey FOREIGN KEY (catalogue_code) REFERENCES catalogue(code) ON DELETE CASCADE
constraint catalogue_version.ck_catalogue_version_positive CHECK ((version > 0))
constraint catalogue_version.pk_catalogue_version PRIMARY KEY (catalogue_code, version)
constraint change.change_pkey PRIMARY KEY (id)
constraint change.ck_change_entity CHECK ((entity = ANY (ARRAY['body'::text, 'item'::text, 'catalogue'::text, 'entry'::text, 'assignment'::text, 'empowerment'::text, 'acknowledgement'::text, 'version'::text, 'adjustment'::text, 'dispute'::text, 'call'::text])))
constraint change.ck_change_images CHECK ((((operation = 'CREATE'::text) = (before IS NULL)) AND ((operation = 'DELETE'::text) = (after IS NULL))))
constraint change.ck_change_operation CHECK ((operation = ANY (ARRAY['CREATE'::text, 'UPDATE'::text, 'DELETE'::text])))
constraint dispute.ck_dispute_ruling CHECK (((state = 'RULED'::text) = ((decision IS NOT NULL) AND (ruled_on IS NOT NULL))))
constraint dispute.ck_dispute_state CHECK ((state = ANY (ARRAY['OPEN'::text, 'RULED'::text, 'WITHDRAWN'::text])))
constraint dispute.ck_dispute_subject CHECK ((btrim(subject) <> ''::text))
constraint dispute.dispute_adjustment_id_fkey FOREIGN KEY (adjustment_id) REFERENCES adjustment(id)
constraint dispute.dispute_item_code_fkey FOREIGN KEY (item_code) REFERENCES item(code)
constraint dispute.dispute_pkey PRIMARY KEY (id)
constraint dispute.dispute_raised_by_fkey FOREIGN KEY (raised_by) REFERENCES body(code)
constraint dispute.dispute_scope_code_fkey FOREIGN KEY (scope_code) REFERENCES jurisdiction(code)
constraint dispute_party.dispute_party_body_code_fkey FOREIGN KEY (body_code) REFERENCES body(code)
constraint dispute_party.dispute_party_dispute_id_fkey FOREIGN KEY (dispute_id) REFERENCES dispute(id) ON DELETE CASCADE
constraint dispute_party.pk_dispute_party PRIMARY KEY (dispute_id, body_code)
constraint dispute_place.dispute_place_dispute_id_fkey FOREIGN KEY (dispute_id) REFERENCES dispute(id) ON DELETE CASCADE
constraint dispute_place.dispute_place_jurisdiction_code_fkey FOREIGN KEY (jurisdiction_code) REFERENCES jurisdiction(code)
constraint dispute_place.pk_dispute_place PRIMARY KEY (dispute_id, jurisdiction_code)
constraint dispute_statement.ck_dispute_statement_text CHECK ((btrim(text) <> ''::text))
constraint dispute_statement.dispute_statement_body_code_fkey FOREIGN KEY (body_code) REFERENCES body(code)
constraint dispute_statement.dispute_statement_dispute_id_fkey FOREIGN KEY (dispute_id) REFERENCES dispute(id) ON DELETE CASCADE
constraint dispute_statement.dispute_statement_pkey PRIMARY KEY (id)
constraint empowerment.ck_empowerment_mode CHECK ((mode = ANY (ARRAY['DELEGATED'::text, 'ENTRUSTED'::text, 'CONCENTRATED'::text])))
constraint empowerment.ck_empowerment_validity CHECK ((valid_from < valid_to))
constraint empowerment.empowerment_item_code_fkey FOREIGN KEY (item_code) REFERENCES item(code)
constraint empowerment.empowerment_pkey PRIMARY KEY (id)
constraint empowerment.empowerment_scope_code_fkey FOREIGN KEY (scope_code) REFERENCES jurisdiction(code)
constraint empowerment.uq_empowerment_natural_key UNIQUE NULLS NOT DISTINCT (item_code, scope_code, mode, valid_from)
constraint flag_acknowledgement.ck_flag_acknowledgement_kind CHECK ((kind = ANY (ARRAY['OVERLAP_COUNTY_TOWNSHIP'::text, 'OVERLAP_SAME_LEVEL'::text, 'GAP_NO_HOLDER'::text, 'GAP_SUPPORT_ONLY'::text, 'GAP_INACTIVE_PRIMARY'::text, 'UNLISTED_TOWNSHIP_DUTY'::text, 'ROLE_CONFLICT'::text, 'OUT_OF_JURISDICTION'::text, 'RECLAIMED_STILL_ASSIGNED'::text, 'DUTY_NOT_LISTED'::text, 'COOPERATION_WITHOUT_LEAD'::text, 'BASIC_LED_ABOVE'::text, 'POWER_WITHOUT_EMPOWERMENT'::text])))
constraint flag_acknowledgement.ck_flag_acknowledgement_reason CHECK ((btrim(reason) <> ''::text))
constraint flag_acknowledgement.flag_acknowledgement_item_code_fkey FOREIGN KEY (item_code) REFERENCES item(code) ON DELETE CASCADE
constraint flag_acknowledgement.flag_acknowledgement_jurisdiction_code_fkey FOREIGN KEY (jurisdiction_code) REFERENCES jurisdiction(code)
constraint flag_acknowledgement.pk_flag_acknowledgement PRIMARY KEY (kind, item_code, jurisdiction_code)
constraint flag_county.flag_county_pkey PRIMARY KEY (code)
constraint flag_refresh.flag_refresh_pkey PRIMARY KEY (county)
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
constraint webhook_delivery.webhook_delivery_event_id_fkey FOREIGN KEY (event_id) REFERENCES call_event(id) ON DELETE CASCADE
constraint webhook_delivery.webhook_delivery_pkey PRIMARY KEY (id)
function CREATE OR REPLACE FUNCTION public.shudi_assert_duty_owner() RETURNS trigger LANGUAGE plpgsql AS $function$ begin if new.kind = 'DUTY' and not exists ( select 1 from jurisdiction j where j.code = new.owner_code and (j.level in ('TOWNSHIP', 'COUNTY') or (j.level = 'CITY' and exists (select 1 from jurisdiction c where c.parent_code = j.code and c.level = 'TOWNSHIP')))) then raise exception using errcode = '23514', constraint = 'ck_catalogue_duty_owner', message = format('catalogue %s: a DUTY list is owned by a township, a county or a city without counties, not %s', new.code, new.owner_code); end if; return new; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_assert_entry_part() RETURNS trigger LANGUAGE plpgsql AS $function$ declare k text; begin select c.kind into k from catalogue c where c.code = new.catalogue_code; if (k = 'DUTY') <> (new.part is not null) or (k <> 'DUTY' and new.duty is not null) then raise exception using errcode = '23514', constraint = 'ck_catalogue_entry_part_kind', message = format('entry %s / %s: an entry has a part (and a duty) exactly when its catalogue is a DUTY list', new.catalogue_code, new.item_code); end if; return new; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_assert_jurisdiction_arrays() RETURNS trigger LANGUAGE plpgsql AS $function$ declare missing varchar; begin execute format( 'select c from new_rows n cross join lateral unnest(n.%1$I) c where cardinality(n.%1$I) > 0 and not exists (select 1 from jurisdiction j where j.code = c) limit 1', tg_argv[0]) into missing; if missing is not null then raise exception using errcode = '23503', constraint = 'fk_' || tg_table_name || '_' || tg_argv[0], message = format('%s.%s: jurisdiction "%s" does not exist', tg_table_name, tg_argv[0], missing); end if; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_assert_jurisdictions() RETURNS trigger LANGUAGE plpgsql AS $function$ declare codes varchar[]; missing varchar; begin execute format('select ($1).%I', tg_argv[0]) using new into codes; select c into missing from unnest(codes) c where not exists (select 1 from jurisdiction j where j.code = c) limit 1; if missing is not null then raise exception using errcode = '23503', constraint = 'fk_' || tg_table_name || '_' || tg_argv[0], message = format('%s.%s: jurisdiction "%s" does not exist', tg_table_name, tg_argv[0], missing); end if; return new; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_assert_refs() RETURNS trigger LANGUAGE plpgsql AS $function$ declare missing text; begin for i in 0 .. tg_nargs / 4 - 1 loop execute format( 'select d.v::text from (select distinct n.%1$I as v from new_rows n where n.%1$I is not null) d where not exists (select 1 from %2$I r where r.%3$I = d.v) limit 1', tg_argv[i * 4 + 1], tg_argv[i * 4 + 2], tg_argv[i * 4 + 3]) into missing; if missing is not null then raise exception using errcode = '23503', constraint = tg_argv[i * 4], table = tg_table_name, message = format('insert or update on table "%s" violates foreign key constraint "%s"', tg_table_name, tg_argv[i * 4]), detail = format('Key (%s)=(%s) is not present in table "%s".', tg_argv[i * 4 + 1], missing, tg_argv[i * 4 + 2]); end if; end loop; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_assert_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $function$ declare still text; begin for i in 0 .. tg_nargs / 4 - 1 loop if tg_level = 'STATEMENT' then execute format( 'select o.%1$I::text from old_rows o where exists (select 1 from %2$I r where r.%3$I = o.%1$I) and not exists (select 1 from %4$I x where x.%1$I = o.%1$I) limit 1', tg_argv[i * 4 + 3], tg_argv[i * 4 + 1], tg_argv[i * 4 + 2], tg_table_name) into still; else execute format( 'select $1::text where exists (select 1 from %1$I r where r.%2$I = $1) and not exists (select 1 from %3$I x where x.%4$I = $1)', tg_argv[i * 4 + 1], tg_argv[i * 4 + 2], tg_table_name, tg_argv[i * 4 + 3]) into still using to_jsonb(old) ->> tg_argv[i * 4 + 3]; end if; if still is not null then raise exception using errcode = '23503', constraint = tg_argv[i * 4], table = tg_argv[i * 4 + 1], message = format('update or delete on table "%s" violates foreign key constraint "%s" on table "%s"', tg_table_name, tg_argv[i * 4], tg_argv[i * 4 + 1]), detail = format('Key (%s)=(%s) is still referenced from table "%s".', tg_argv[i * 4 + 3], still, tg_argv[i * 4 + 1]); end if; end loop; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_assert_unreferenced_truncate() RETURNS trigger LANGUAGE plpgsql AS $function$ declare kept boolean; begin for i in 0 .. tg_nargs / 2 - 1 loop execute format('select exists (select 1 from %I)', tg_argv[i * 2 + 1]) into kept; if kept then raise exception using errcode = '23503', constraint = tg_argv[i * 2], table = tg_argv[i * 2 + 1], message = format('cannot truncate a table referenced in a foreign key constraint "%s"', tg_argv[i * 2]), detail = format('Table "%s" references "%s".', tg_argv[i * 2 + 1], tg_table_name), hint = format('Truncate table "%s" at the same time.', tg_argv[i * 2 + 1]); end if; end loop; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_bump_generation() RETURNS trigger LANGUAGE plpgsql AS $function$ begin update meta set value = (value::bigint + 1)::text where key = 'generation'; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_cascade_catalogue_entries() RETURNS trigger LANGUAGE plpgsql AS $function$ begin delete from catalogue_entry e using old_rows o where e.catalogue_code = o.code; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_assignment() RETURNS trigger LANGUAGE plpgsql AS $function$ begin if tg_op in ('UPDATE', 'DELETE') then perform shudi_flag_mark_scopes(array(select distinct scope_code from old_rows), true); end if; if tg_op in ('UPDATE', 'INSERT') then perform shudi_flag_mark_scopes(array(select distinct scope_code from new_rows), false); end if; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_bodies(codes character varying[]) RETURNS void LANGUAGE plpgsql AS $function$ begin perform shudi_flag_mark_scopes(array( with recursive pred(code, depth) as ( select unnest(codes), 0 union select b.code, p.depth + 1 from pred p join body b on b.successor_code = p.code where p.depth < 32 ) select a.scope_code from assignment a where a.body_code in (select code from pred) union select c.owner_code from catalogue_entry e join catalogue c on c.code = e.catalogue_code where e.lead_code in (select code from pred) or e.taken_by_code in (select code from pred) union select j.code from jurisdiction j join pred p on p.code like '%-GOV' and j.code = left(p.code, -4) ), true); end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_body() RETURNS trigger LANGUAGE plpgsql AS $function$ begin if tg_op in ('UPDATE', 'DELETE') then perform shudi_flag_mark_bodies(array(select code from old_rows)); end if; if tg_op in ('UPDATE', 'INSERT') then perform shudi_flag_mark_bodies(array(select code from new_rows)); end if; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_catalogue() RETURNS trigger LANGUAGE plpgsql AS $function$ begin if tg_op in ('UPDATE', 'DELETE') then perform shudi_flag_mark_scopes(array(select distinct owner_code from old_rows), true); end if; if tg_op in ('UPDATE', 'INSERT') then perform shudi_flag_mark_scopes(array(select distinct owner_code from new_rows), false); end if; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_empowerment() RETURNS trigger LANGUAGE plpgsql AS $function$ begin if tg_op in ('UPDATE', 'DELETE') then perform shudi_flag_mark_scopes(array(select distinct scope_code from old_rows), true); end if; if tg_op in ('UPDATE', 'INSERT') then perform shudi_flag_mark_scopes(array(select distinct scope_code from new_rows), false); end if; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_entry() RETURNS trigger LANGUAGE plpgsql AS $function$ begin if tg_op in ('UPDATE', 'DELETE') then perform shudi_flag_mark_scopes(array( select distinct c.owner_code from catalogue c where c.code in (select catalogue_code from old_rows)), true); end if; if tg_op in ('UPDATE', 'INSERT') then perform shudi_flag_mark_scopes(array( select distinct c.owner_code from catalogue c where c.code in (select catalogue_code from new_rows)), false); end if; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_item() RETURNS trigger LANGUAGE plpgsql AS $function$ begin perform shudi_flag_mark_scopes(array( select a.scope_code from assignment a where a.item_code in (select code from new_rows) union select c.owner_code from catalogue c join catalogue_entry e on e.catalogue_code = c.code where e.item_code in (select code from new_rows)), true); return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_scopes(scopes character varying[], checked boolean) RETURNS void LANGUAGE plpgsql AS $function$ begin if scopes is null or cardinality(scopes) = 0 then return; end if; insert into flag_refresh (county) select u.code from ( select c.code, c.path from flag_county c cross join lateral unnest(c.path) p(code) join (select distinct x from unnest(scopes) x) s(code) on s.code = p.code union select c.code, c.path from jurisdiction s join flag_county c on c.code = any(s.path) where s.code = any(scopes) ) u where not checked or exists (select 1 from flag_count f where f.county = u.code) or exists (select 1 from flag_interval f where f.county = u.code) or exists (select 1 from cover_interval f where f.county = u.code) or shudi_flag_unit_has_data(u.code, u.path) on conflict (county) do update set tx = excluded.tx, queued_at = excluded.queued_at; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_mark_tree() RETURNS trigger LANGUAGE plpgsql AS $function$ begin perform shudi_flag_units(); insert into flag_refresh (county) with data_scope as materialized ( select distinct code from (select a.scope_code as code from assignment a union select c.owner_code from catalogue c) x ), reached as materialized ( -- the scopes holding data and every place above them: a unit among these has data at or under it select distinct unnest(j.path) as code from data_scope d join jurisdiction j on j.code = d.code ) select c.code from flag_county c where exists (select 1 from flag_count f where f.county = c.code) or exists (select 1 from flag_interval f where f.county = c.code) or c.path && (select coalesce(array_agg(d.code), '{}') from data_scope d) or c.code in (select r.code from reached r) on conflict (county) do update set tx = excluded.tx, queued_at = excluded.queued_at; return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_notify() RETURNS trigger LANGUAGE plpgsql AS $function$ begin perform pg_notify('shudi_flags', ''); return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_unit(level text, code character varying, path character varying[]) RETURNS character varying LANGUAGE sql IMMUTABLE AS $function$ select case when level = 'TOWNSHIP' and cardinality(path) > 1 then path[cardinality(path) - 1] else code end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_unit_has_data(unit character varying, unit_path character varying[]) RETURNS boolean LANGUAGE sql STABLE AS $function$ select exists (select 1 from assignment a where a.scope_code = any(unit_path)) or exists (select 1 from catalogue c where c.owner_code = any(unit_path)) or exists (select 1 from jurisdiction s join assignment a on a.scope_code = s.code where s.path @> array[unit] and s.code <> unit) or exists (select 1 from jurisdiction s join catalogue c on c.owner_code = s.code where s.path @> array[unit] and s.code <> unit) $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_flag_units() RETURNS void LANGUAGE plpgsql AS $function$ begin insert into flag_county (code, path) with units as materialized (select distinct shudi_flag_unit(j.level, j.code, j.path) as code from jurisdiction j where j.leaf) select u.code, u.path from units x join jurisdiction u on u.code = x.code on conflict (code) do update set path = excluded.path where flag_county.path is distinct from excluded.path; -- (the unit of a leaf is never null: a code or a path element) delete from flag_county c where c.code not in (select shudi_flag_unit(j.level, j.code, j.path) from jurisdiction j where j.leaf); delete from flag_interval f where not exists (select 1 from flag_county c where c.code = f.county); delete from flag_count f where not exists (select 1 from flag_county c where c.code = f.county); delete from cover_interval f where not exists (select 1 from flag_county c where c.code = f.county); delete from work_interval f where not exists (select 1 from flag_county c where c.code = f.county); delete from work_leaf f where not exists (select 1 from flag_county c where c.code = f.county); end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_notify_call() RETURNS trigger LANGUAGE plpgsql AS $function$ begin perform pg_notify('shudi_call', json_build_object('call', new.call_id::text, 'township', new.township_code, 'event', new.event_key)::text); return null; end $function$ 
function CREATE OR REPLACE FUNCTION public.shudi_notify_data() RETURNS trigger LANGUAGE plpgsql AS $function$ begin perform pg_notify('shudi_data', ''); return null; end $function$ 
index CREATE INDEX ix_adjustment_applicant ON public.adjustment USING btree (applicant_code, id)
index CREATE INDEX ix_adjustment_owner ON public.adjustment USING btree (owner_code, id)
index CREATE INDEX ix_assignment_body ON public.assignment USING btree (body_code) WHERE (body_code IS NOT NULL)
index CREATE INDEX ix_assignment_catalogue ON public.assignment USING btree (catalogue_code) WHERE (catalogue_code IS NOT NULL)
index CREATE INDEX ix_assignment_scope ON public.assignment USING btree (scope_code)
index CREATE INDEX ix_body_jurisdiction ON public.body USING btree (jurisdiction_code)
index CREATE INDEX ix_body_parent ON public.body USING btree (parent_code) WHERE (parent_code IS NOT NULL)
index CREATE INDEX ix_body_successor ON public.body USING btree (successor_code) WHERE (successor_code IS NOT NULL)
index CREATE INDEX ix_call_adjustment ON public.call USING btree (adjustment_id) WHERE (adjustment_id IS NOT NULL)
index CREATE INDEX ix_call_county_day ON public.call USING btree (county_code, raised_on)
index CREATE INDEX ix_call_day ON public.call USING btree (raised_on) INCLUDE (item_code, domain, county_code)
index CREATE INDEX ix_call_dispute ON public.call USING btree (dispute_id) WHERE (dispute_id IS NOT NULL)
index CREATE INDEX ix_call_event_call ON public.call_event USING btree (call_id, id)
index CREATE INDEX ix_call_event_county_open ON public.call_event USING btree (county_code, id) WHERE (delivered_at IS NULL)
index CREATE INDEX ix_call_event_pending ON public.call_event USING btree (next_attempt_at, id) WHERE ((delivered_at IS NULL) AND (next_attempt_at IS NOT NULL))
index CREATE INDEX ix_call_fact_body_day ON public.call_fact USING btree (body_code, raised_on)
index CREATE INDEX ix_call_fact_county_day ON public.call_fact USING btree (county_code, raised_on)
index CREATE INDEX ix_call_fact_day ON public.call_fact USING btree (raised_on)
index CREATE INDEX ix_call_fact_township_day ON public.call_fact USING btree (township_code, raised_on)
index CREATE INDEX ix_call_item ON public.call USING btree (item_code, raised_on)
index CREATE INDEX ix_call_open_accept ON public.call USING btree (accept_by) WHERE (state = 'DISPATCHED'::text)
index CREATE INDEX ix_call_open_answer ON public.call USING btree (answer_by) WHERE (state = 'ACCEPTED'::text)
index CREATE INDEX ix_call_responder_body ON public.call_responder USING btree (body_code, raised_on) WHERE (released_at IS NULL)
index CREATE INDEX ix_call_responder_call ON public.call_responder USING btree (call_id)
index CREATE INDEX ix_call_responder_day ON public.call_responder USING btree (raised_on) INCLUDE (body_code, call_id) WHERE (released_at IS NULL)
index CREATE INDEX ix_call_step_call ON public.call_step USING btree (call_id, id)
index CREATE INDEX ix_call_township_day ON public.call USING btree (township_code, raised_on)
index CREATE INDEX ix_catalogue_entry_item ON public.catalogue_entry USING btree (item_code)
index CREATE INDEX ix_catalogue_entry_lead ON public.catalogue_entry USING btree (lead_code) WHERE (lead_code IS NOT NULL)
index CREATE INDEX ix_catalogue_entry_taken_by ON public.catalogue_entry USING btree (taken_by_code) WHERE (taken_by_code IS NOT NULL)
index CREATE INDEX ix_catalogue_owner ON public.catalogue USING btree (owner_code)
index CREATE INDEX ix_change_at ON public.change USING btree (at)
index CREATE INDEX ix_change_entity ON public.change USING btree (entity, id)
index CREATE INDEX ix_change_scope ON public.change USING btree (scope_code, id)
index CREATE INDEX ix_cover_interval_county ON public.cover_interval USING btree (county, leaf, domain)
index CREATE INDEX ix_dispute_item ON public.dispute USING btree (item_code)
index CREATE INDEX ix_dispute_party_body ON public.dispute_party USING btree (body_code)
index CREATE INDEX ix_dispute_place_jurisdiction ON public.dispute_place USING btree (jurisdiction_code)
index CREATE INDEX ix_dispute_scope ON public.dispute USING btree (scope_code, id)
index CREATE INDEX ix_dispute_statement_dispute ON public.dispute_statement USING btree (dispute_id, id)
index CREATE INDEX ix_empowerment_scope ON public.empowerment USING btree (scope_code)
index CREATE INDEX ix_flag_count_county ON public.flag_count USING btree (county, kind)
index CREATE INDEX ix_flag_county_path ON public.flag_county USING gin (path)
index CREATE INDEX ix_flag_interval_county ON public.flag_interval USING btree (county, item, leaf, kind)
index CREATE INDEX ix_flag_interval_item ON public.flag_interval USING btree (item, leaf, kind)
index CREATE INDEX ix_flag_interval_leaf ON public.flag_interval USING btree (leaf, item, kind)
index CREATE INDEX ix_item_domain ON public.item USING btree (domain)
index CREATE INDEX ix_item_pinyin ON public.item USING btree (pinyin text_pattern_ops)
index CREATE INDEX ix_item_pinyin_initials ON public.item USING btree (pinyin_initials text_pattern_ops)
index CREATE INDEX ix_item_pinyin_stale ON public.item USING btree (code) WHERE (pinyin_of IS DISTINCT FROM name)
index CREATE INDEX ix_jurisdiction_level ON public.jurisdiction USING btree (level)
index CREATE INDEX ix_jurisdiction_parent ON public.jurisdiction USING btree (parent_code)
index CREATE INDEX ix_jurisdiction_path ON public.jurisdiction USING gin (path)
index CREATE INDEX ix_jurisdiction_pinyin ON public.jurisdiction USING btree (pinyin text_pattern_ops)
index CREATE INDEX ix_jurisdiction_pinyin_initials ON public.jurisdiction USING btree (pinyin_initials text_pattern_ops)
index CREATE INDEX ix_jurisdiction_pinyin_stale ON public.jurisdiction USING btree (code) WHERE (pinyin_of IS DISTINCT FROM name)
index CREATE INDEX ix_webhook_delivery_county ON public.webhook_delivery USING btree (county_code, id)
index CREATE INDEX ix_webhook_delivery_event ON public.webhook_delivery USING btree (event_id, id)
index CREATE INDEX ix_work_interval_body ON public.work_interval USING btree (body)
index CREATE INDEX ix_work_interval_county ON public.work_interval USING btree (county, body)
index CREATE INDEX ix_work_leaf_body ON public.work_leaf USING btree (body, domain)
index CREATE INDEX ix_work_leaf_county ON public.work_leaf USING btree (county, body, domain)
index CREATE UNIQUE INDEX "PK_eb2625d037e623328fc0f0a9d16" ON public.typeorm_migration USING btree (id)
index CREATE UNIQUE INDEX adjustment_pkey ON public.adjustment USING btree (id)
index CREATE UNIQUE INDEX assignment_pkey ON public.assignment USING btree (id)
index CREATE UNIQUE INDEX body_pkey ON public.body USING btree (code)
index CREATE UNIQUE INDEX call_event_pkey ON public.call_event USING btree (id)
index CREATE UNIQUE INDEX call_pkey ON public.call USING btree (id)
index CREATE UNIQUE INDEX call_responder_pkey ON public.call_responder USING btree (id)
index CREATE UNIQUE INDEX call_setting_pkey ON public.call_setting USING btree (county_code)
index CREATE UNIQUE INDEX call_step_pkey ON public.call_step USING btree (id)
index CREATE UNIQUE INDEX catalogue_pkey ON public.catalogue USING btree (code)
index CREATE UNIQUE INDEX change_pkey ON public.change USING btree (id)
index CREATE UNIQUE INDEX dispute_pkey ON public.dispute USING btree (id)
index CREATE UNIQUE INDEX dispute_statement_pkey ON public.dispute_statement USING btree (id)
index CREATE UNIQUE INDEX empowerment_pkey ON public.empowerment USING btree (id)
index CREATE UNIQUE INDEX flag_county_pkey ON public.flag_county USING btree (code)
index CREATE UNIQUE INDEX flag_refresh_pkey ON public.flag_refresh USING btree (county)
index CREATE UNIQUE INDEX item_pkey ON public.item USING btree (code)
index CREATE UNIQUE INDEX jurisdiction_pkey ON public.jurisdiction USING btree (code)
index CREATE UNIQUE INDEX meta_pkey ON public.meta USING btree (key)
index CREATE UNIQUE INDEX pk_adjustment_opinion ON public.adjustment_opinion USING btree (adjustment_id, body_code)
index CREATE UNIQUE INDEX pk_call_fact ON public.call_fact USING btree (call_id, body_code)
index CREATE UNIQUE INDEX pk_catalogue_entry ON public.catalogue_entry USING btree (catalogue_code, item_code)
index CREATE UNIQUE INDEX pk_catalogue_version ON public.catalogue_version USING btree (catalogue_code, version)
index CREATE UNIQUE INDEX pk_dispute_party ON public.dispute_party USING btree (dispute_id, body_code)
index CREATE UNIQUE INDEX pk_dispute_place ON public.dispute_place USING btree (dispute_id, jurisdiction_code)
index CREATE UNIQUE INDEX pk_flag_acknowledgement ON public.flag_acknowledgement USING btree (kind, item_code, jurisdiction_code)
index CREATE UNIQUE INDEX uq_adjustment_dispute ON public.adjustment USING btree (dispute_id) WHERE (dispute_id IS NOT NULL)
index CREATE UNIQUE INDEX uq_assignment_natural_key ON public.assignment USING btree (item_code, scope_code, holder, role, valid_from) NULLS NOT DISTINCT
index CREATE UNIQUE INDEX uq_call_event_key ON public.call_event USING btree (event_key)
index CREATE UNIQUE INDEX uq_call_platform_id ON public.call USING btree (county_code, platform_call_id) WHERE (platform_call_id IS NOT NULL)
index CREATE UNIQUE INDEX uq_empowerment_natural_key ON public.empowerment USING btree (item_code, scope_code, mode, valid_from) NULLS NOT DISTINCT
index CREATE UNIQUE INDEX webhook_delivery_pkey ON public.webhook_delivery USING btree (id)
sequence adjustment_id_seq
sequence assignment_id_seq
sequence call_event_id_seq
sequence call_id_seq
sequence call_responder_id_seq
sequence call_step_id_seq
sequence change_id_seq
sequence dispute_id_seq
sequence dispute_statement_id_seq
sequence empowerment_id_seq
sequence typeorm_migration_id_seq
sequence webhook_delivery_id_seq
table adjustment
table adjustment_opinion
table assignment
table body
table call
table call_event
table call_fact
table call_responder
table call_setting
table call_step
table catalogue
table catalogue_entry
table catalogue_version
table change
table cover_interval
table dispute
table dispute_party
table dispute_place
table dispute_statement
table empowerment
table flag_acknowledgement
table flag_count
table flag_county
table flag_interval
table flag_refresh
table item
table jurisdiction
table meta
table typeorm_migration
table webhook_delivery
table work_interval
table work_leaf
trigger CREATE CONSTRAINT TRIGGER tg_catalogue_entry_part_kind AFTER INSERT OR UPDATE ON public.catalogue_entry DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION shudi_assert_entry_part()
trigger CREATE TRIGGER tg_assignment_except_in_ins AFTER INSERT ON public.assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_jurisdiction_arrays('except_in')
trigger CREATE TRIGGER tg_assignment_except_in_upd AFTER UPDATE ON public.assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_jurisdiction_arrays('except_in')
trigger CREATE TRIGGER tg_assignment_flag_del AFTER DELETE ON public.assignment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_assignment()
trigger CREATE TRIGGER tg_assignment_flag_ins AFTER INSERT ON public.assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_assignment()
trigger CREATE TRIGGER tg_assignment_flag_upd AFTER UPDATE ON public.assignment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_assignment()
trigger CREATE TRIGGER tg_assignment_generation AFTER INSERT OR DELETE OR UPDATE ON public.assignment FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_assignment_refs_ins AFTER INSERT ON public.assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_refs('assignment_item_code_fkey', 'item_code', 'item', 'code', 'assignment_scope_code_fkey', 'scope_code', 'jurisdiction', 'code', 'assignment_body_code_fkey', 'body_code', 'body', 'code', 'assignment_catalogue_code_fkey', 'catalogue_code', 'catalogue', 'code')
trigger CREATE TRIGGER tg_assignment_refs_upd AFTER UPDATE ON public.assignment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_refs('assignment_item_code_fkey', 'item_code', 'item', 'code', 'assignment_scope_code_fkey', 'scope_code', 'jurisdiction', 'code', 'assignment_body_code_fkey', 'body_code', 'body', 'code', 'assignment_catalogue_code_fkey', 'catalogue_code', 'catalogue', 'code')
trigger CREATE TRIGGER tg_body_flag_del AFTER DELETE ON public.body REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_body()
trigger CREATE TRIGGER tg_body_flag_ins AFTER INSERT ON public.body REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_body()
trigger CREATE TRIGGER tg_body_flag_upd AFTER UPDATE ON public.body REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_body()
trigger CREATE TRIGGER tg_body_generation AFTER INSERT OR DELETE OR UPDATE ON public.body FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_body_referenced_del AFTER DELETE ON public.body REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced('assignment_body_code_fkey', 'assignment', 'body_code', 'code')
trigger CREATE TRIGGER tg_body_referenced_truncate AFTER TRUNCATE ON public.body FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced_truncate('assignment_body_code_fkey', 'assignment')
trigger CREATE TRIGGER tg_body_referenced_upd AFTER UPDATE OF code ON public.body FOR EACH ROW WHEN (((old.code)::text IS DISTINCT FROM (new.code)::text)) EXECUTE FUNCTION shudi_assert_unreferenced('assignment_body_code_fkey', 'assignment', 'body_code', 'code')
trigger CREATE TRIGGER tg_body_serves_ins AFTER INSERT ON public.body REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_jurisdiction_arrays('serves')
trigger CREATE TRIGGER tg_body_serves_upd AFTER UPDATE ON public.body REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_jurisdiction_arrays('serves')
trigger CREATE TRIGGER tg_call_event_notify AFTER INSERT ON public.call_event FOR EACH ROW EXECUTE FUNCTION shudi_notify_call()
trigger CREATE TRIGGER tg_catalogue_duty_owner BEFORE INSERT OR UPDATE OF kind, owner_code ON public.catalogue FOR EACH ROW WHEN ((new.kind = 'DUTY'::text)) EXECUTE FUNCTION shudi_assert_duty_owner()
trigger CREATE TRIGGER tg_catalogue_entries_cascade AFTER DELETE ON public.catalogue REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_cascade_catalogue_entries()
trigger CREATE TRIGGER tg_catalogue_entry_flag_del AFTER DELETE ON public.catalogue_entry REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_entry()
trigger CREATE TRIGGER tg_catalogue_entry_flag_ins AFTER INSERT ON public.catalogue_entry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_entry()
trigger CREATE TRIGGER tg_catalogue_entry_flag_upd AFTER UPDATE ON public.catalogue_entry REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_entry()
trigger CREATE TRIGGER tg_catalogue_entry_generation AFTER INSERT OR DELETE OR UPDATE ON public.catalogue_entry FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_catalogue_entry_not_applicable_in_ins AFTER INSERT ON public.catalogue_entry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_jurisdiction_arrays('not_applicable_in')
trigger CREATE TRIGGER tg_catalogue_entry_not_applicable_in_upd AFTER UPDATE ON public.catalogue_entry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_jurisdiction_arrays('not_applicable_in')
trigger CREATE TRIGGER tg_catalogue_entry_refs_ins AFTER INSERT ON public.catalogue_entry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_refs('catalogue_entry_catalogue_code_fkey', 'catalogue_code', 'catalogue', 'code', 'catalogue_entry_item_code_fkey', 'item_code', 'item', 'code')
trigger CREATE TRIGGER tg_catalogue_entry_refs_upd AFTER UPDATE ON public.catalogue_entry REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_refs('catalogue_entry_catalogue_code_fkey', 'catalogue_code', 'catalogue', 'code', 'catalogue_entry_item_code_fkey', 'item_code', 'item', 'code')
trigger CREATE TRIGGER tg_catalogue_flag_del AFTER DELETE ON public.catalogue REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_catalogue()
trigger CREATE TRIGGER tg_catalogue_flag_ins AFTER INSERT ON public.catalogue REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_catalogue()
trigger CREATE TRIGGER tg_catalogue_flag_upd AFTER UPDATE ON public.catalogue REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_catalogue()
trigger CREATE TRIGGER tg_catalogue_generation AFTER INSERT OR DELETE OR UPDATE ON public.catalogue FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_catalogue_referenced_del AFTER DELETE ON public.catalogue REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced('assignment_catalogue_code_fkey', 'assignment', 'catalogue_code', 'code')
trigger CREATE TRIGGER tg_catalogue_referenced_truncate AFTER TRUNCATE ON public.catalogue FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced_truncate('assignment_catalogue_code_fkey', 'assignment', 'catalogue_entry_catalogue_code_fkey', 'catalogue_entry')
trigger CREATE TRIGGER tg_catalogue_referenced_upd AFTER UPDATE OF code ON public.catalogue FOR EACH ROW WHEN (((old.code)::text IS DISTINCT FROM (new.code)::text)) EXECUTE FUNCTION shudi_assert_unreferenced('assignment_catalogue_code_fkey', 'assignment', 'catalogue_code', 'code')
trigger CREATE TRIGGER tg_change_notify AFTER INSERT OR DELETE OR UPDATE ON public.change FOR EACH STATEMENT EXECUTE FUNCTION shudi_notify_data()
trigger CREATE TRIGGER tg_change_refs_ins AFTER INSERT ON public.change REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_refs('change_scope_code_fkey', 'scope_code', 'jurisdiction', 'code')
trigger CREATE TRIGGER tg_change_refs_upd AFTER UPDATE ON public.change REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_refs('change_scope_code_fkey', 'scope_code', 'jurisdiction', 'code')
trigger CREATE TRIGGER tg_empowerment_except_in BEFORE INSERT OR UPDATE OF except_in ON public.empowerment FOR EACH ROW WHEN ((cardinality(new.except_in) > 0)) EXECUTE FUNCTION shudi_assert_jurisdictions('except_in')
trigger CREATE TRIGGER tg_empowerment_flag_del AFTER DELETE ON public.empowerment REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_empowerment()
trigger CREATE TRIGGER tg_empowerment_flag_ins AFTER INSERT ON public.empowerment REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_empowerment()
trigger CREATE TRIGGER tg_empowerment_flag_upd AFTER UPDATE ON public.empowerment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_empowerment()
trigger CREATE TRIGGER tg_empowerment_generation AFTER INSERT OR DELETE OR UPDATE ON public.empowerment FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_flag_county_notify AFTER INSERT OR DELETE OR UPDATE ON public.flag_county FOR EACH STATEMENT EXECUTE FUNCTION shudi_notify_data()
trigger CREATE TRIGGER tg_flag_refresh_notify AFTER INSERT OR UPDATE ON public.flag_refresh FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_notify()
trigger CREATE TRIGGER tg_item_flag_upd AFTER UPDATE ON public.item REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_item()
trigger CREATE TRIGGER tg_item_generation AFTER INSERT OR DELETE OR UPDATE ON public.item FOR EACH STATEMENT EXECUTE FUNCTION shudi_bump_generation()
trigger CREATE TRIGGER tg_item_referenced_del AFTER DELETE ON public.item REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced('assignment_item_code_fkey', 'assignment', 'item_code', 'code', 'catalogue_entry_item_code_fkey', 'catalogue_entry', 'item_code', 'code')
trigger CREATE TRIGGER tg_item_referenced_truncate AFTER TRUNCATE ON public.item FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced_truncate('assignment_item_code_fkey', 'assignment', 'catalogue_entry_item_code_fkey', 'catalogue_entry')
trigger CREATE TRIGGER tg_item_referenced_upd AFTER UPDATE OF code ON public.item FOR EACH ROW WHEN (((old.code)::text IS DISTINCT FROM (new.code)::text)) EXECUTE FUNCTION shudi_assert_unreferenced('assignment_item_code_fkey', 'assignment', 'item_code', 'code', 'catalogue_entry_item_code_fkey', 'catalogue_entry', 'item_code', 'code')
trigger CREATE TRIGGER tg_jurisdiction_flag AFTER INSERT OR DELETE OR UPDATE ON public.jurisdiction FOR EACH STATEMENT EXECUTE FUNCTION shudi_flag_mark_tree()
trigger CREATE TRIGGER tg_jurisdiction_referenced_del AFTER DELETE ON public.jurisdiction REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced('assignment_scope_code_fkey', 'assignment', 'scope_code', 'code', 'change_scope_code_fkey', 'change', 'scope_code', 'code')
trigger CREATE TRIGGER tg_jurisdiction_referenced_truncate AFTER TRUNCATE ON public.jurisdiction FOR EACH STATEMENT EXECUTE FUNCTION shudi_assert_unreferenced_truncate('assignment_scope_code_fkey', 'assignment', 'change_scope_code_fkey', 'change')
trigger CREATE TRIGGER tg_jurisdiction_referenced_upd AFTER UPDATE OF code ON public.jurisdiction FOR EACH ROW WHEN (((old.code)::text IS DISTINCT FROM (new.code)::text)) EXECUTE FUNCTION shudi_assert_unreferenced('assignment_scope_code_fkey', 'assignment', 'scope_code', 'code', 'change_scope_code_fkey', 'change', 'scope_code', 'code')
trigger CREATE TRIGGER tg_meta_notify AFTER INSERT OR DELETE OR UPDATE ON public.meta FOR EACH STATEMENT EXECUTE FUNCTION shudi_notify_data()
