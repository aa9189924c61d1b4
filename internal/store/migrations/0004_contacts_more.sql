-- Contacts, continued: the interaction timeline, GDPR consent per channel,
-- the objection (suppression) list, press outlets, journalists, press lists
-- and the log of press releases sent.

-- A timeline entry about a contact: a note, a call, a meeting or an email.
CREATE TABLE interaction (
	id          INTEGER PRIMARY KEY,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL CHECK (kind IN ('note', 'call', 'meeting', 'email')),
	date        TEXT NOT NULL CHECK (date(date) IS date),
	subject     TEXT NOT NULL DEFAULT '',
	body        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX interaction_contact ON interaction (contact_id, date, id);

-- Consent or objection per person and channel (GDPR art. 6, 7 and 21).
CREATE TABLE consent (
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	channel     TEXT NOT NULL CHECK (channel IN ('email', 'post', 'phone')),
	status      TEXT NOT NULL CHECK (status IN ('consent', 'objection')),
	date        TEXT NOT NULL CHECK (date(date) IS date),
	source      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (contact_id, channel)
) STRICT;

-- The suppression list: SHA-256 (hex) of the trimmed, folded, lower-case
-- email of everyone who objected or was erased. It holds no contact id, so
-- it survives erasure and stops a re-import from bringing the person back.
CREATE TABLE objection (
	email_hash  TEXT PRIMARY KEY CHECK (length(email_hash) = 64),
	created_at  TEXT NOT NULL,
	source      TEXT NOT NULL DEFAULT ''
) STRICT;

-- The kind of press outlet, for organisations with org_kind = 'press'.
ALTER TABLE contact ADD COLUMN press_kind TEXT NOT NULL DEFAULT '' CHECK (press_kind IN ('',
	'national', 'regional_daily', 'local', 'radio', 'tv', 'web', 'specialised'));

-- Erased people whose name and address back issued tax receipts are kept
-- until this civil date (receipts are kept 6 years), out of every list.
ALTER TABLE contact ADD COLUMN retain_until TEXT
	CHECK (retain_until IS NULL OR date(retain_until) IS retain_until);

CREATE TABLE journalist (
	person_id       INTEGER PRIMARY KEY REFERENCES contact (id) ON DELETE CASCADE,
	topics          TEXT NOT NULL DEFAULT '',
	regions         TEXT NOT NULL DEFAULT '',
	opt_out         INTEGER NOT NULL DEFAULT 0 CHECK (opt_out IN (0, 1)),
	last_contacted  TEXT CHECK (last_contacted IS NULL OR date(last_contacted) IS last_contacted)
) STRICT;

CREATE TABLE press_list (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
	created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE press_list_member (
	list_id     INTEGER NOT NULL REFERENCES press_list (id) ON DELETE CASCADE,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
	PRIMARY KEY (list_id, contact_id)
) STRICT;
CREATE INDEX press_list_member_contact ON press_list_member (contact_id);

-- The log of press releases sent: when, to which list, about what.
CREATE TABLE press_release (
	id          INTEGER PRIMARY KEY,
	list_id     INTEGER NOT NULL REFERENCES press_list (id),
	date        TEXT NOT NULL CHECK (date(date) IS date),
	subject     TEXT NOT NULL,
	recipients  INTEGER NOT NULL DEFAULT 0 CHECK (recipients >= 0),
	created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX press_release_list ON press_release (list_id, date);
