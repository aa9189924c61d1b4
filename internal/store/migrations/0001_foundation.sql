-- Foundation: the association profile, application settings and the
-- append-only audit log.

CREATE TABLE association (
	id                  INTEGER PRIMARY KEY CHECK (id = 1),
	name                TEXT NOT NULL DEFAULT '',
	siren               TEXT NOT NULL DEFAULT '',
	rna                 TEXT NOT NULL DEFAULT '',
	street              TEXT NOT NULL DEFAULT '',
	postcode            TEXT NOT NULL DEFAULT '',
	city                TEXT NOT NULL DEFAULT '',
	country             TEXT NOT NULL DEFAULT '',
	object              TEXT NOT NULL DEFAULT '',
	category            TEXT NOT NULL DEFAULT '',
	category_precision  TEXT NOT NULL DEFAULT '',
	category_dates      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(category_dates)),
	signer_name         TEXT NOT NULL DEFAULT '',
	signer_role         TEXT NOT NULL DEFAULT '',
	signature           BLOB,
	signature_mime      TEXT NOT NULL DEFAULT '',
	logo                BLOB,
	logo_mime           TEXT NOT NULL DEFAULT '',
	updated_at          TEXT NOT NULL
) STRICT;

CREATE TABLE setting (
	key    TEXT PRIMARY KEY,
	value  TEXT NOT NULL
) STRICT;

-- The audit log is append-only: the triggers below refuse any change.
CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	action     TEXT NOT NULL,
	entity     TEXT NOT NULL,
	entity_id  INTEGER,
	details    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
