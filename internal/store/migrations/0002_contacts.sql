-- People and organisations, with their emails, phones, addresses, tags and
-- memberships (a person's role in an organisation).

CREATE TABLE contact (
	id               INTEGER PRIMARY KEY,
	kind             TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
	civility         TEXT NOT NULL DEFAULT '',
	first_name       TEXT NOT NULL DEFAULT '',
	last_name        TEXT NOT NULL DEFAULT '',
	org_name         TEXT NOT NULL DEFAULT '',
	org_kind         TEXT NOT NULL DEFAULT '' CHECK (org_kind IN ('', 'association', 'company',
	                     'public_funder', 'foundation', 'press', 'other')),
	legal_form       TEXT NOT NULL DEFAULT '',
	siren            TEXT NOT NULL DEFAULT '',
	-- Fiscal-year end of a company as MM-DD; company receipts must not straddle it.
	fiscal_year_end  TEXT NOT NULL DEFAULT '',
	website          TEXT NOT NULL DEFAULT '',
	notes            TEXT NOT NULL DEFAULT '',
	-- Folded (lower case, no accents) display name, for sorting and keyset paging.
	sort_name        TEXT NOT NULL,
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	erased_at        TEXT,
	CHECK (erased_at IS NOT NULL
	       OR (kind = 'person' AND (first_name <> '' OR last_name <> ''))
	       OR (kind = 'organisation' AND org_name <> ''))
) STRICT;
CREATE INDEX contact_sort ON contact (sort_name, id);
CREATE INDEX contact_kind_sort ON contact (kind, sort_name, id);
CREATE INDEX contact_siren ON contact (siren) WHERE siren <> '';

CREATE TABLE contact_email (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	email       TEXT NOT NULL,
	label       TEXT NOT NULL DEFAULT '',
	preferred   INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1))
) STRICT;
CREATE INDEX contact_email_contact ON contact_email (contact_id);
CREATE INDEX contact_email_email ON contact_email (email COLLATE NOCASE);

CREATE TABLE contact_phone (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	phone       TEXT NOT NULL,
	label       TEXT NOT NULL DEFAULT '',
	preferred   INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1))
) STRICT;
CREATE INDEX contact_phone_contact ON contact_phone (contact_id);

CREATE TABLE contact_address (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	label       TEXT NOT NULL DEFAULT '',
	street      TEXT NOT NULL DEFAULT '',
	postcode    TEXT NOT NULL DEFAULT '',
	city        TEXT NOT NULL DEFAULT '',
	country     TEXT NOT NULL DEFAULT 'France',
	preferred   INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1))
) STRICT;
CREATE INDEX contact_address_contact ON contact_address (contact_id);
CREATE INDEX contact_address_postcode ON contact_address (postcode);

CREATE TABLE membership (
	person_id        INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	organisation_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	role             TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (person_id, organisation_id, role)
) STRICT;
CREATE INDEX membership_org ON membership (organisation_id);

CREATE TABLE tag (
	id    INTEGER PRIMARY KEY,
	name  TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE contact_tag (
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	tag_id      INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
	PRIMARY KEY (contact_id, tag_id)
) STRICT;
CREATE INDEX contact_tag_tag ON contact_tag (tag_id);

-- Full-text search document per contact (rowid = contact.id), rebuilt by the
-- store on every change: names, organisations, emails, cities, tags, notes.
-- No prefix = '…' option: prefix indexes made one-letter searches faster
-- but the import of 100,000 contacts 1 s slower (docs/benchmarks.md); a
-- single letter is served by the name index instead (store.ListContacts).
CREATE VIRTUAL TABLE contact_fts USING fts5 (
	doc,
	tokenize = 'unicode61 remove_diacritics 2'
);
