/* store_migrations.c - the schema, as numbered migrations.
 *
 * SQL here is kept portable (BIGINT epoch seconds, TEXT, ISO dates as TEXT,
 * ON CONFLICT, RETURNING, no SQLite-only functions) so that the PostgreSQL
 * backend can carry the same numbers with a thin dialect change (identity
 * columns). Never edit a migration that has shipped: add a new one. */
#include "store_migrations.h"

#include <stddef.h>

/* The migrations before 11 predate the `sqlite` field and leave it out: NULL. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const store_migration sqlite_migrations[] = {
    {1, "foundation",
     /* Counters: generation numbers that tell caches when data changed. */
     "CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);"
     "INSERT INTO counters(name, value) VALUES ('calendar', 1), ('catalog', 1);"
     "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"

     /* Organisation units: a tree of any depth. path = '/id/id/.../' of ancestors and self. */
     "CREATE TABLE unit_kinds (kind TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT);"
     "INSERT INTO unit_kinds(kind, name, level) VALUES"
     " ('province', 'Tỉnh, thành phố', 'province'),"
     " ('peoples_committee', 'Ủy ban nhân dân', 'province'),"
     " ('department', 'Sở, ban, ngành', 'province'),"
     " ('service_center', 'Trung tâm Phục vụ hành chính công', 'province'),"
     " ('public_service_unit', 'Đơn vị sự nghiệp công lập', 'province'),"
     " ('district', 'Quận, huyện (trước 01/07/2025)', 'district'),"
     " ('commune', 'Xã', 'commune'),"
     " ('ward', 'Phường', 'commune'),"
     " ('special_zone', 'Đặc khu', 'commune');"
     "CREATE TABLE units ("
     " id INTEGER PRIMARY KEY,"
     " code TEXT NOT NULL UNIQUE,"
     " name TEXT NOT NULL,"
     " kind TEXT NOT NULL REFERENCES unit_kinds(kind),"
     " parent_id BIGINT REFERENCES units(id),"
     " path TEXT NOT NULL,"
     " active_from TEXT,"
     " active_to TEXT,"
     " source TEXT,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX units_parent ON units(parent_id);"
     "CREATE INDEX units_path ON units(path);"

     /* Users, roles, sessions, login throttling. */
     "CREATE TABLE users ("
     " id INTEGER PRIMARY KEY,"
     " username TEXT NOT NULL UNIQUE,"
     " name TEXT NOT NULL,"
     " unit_id BIGINT REFERENCES units(id),"
     " password_hash TEXT NOT NULL,"
     " phone TEXT, email TEXT, id_number TEXT,"
     " active INTEGER NOT NULL DEFAULT 1,"
     " created_at BIGINT NOT NULL);"
     "CREATE UNIQUE INDEX users_phone ON users(phone) WHERE phone IS NOT NULL;"
     "CREATE UNIQUE INDEX users_email ON users(email) WHERE email IS NOT NULL;"
     "CREATE TABLE user_roles ("
     " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     " role TEXT NOT NULL,"
     " PRIMARY KEY (user_id, role));"
     "CREATE TABLE sessions ("
     " token_hash TEXT PRIMARY KEY,"
     " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     " created_at BIGINT NOT NULL,"
     " expires_at BIGINT NOT NULL,"
     " address TEXT);"
     "CREATE INDEX sessions_expiry ON sessions(expires_at);"
     "CREATE TABLE login_failures (key TEXT NOT NULL, at BIGINT NOT NULL);"
     "CREATE INDEX login_failures_key ON login_failures(key, at);"

     /* Procedure catalog (CSDL TTHC): a procedure has versions; the current one is named. */
     "CREATE TABLE procedures ("
     " code TEXT PRIMARY KEY,"
     " current_version INTEGER NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE TABLE procedure_versions ("
     " id INTEGER PRIMARY KEY,"
     " code TEXT NOT NULL REFERENCES procedures(code),"
     " version INTEGER NOT NULL,"
     " name TEXT NOT NULL,"
     " name_folded TEXT NOT NULL,"
     " search_folded TEXT NOT NULL,"
     " field TEXT NOT NULL,"
     " field_folded TEXT NOT NULL,"
     " levels TEXT NOT NULL,"
     " online_level TEXT NOT NULL,"
     " time_amount INTEGER NOT NULL,"
     " time_unit TEXT NOT NULL,"
     " cutoff_min INTEGER,"
     " sets INTEGER,"
     " result TEXT,"
     " publication_decision TEXT,"
     " effective_from TEXT,"
     " effective_to TEXT,"
     " documents_note TEXT,"
     " fees_note TEXT,"
     " note TEXT,"
     " source TEXT,"
     " content_hash TEXT NOT NULL,"
     " imported_at BIGINT NOT NULL,"
     " UNIQUE (code, version));"
     "CREATE TABLE procedure_units ("
     " version_id BIGINT NOT NULL REFERENCES procedure_versions(id),"
     " selector TEXT NOT NULL,"
     " PRIMARY KEY (version_id, selector));"
     "CREATE INDEX procedure_units_selector ON procedure_units(selector);"
     "CREATE TABLE procedure_documents ("
     " version_id BIGINT NOT NULL REFERENCES procedure_versions(id),"
     " seq INTEGER NOT NULL,"
     " name TEXT NOT NULL,"
     " form TEXT NOT NULL,"
     " count INTEGER NOT NULL,"
     " mandatory INTEGER NOT NULL,"
     " template TEXT,"
     " grp TEXT,"
     " PRIMARY KEY (version_id, seq));"
     "CREATE TABLE procedure_fees ("
     " version_id BIGINT NOT NULL REFERENCES procedure_versions(id),"
     " seq INTEGER NOT NULL,"
     " name TEXT NOT NULL,"
     " amount BIGINT,"
     " exemptions TEXT,"
     " PRIMARY KEY (version_id, seq));"
     "CREATE TABLE procedure_legal_basis ("
     " version_id BIGINT NOT NULL REFERENCES procedure_versions(id),"
     " seq INTEGER NOT NULL,"
     " text TEXT NOT NULL,"
     " PRIMARY KEY (version_id, seq));"
     /* Processing templates per procedure and unit selector, versioned. */
     "CREATE TABLE process_templates ("
     " id INTEGER PRIMARY KEY,"
     " procedure_code TEXT NOT NULL REFERENCES procedures(code),"
     " unit_selector TEXT NOT NULL,"
     " version INTEGER NOT NULL,"
     " current INTEGER NOT NULL,"
     " total_minutes INTEGER NOT NULL,"
     " content_hash TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " UNIQUE (procedure_code, unit_selector, version));"
     "CREATE TABLE process_template_steps ("
     " template_id BIGINT NOT NULL REFERENCES process_templates(id),"
     " seq INTEGER NOT NULL,"
     " name TEXT NOT NULL,"
     " role TEXT NOT NULL,"
     " unit TEXT NOT NULL,"
     " minutes INTEGER NOT NULL,"
     " PRIMARY KEY (template_id, seq));"

     /* Working time: weekly schedules (default + seasonal) and dated exceptions. */
     "CREATE TABLE calendar_schedules ("
     " id INTEGER PRIMARY KEY,"
     " name TEXT NOT NULL,"
     " valid_from TEXT,"
     " valid_to TEXT,"
     " hours TEXT NOT NULL);"
     "INSERT INTO calendar_schedules(name, valid_from, valid_to, hours) VALUES"
     " ('Giờ làm việc mặc định', NULL, NULL, '1-5=07:30-11:30,13:30-17:00');"
     "CREATE TABLE calendar_exceptions ("
     " day TEXT PRIMARY KEY,"
     " kind TEXT NOT NULL CHECK (kind IN ('off', 'workday')),"
     " name TEXT NOT NULL,"
     " source TEXT,"
     " created_at BIGINT NOT NULL);",
     NULL},
    {2, "dossiers",
     /* Daily code sequences per receiving unit: never duplicated, also under
     * concurrent intake (the increment happens in the intake's transaction). */
     "CREATE TABLE code_sequences ("
     " unit_code TEXT NOT NULL,"
     " day TEXT NOT NULL,"
     " last INTEGER NOT NULL,"
     " PRIMARY KEY (unit_code, day));"
     "CREATE TABLE dossiers ("
     " id INTEGER PRIMARY KEY,"
     " code TEXT NOT NULL UNIQUE,"
     " procedure_code TEXT NOT NULL REFERENCES procedures(code),"
     " procedure_version INTEGER NOT NULL,"
     " rules_version TEXT NOT NULL,"
     " channel TEXT NOT NULL CHECK (channel IN ('direct', 'postal', 'online')),"
     " state TEXT NOT NULL,"
     " outcome TEXT,"
     " receiving_unit_id BIGINT NOT NULL REFERENCES units(id),"
     " competent_unit_id BIGINT NOT NULL REFERENCES units(id),"
     " holder_unit_id BIGINT NOT NULL REFERENCES units(id),"
     " holder_user_id BIGINT REFERENCES users(id),"
     " template_id BIGINT REFERENCES process_templates(id),"
     " step_seq INTEGER NOT NULL DEFAULT 0,"
     " decision_step INTEGER NOT NULL DEFAULT 0,"
     " step_name TEXT,"
     " step_role TEXT,"
     " step_started_at BIGINT,"
     " step_due_at BIGINT,"
     " time_amount INTEGER NOT NULL,"
     " time_unit TEXT NOT NULL,"
     " cutoff_min INTEGER,"
     " applicant_name TEXT NOT NULL,"
     " applicant_id_number TEXT,"
     " applicant_phone TEXT,"
     " applicant_email TEXT,"
     " applicant_address TEXT,"
     " rep_name TEXT, rep_id_number TEXT, rep_phone TEXT,"
     " citizen_user_id BIGINT REFERENCES users(id),"
     " parent_id BIGINT REFERENCES dossiers(id),"
     " submitted_at BIGINT NOT NULL,"
     " received_at BIGINT,"
     " due_at BIGINT,"
     " original_due_at BIGINT,"
     " paused_at BIGINT,"
     " paused_seconds BIGINT NOT NULL DEFAULT 0,"
     " intake_supplements INTEGER NOT NULL DEFAULT 0,"
     " supplements INTEGER NOT NULL DEFAULT 0,"
     " extensions INTEGER NOT NULL DEFAULT 0,"
     " decided_at BIGINT,"
     " result_ready_at BIGINT,"
     " returned_at BIGINT,"
     " return_method TEXT,"
     " fee_amount BIGINT,"
     " paid_at BIGINT,"
     " alert TEXT,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL,"
     " revision BIGINT NOT NULL DEFAULT 0);"
     "CREATE INDEX dossiers_holder ON dossiers(holder_unit_id, state, due_at);"
     "CREATE INDEX dossiers_receiving ON dossiers(receiving_unit_id, state, due_at);"
     /* Partial: most dossiers have no citizen account and no parent, and an
      * index page less to rewrite per intake is measurable (bench/README.md). */
     "CREATE INDEX dossiers_citizen ON dossiers(citizen_user_id) WHERE citizen_user_id IS NOT NULL;"
     "CREATE INDEX dossiers_parent ON dossiers(parent_id) WHERE parent_id IS NOT NULL;"
     "CREATE INDEX dossiers_applicant ON dossiers(applicant_id_number);"
     /* Report II.06a reads the dossiers open at some time in the period: those
      * not decided, or decided after its start. */
     "CREATE INDEX dossiers_decided ON dossiers(decided_at);"
     /* The document checklist of a dossier, from the procedure version. */
     "CREATE TABLE dossier_documents ("
     " dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
     " seq INTEGER NOT NULL,"
     " name TEXT NOT NULL,"
     " form TEXT NOT NULL,"
     " mandatory INTEGER NOT NULL,"
     " provided INTEGER NOT NULL,"
     " PRIMARY KEY (dossier_id, seq));"
     /* Attachments: content-addressed files on disk, described here. */
     "CREATE TABLE dossier_files ("
     " id INTEGER PRIMARY KEY,"
     " dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
     " document_seq INTEGER,"
     " name TEXT NOT NULL,"
     " mime TEXT NOT NULL,"
     " size BIGINT NOT NULL,"
     " sha256 TEXT NOT NULL,"
     " stored TEXT NOT NULL,"
     " uploaded_by BIGINT,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX dossier_files_dossier ON dossier_files(dossier_id);"
     /* Requests to the applicant (supplement items, refusal reasons). */
     "CREATE TABLE dossier_requests ("
     " id INTEGER PRIMARY KEY,"
     " dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
     " kind TEXT NOT NULL,"
     " items TEXT NOT NULL,"
     " reason TEXT,"
     " created_at BIGINT NOT NULL,"
     " resolved_at BIGINT);"
     "CREATE INDEX dossier_requests_dossier ON dossier_requests(dossier_id);"
     /* The journal: append-only, each entry chained to the one before by BLAKE2b. */
     "CREATE TABLE journal ("
     " id INTEGER PRIMARY KEY,"
     " dossier_id BIGINT NOT NULL REFERENCES dossiers(id),"
     " at BIGINT NOT NULL,"
     " user_id BIGINT,"
     " actor TEXT NOT NULL,"
     " role TEXT NOT NULL,"
     " unit_code TEXT,"
     " action TEXT NOT NULL,"
     " from_state TEXT,"
     " to_state TEXT NOT NULL,"
     " step_seq INTEGER,"
     " step_name TEXT,"
     " step_due_at BIGINT,"
     " timing TEXT,"
     " to_unit_code TEXT,"
     " note TEXT,"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL);"
     "CREATE INDEX journal_dossier ON journal(dossier_id, id);"
     "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;"
     "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;",
     NULL},
    {3, "drafts",
     /* An online submission being prepared by a citizen: the form as JSON and the files uploaded so far. */
     "CREATE TABLE drafts ("
     " id INTEGER PRIMARY KEY,"
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " procedure_code TEXT NOT NULL,"
     " data TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " updated_at BIGINT NOT NULL);"
     "CREATE INDEX drafts_user ON drafts(user_id, updated_at);"
     "CREATE TABLE draft_files ("
     " id INTEGER PRIMARY KEY,"
     " draft_id BIGINT NOT NULL REFERENCES drafts(id),"
     " document_seq INTEGER NOT NULL,"
     " name TEXT NOT NULL,"
     " mime TEXT NOT NULL,"
     " size BIGINT NOT NULL,"
     " sha256 TEXT NOT NULL,"
     " stored TEXT NOT NULL,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX draft_files_draft ON draft_files(draft_id, id);",
     NULL},
    {4, "attachment_refs",
     /* Which rows refer to a stored file: the sweep of unreferenced files asks it for every file. */
     "CREATE INDEX dossier_files_stored ON dossier_files(stored);"
     "CREATE INDEX draft_files_stored ON draft_files(stored);",
     NULL},
    {5, "form_once",
     /* One-time tokens of forms that create something (counter intake): a second submission of the same
      * form (a double click, a resent request) finds what the first made instead of making it again. */
     "CREATE TABLE form_once ("
     " token TEXT PRIMARY KEY,"
     " user_id BIGINT NOT NULL,"
     " result TEXT,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX form_once_created ON form_once(created_at);",
     NULL},
    {6, "unit_accounts",
     /* The bank account a unit collects fees on, for the VietQR code of a dossier's fees. */
     "CREATE TABLE unit_accounts ("
     " unit_id BIGINT PRIMARY KEY REFERENCES units(id),"
     " bank_bin TEXT NOT NULL,"
     " bank_name TEXT NOT NULL,"
     " account_no TEXT NOT NULL,"
     " account_name TEXT NOT NULL,"
     " updated_at BIGINT NOT NULL);",
     NULL},
    {7, "tenant",
     /* The tenant: the code of the root of a unit's tree (the province; a ministry on a national platform).
      * Every table that grows with the dossiers carries it, so that a distributed PostgreSQL (Citus) can
      * shard them by it and keep a dossier with its documents, files, requests, journal and its unit's
      * daily sequence on one node; and writes of different tenants do not wait for each other
      * (store_begin_tenant). A dossier's tenant is its receiving unit's, fixed at intake; partner dossiers
      * keep their parent's. The journal's hash chain is per tenant from here on; the entries written before
      * stay one chain for the whole database (meta journal_chains_from: the last of them), and each tenant's
      * first new entry links to its own last old one (journal_verify). */
     "ALTER TABLE units ADD COLUMN tenant TEXT NOT NULL DEFAULT '';"
     "UPDATE units SET tenant = (SELECT r.code FROM units r WHERE r.parent_id IS NULL AND units.path LIKE '/' || r.id || '/%');"
     "ALTER TABLE code_sequences ADD COLUMN tenant TEXT NOT NULL DEFAULT '';"
     "UPDATE code_sequences SET tenant = COALESCE((SELECT u.tenant FROM units u WHERE u.code = code_sequences.unit_code), '');"
     "CREATE UNIQUE INDEX code_sequences_tenant ON code_sequences(tenant, unit_code, day);"
     "ALTER TABLE dossiers ADD COLUMN tenant TEXT NOT NULL DEFAULT '';"
     "UPDATE dossiers SET tenant = (SELECT u.tenant FROM units u WHERE u.id = dossiers.receiving_unit_id);"
     "UPDATE dossiers SET tenant = (SELECT p.tenant FROM dossiers p WHERE p.id = dossiers.parent_id) WHERE parent_id IS NOT NULL;"
     "ALTER TABLE dossier_documents ADD COLUMN tenant TEXT NOT NULL DEFAULT '';"
     "UPDATE dossier_documents SET tenant = (SELECT d.tenant FROM dossiers d WHERE d.id = dossier_documents.dossier_id);"
     "ALTER TABLE dossier_files ADD COLUMN tenant TEXT NOT NULL DEFAULT '';"
     "UPDATE dossier_files SET tenant = (SELECT d.tenant FROM dossiers d WHERE d.id = dossier_files.dossier_id);"
     "ALTER TABLE dossier_requests ADD COLUMN tenant TEXT NOT NULL DEFAULT '';"
     "UPDATE dossier_requests SET tenant = (SELECT d.tenant FROM dossiers d WHERE d.id = dossier_requests.dossier_id);"
     "ALTER TABLE journal ADD COLUMN tenant TEXT NOT NULL DEFAULT '';"
     "INSERT INTO meta(key, value) SELECT 'journal_chains_from', CAST(COALESCE(MAX(id), 0) AS TEXT) FROM journal;"
     /* journal_no_update refuses this UPDATE: the triggers step aside for it. */
     "DROP TRIGGER journal_no_update;"
     "UPDATE journal SET tenant = (SELECT d.tenant FROM dossiers d WHERE d.id = journal.dossier_id);"
     "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;"
     "CREATE INDEX journal_tenant ON journal(tenant, id);",
     /* PostgreSQL: the tenant leads every key of these tables and every reference between them (what Citus
      * asks of co-located distributed tables); the units, users and catalog stay plain (reference tables).
      * The code stays unique per tenant (it begins with the unit's code, unique everywhere). The column
      * loses its default, so that a row written without its tenant is refused, not put in tenant ''.
      * First, partners of partners: SQLite's UPDATE above sees the parents it has already set, PostgreSQL's
      * reads them as they were; follow the links until nothing changes, and then the rows that follow. */
     "DO $$ BEGIN LOOP UPDATE dossiers c SET tenant = p.tenant FROM dossiers p WHERE p.id = c.parent_id"
     " AND c.tenant <> p.tenant; EXIT WHEN NOT FOUND; END LOOP; END $$;"
     "UPDATE dossier_documents x SET tenant = d.tenant FROM dossiers d WHERE d.id = x.dossier_id AND x.tenant <> d.tenant;"
     "UPDATE dossier_files x SET tenant = d.tenant FROM dossiers d WHERE d.id = x.dossier_id AND x.tenant <> d.tenant;"
     "UPDATE dossier_requests x SET tenant = d.tenant FROM dossiers d WHERE d.id = x.dossier_id AND x.tenant <> d.tenant;"
     "ALTER TABLE journal DISABLE TRIGGER journal_no_update;"
     "UPDATE journal x SET tenant = d.tenant FROM dossiers d WHERE d.id = x.dossier_id AND x.tenant <> d.tenant;"
     "ALTER TABLE journal ENABLE TRIGGER journal_no_update;"
     "ALTER TABLE dossier_documents DROP CONSTRAINT dossier_documents_dossier_id_fkey;"
     "ALTER TABLE dossier_files DROP CONSTRAINT dossier_files_dossier_id_fkey;"
     "ALTER TABLE dossier_requests DROP CONSTRAINT dossier_requests_dossier_id_fkey;"
     "ALTER TABLE journal DROP CONSTRAINT journal_dossier_id_fkey;"
     "ALTER TABLE dossiers DROP CONSTRAINT dossiers_parent_id_fkey;"
     "ALTER TABLE dossiers DROP CONSTRAINT dossiers_pkey, ADD PRIMARY KEY (tenant, id);"
     "ALTER TABLE dossiers DROP CONSTRAINT dossiers_code_key, ADD UNIQUE (tenant, code);"
     "CREATE INDEX dossiers_code ON dossiers(code);"
     "CREATE INDEX dossiers_id ON dossiers(id);"
     "ALTER TABLE dossiers ADD FOREIGN KEY (tenant, parent_id) REFERENCES dossiers(tenant, id);"
     "ALTER TABLE code_sequences DROP CONSTRAINT code_sequences_pkey, ADD PRIMARY KEY (tenant, unit_code, day);"
     "DROP INDEX code_sequences_tenant;"
     "ALTER TABLE dossier_documents DROP CONSTRAINT dossier_documents_pkey, ADD PRIMARY KEY (tenant, dossier_id, seq),"
     " ADD FOREIGN KEY (tenant, dossier_id) REFERENCES dossiers(tenant, id);"
     /* The documents are read by dossier (the key that led before): without this, a full scan each time. */
     "CREATE INDEX dossier_documents_dossier ON dossier_documents(dossier_id, seq);"
     "ALTER TABLE dossier_files DROP CONSTRAINT dossier_files_pkey, ADD PRIMARY KEY (tenant, id),"
     " ADD FOREIGN KEY (tenant, dossier_id) REFERENCES dossiers(tenant, id);"
     "ALTER TABLE dossier_requests DROP CONSTRAINT dossier_requests_pkey, ADD PRIMARY KEY (tenant, id),"
     " ADD FOREIGN KEY (tenant, dossier_id) REFERENCES dossiers(tenant, id);"
     "ALTER TABLE journal DROP CONSTRAINT journal_pkey, ADD PRIMARY KEY (tenant, id),"
     " ADD FOREIGN KEY (tenant, dossier_id) REFERENCES dossiers(tenant, id);"
     "ALTER TABLE code_sequences ALTER COLUMN tenant DROP DEFAULT;"
     "ALTER TABLE dossiers ALTER COLUMN tenant DROP DEFAULT;"
     "ALTER TABLE dossier_documents ALTER COLUMN tenant DROP DEFAULT;"
     "ALTER TABLE dossier_files ALTER COLUMN tenant DROP DEFAULT;"
     "ALTER TABLE dossier_requests ALTER COLUMN tenant DROP DEFAULT;"
     "ALTER TABLE journal ALTER COLUMN tenant DROP DEFAULT;"
     /* Catalog search: every query word is a LIKE '% word%' over the folded text; a trigram index
      * answers those without reading every version. pg_trgm ships with PostgreSQL (contrib) and is
      * trusted; where it is missing or may not be created, search works the same without the index. */
     "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; EXCEPTION WHEN OTHERS THEN"
     " RAISE WARNING 'pg_trgm unavailable (%): catalog search without its trigram index', SQLERRM; END $$;"
     "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN EXECUTE"
     " 'CREATE INDEX procedure_versions_search ON procedure_versions USING gin ((search_folded || '''') gin_trgm_ops)';"
     " END IF; END $$;"},
    {8, "throttle",
     /* Throttling with growing waits (domain/throttle.c): one row per key (an account at an address, an
      * address, an account, a dossier code), its failures and the time before which it must not try again.
      * The addresses an account has logged in from (login_known) are not slowed down by failures on the
      * account made elsewhere, so that a stranger cannot lock a counter officer out. The old failure log
      * (one row per failed attempt, successful ones counted too) goes. */
     "CREATE TABLE throttle ("
     " key TEXT PRIMARY KEY,"
     " fails BIGINT NOT NULL,"
     " last_at BIGINT NOT NULL,"
     " until_at BIGINT NOT NULL,"
     " forget_at BIGINT NOT NULL);"
     "CREATE INDEX throttle_forget ON throttle(forget_at);"
     "CREATE TABLE login_known ("
     " user_id BIGINT NOT NULL REFERENCES users(id),"
     " address TEXT NOT NULL,"
     " last_at BIGINT NOT NULL,"
     " PRIMARY KEY (user_id, address));"
     "DROP TABLE login_failures;",
     NULL},
    {9, "ratings",
     /* The applicant's rating of a dossier once its result is returned (issue 14): the question sets are data
      * (data/ratings/, versioned, kept whole in `body`), a rating records the version it answered. No
      * column names the applicant: a rating is kept apart from identity in every report. unit_id is the
      * dossier's competent unit (what the ratings are counted by), receiving_unit_id its counter. */
     "CREATE TABLE rating_sets ("
     " version TEXT PRIMARY KEY,"
     " effective_from TEXT NOT NULL,"
     " source TEXT NOT NULL,"
     " body TEXT NOT NULL,"
     " created_at BIGINT NOT NULL);"
     "CREATE TABLE ratings ("
     " id INTEGER PRIMARY KEY,"
     " tenant TEXT NOT NULL,"
     " dossier_id BIGINT NOT NULL,"
     " unit_id BIGINT NOT NULL,"
     " receiving_unit_id BIGINT NOT NULL,"
     " procedure_code TEXT NOT NULL,"
     " set_version TEXT NOT NULL,"
     " overall TEXT NOT NULL CHECK (overall IN ('very_satisfied','satisfied','dissatisfied')),"
     " answers TEXT NOT NULL,"
     " comment TEXT,"
     " channel TEXT NOT NULL CHECK (channel IN ('portal','tracking','counter')),"
     " rated_at BIGINT NOT NULL,"
     " UNIQUE (tenant, dossier_id));"
     "CREATE INDEX ratings_unit ON ratings(unit_id, rated_at);"
     /* A dossier's rating is read by its id (the key that leads the unique index is the tenant). */
     "CREATE INDEX ratings_dossier ON ratings(dossier_id);",
     /* PostgreSQL: the tenant leads the key and the reference to the dossier, as for every table of migration 7. */
     "ALTER TABLE ratings DROP CONSTRAINT ratings_pkey, ADD PRIMARY KEY (tenant, id),"
     " ADD FOREIGN KEY (tenant, dossier_id) REFERENCES dossiers(tenant, id);"},
    {10, "surveys",
     /* SIPAS survey campaigns (issue 14, domain/surveys.h). A questionnaire is data: its JSON as loaded (body)
      * and its structure in the line format of survey_form.h (form), which the domain reads; a campaign keeps
      * the version it was created with. An invite is one drawn dossier: its competent unit and the hash of its
      * one-time token (never the token). A response names its unit and channel, never a person, a dossier or an
      * invite; its day, not its instant. survey_events is the campaigns' journal (who did what, when): the
      * dossier journal is per dossier and hash-chained, a campaign is no dossier. */
     "CREATE TABLE questionnaires ("
     " id INTEGER PRIMARY KEY,"
     " version TEXT NOT NULL UNIQUE,"
     " title TEXT NOT NULL,"
     " body TEXT NOT NULL,"
     " form TEXT NOT NULL,"
     " loaded_at BIGINT NOT NULL);"
     "CREATE TABLE survey_campaigns ("
     " id INTEGER PRIMARY KEY,"
     " tenant TEXT NOT NULL,"
     " name TEXT NOT NULL,"
     " period_from TEXT NOT NULL,"
     " period_to TEXT NOT NULL,"
     " unit_id BIGINT NOT NULL REFERENCES units(id),"
     " questionnaire TEXT NOT NULL REFERENCES questionnaires(version),"
     " sample_size BIGINT NOT NULL,"
     " min_answers BIGINT NOT NULL,"
     " status TEXT NOT NULL,"
     " seed TEXT,"
     " population BIGINT,"
     " drawn_at BIGINT,"
     " created_by BIGINT NOT NULL REFERENCES users(id),"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX survey_campaigns_unit ON survey_campaigns(unit_id, id);"
     "CREATE TABLE survey_invites ("
     " id INTEGER PRIMARY KEY,"
     " tenant TEXT NOT NULL,"
     " campaign_id BIGINT NOT NULL REFERENCES survey_campaigns(id),"
     " seq INTEGER NOT NULL,"
     " dossier_id BIGINT NOT NULL,"
     " unit_id BIGINT NOT NULL REFERENCES units(id),"
     " token_hash TEXT NOT NULL UNIQUE,"
     " used_at BIGINT,"
     " UNIQUE (campaign_id, dossier_id));"
     "CREATE INDEX survey_invites_campaign ON survey_invites(campaign_id, seq);"
     "CREATE TABLE survey_responses ("
     " id INTEGER PRIMARY KEY,"
     " tenant TEXT NOT NULL,"
     " campaign_id BIGINT NOT NULL REFERENCES survey_campaigns(id),"
     " unit_id BIGINT NOT NULL REFERENCES units(id),"
     " channel TEXT NOT NULL,"
     " profile TEXT NOT NULL,"
     " answers TEXT NOT NULL,"
     " scores TEXT NOT NULL,"
     " import_batch BIGINT,"
     " created_at BIGINT NOT NULL);"
     "CREATE INDEX survey_responses_campaign ON survey_responses(campaign_id, unit_id);"
     "CREATE TABLE survey_events ("
     " id INTEGER PRIMARY KEY,"
     " tenant TEXT NOT NULL,"
     " campaign_id BIGINT NOT NULL REFERENCES survey_campaigns(id),"
     " user_id BIGINT,"
     " actor TEXT NOT NULL,"
     " action TEXT NOT NULL,"
     " at BIGINT NOT NULL,"
     " note TEXT);"
     "CREATE INDEX survey_events_campaign ON survey_events(campaign_id, id);",
     /* PostgreSQL: as migration 7, the tenant leads the keys of the tables that grow with a province's work and
      * their references to one another; a token is looked up without its tenant (the public link names none). */
     "ALTER TABLE survey_invites DROP CONSTRAINT survey_invites_campaign_id_fkey;"
     "ALTER TABLE survey_responses DROP CONSTRAINT survey_responses_campaign_id_fkey;"
     "ALTER TABLE survey_events DROP CONSTRAINT survey_events_campaign_id_fkey;"
     "ALTER TABLE survey_campaigns DROP CONSTRAINT survey_campaigns_pkey, ADD PRIMARY KEY (tenant, id);"
     "CREATE INDEX survey_campaigns_id ON survey_campaigns(id);"
     "ALTER TABLE survey_invites DROP CONSTRAINT survey_invites_pkey, ADD PRIMARY KEY (tenant, id),"
     " ADD FOREIGN KEY (tenant, campaign_id) REFERENCES survey_campaigns(tenant, id);"
     "ALTER TABLE survey_invites DROP CONSTRAINT survey_invites_token_hash_key, ADD UNIQUE (tenant, token_hash);"
     "CREATE INDEX survey_invites_token ON survey_invites(token_hash);"
     "ALTER TABLE survey_invites DROP CONSTRAINT survey_invites_campaign_id_dossier_id_key,"
     " ADD UNIQUE (tenant, campaign_id, dossier_id);"
     "ALTER TABLE survey_responses DROP CONSTRAINT survey_responses_pkey, ADD PRIMARY KEY (tenant, id),"
     " ADD FOREIGN KEY (tenant, campaign_id) REFERENCES survey_campaigns(tenant, id);"
     "ALTER TABLE survey_events DROP CONSTRAINT survey_events_pkey, ADD PRIMARY KEY (tenant, id),"
     " ADD FOREIGN KEY (tenant, campaign_id) REFERENCES survey_campaigns(tenant, id);"},
    {11, "journal_subjects",
     /* The journal holds every change of state, not only dossiers': feedback (phản ánh, kiến nghị),
      * inspections, tasks, assessments. An entry about such a record names its kind (subject) and id and
      * has no dossier; it is in its tenant's chain like any other (journal.c hashes the subject too). */
     "ALTER TABLE journal ADD COLUMN subject TEXT;"
     "ALTER TABLE journal ADD COLUMN subject_id BIGINT;",
     /* PostgreSQL: the reference to the dossier allows none (a NULL key is not checked). */
     "ALTER TABLE journal ALTER COLUMN dossier_id DROP NOT NULL;"
     "ALTER TABLE journal ADD CHECK ((dossier_id IS NULL) = (subject IS NOT NULL));"
     "CREATE INDEX journal_subject ON journal(subject, subject_id, id);",
     /* SQLite cannot drop NOT NULL: the table is rebuilt with the same ids, hashes and indexes. The
      * append-only triggers go with the old table and are made again on the new one. */
     "CREATE TABLE journal_next ("
     " id INTEGER PRIMARY KEY,"
     " dossier_id BIGINT REFERENCES dossiers(id),"
     " at BIGINT NOT NULL,"
     " user_id BIGINT,"
     " actor TEXT NOT NULL,"
     " role TEXT NOT NULL,"
     " unit_code TEXT,"
     " action TEXT NOT NULL,"
     " from_state TEXT,"
     " to_state TEXT NOT NULL,"
     " step_seq INTEGER,"
     " step_name TEXT,"
     " step_due_at BIGINT,"
     " timing TEXT,"
     " to_unit_code TEXT,"
     " note TEXT,"
     " prev_hash TEXT NOT NULL,"
     " hash TEXT NOT NULL,"
     " tenant TEXT NOT NULL DEFAULT '',"
     " subject TEXT,"
     " subject_id BIGINT,"
     " CHECK ((dossier_id IS NULL) = (subject IS NOT NULL)));"
     "INSERT INTO journal_next(id, dossier_id, at, user_id, actor, role, unit_code, action, from_state, to_state,"
     " step_seq, step_name, step_due_at, timing, to_unit_code, note, prev_hash, hash, tenant, subject, subject_id)"
     " SELECT id, dossier_id, at, user_id, actor, role, unit_code, action, from_state, to_state, step_seq,"
     " step_name, step_due_at, timing, to_unit_code, note, prev_hash, hash, tenant, subject, subject_id FROM journal;"
     "DROP TABLE journal;"
     "ALTER TABLE journal_next RENAME TO journal;"
     "CREATE INDEX journal_dossier ON journal(dossier_id, id);"
     "CREATE INDEX journal_tenant ON journal(tenant, id);"
     "CREATE INDEX journal_subject ON journal(subject, subject_id, id);"
     "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;"
     "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;"},
};

const store_migration *store_migrations_sqlite(int *n) {
    *n = (int)(sizeof sqlite_migrations / sizeof sqlite_migrations[0]);
    return sqlite_migrations;
}
