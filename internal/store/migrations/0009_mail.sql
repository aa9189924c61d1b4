-- Partner mail over IMAP: accounts and their folders' sync state,
-- messages stored once whatever the folder or account, threads linked to
-- the contacts taking part, attachments, senders to review, and a
-- full-text index over subjects and bodies. Passwords are never here:
-- they live in the system keyring.

CREATE TABLE mail_account (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
	host         TEXT NOT NULL CHECK (host <> ''),
	port         INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
	username     TEXT NOT NULL CHECK (username <> ''),
	security     TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'plain')),
	-- SHA-256 (hex) of a self-signed certificate trusted explicitly.
	fingerprint  TEXT NOT NULL DEFAULT '' CHECK (fingerprint = '' OR length(fingerprint) = 64),
	-- The account's own address: neither a partner nor an unknown sender.
	address      TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
) STRICT;

-- One row per folder chosen for sync, with where the last sync stopped.
-- A new UIDVALIDITY voids every UID: the folder's links are dropped and
-- it is read again, messages already stored being recognised by key.
CREATE TABLE mail_folder (
	id              INTEGER PRIMARY KEY,
	account_id      INTEGER NOT NULL REFERENCES mail_account (id) ON DELETE CASCADE,
	name            TEXT NOT NULL CHECK (name <> ''),
	position        INTEGER NOT NULL DEFAULT 0,
	uidvalidity     INTEGER NOT NULL DEFAULT 0 CHECK (uidvalidity >= 0),
	last_uid        INTEGER NOT NULL DEFAULT 0 CHECK (last_uid >= 0),
	highest_modseq  INTEGER NOT NULL DEFAULT 0 CHECK (highest_modseq >= 0),
	synced_at       TEXT,
	UNIQUE (account_id, name)
) STRICT;

CREATE TABLE mail_thread (
	id             INTEGER PRIMARY KEY,
	subject        TEXT NOT NULL DEFAULT '',
	first_date     TEXT NOT NULL,
	last_date      TEXT NOT NULL,
	message_count  INTEGER NOT NULL CHECK (message_count >= 0)
) STRICT;
CREATE INDEX mail_thread_last ON mail_thread (last_date DESC, id DESC);

-- A message, once: key is its Message-ID in angle brackets, or
-- "sha256:…" of sender, date, subject and the start of the text.
CREATE TABLE mail_message (
	id            INTEGER PRIMARY KEY,
	key           TEXT NOT NULL UNIQUE CHECK (key <> ''),
	message_id    TEXT NOT NULL DEFAULT '',
	in_reply_to   TEXT NOT NULL DEFAULT '',
	refs          TEXT NOT NULL DEFAULT '', -- Message-IDs, space-separated, oldest first
	subject       TEXT NOT NULL DEFAULT '',
	date          TEXT NOT NULL,            -- UTC RFC 3339
	from_name     TEXT NOT NULL DEFAULT '',
	from_addr     TEXT NOT NULL DEFAULT '',
	body          TEXT NOT NULL DEFAULT '',
	body_is_html  INTEGER NOT NULL DEFAULT 0 CHECK (body_is_html IN (0, 1)),
	size          INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
	thread_id     INTEGER REFERENCES mail_thread (id) ON DELETE SET NULL,
	created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX mail_message_thread ON mail_message (thread_id, date);
CREATE INDEX mail_message_date ON mail_message (date, id);

-- Where a message is on the server: a folder may hold it under one UID.
CREATE TABLE mail_message_folder (
	folder_id   INTEGER NOT NULL REFERENCES mail_folder (id) ON DELETE CASCADE,
	uid         INTEGER NOT NULL CHECK (uid > 0),
	message_id  INTEGER NOT NULL REFERENCES mail_message (id) ON DELETE CASCADE,
	PRIMARY KEY (folder_id, uid)
) STRICT, WITHOUT ROWID;
CREATE INDEX mail_message_folder_message ON mail_message_folder (message_id);

-- From, To and Cc of each message, in order, for display and to link
-- threads to contacts again when contacts change.
CREATE TABLE mail_address (
	message_id  INTEGER NOT NULL REFERENCES mail_message (id) ON DELETE CASCADE,
	role        TEXT NOT NULL CHECK (role IN ('from', 'to', 'cc')),
	position    INTEGER NOT NULL,
	address     TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (message_id, role, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX mail_address_address ON mail_address (address);

-- Contacts (people and organisations) taking part in a thread; rows are
-- recomputed from the addresses, never edited by hand. No UNIQUE
-- constraint, so that merging two contacts never collides here.
CREATE TABLE mail_thread_contact (
	thread_id   INTEGER NOT NULL REFERENCES mail_thread (id) ON DELETE CASCADE,
	contact_id  INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX mail_thread_contact_contact ON mail_thread_contact (contact_id, thread_id);
CREATE INDEX mail_thread_contact_thread ON mail_thread_contact (thread_id);

-- Attachments with safe file names; content is NULL when the file was
-- over the size cap (setting mail.attachment_max_bytes).
CREATE TABLE mail_attachment (
	id            INTEGER PRIMARY KEY,
	message_id    INTEGER NOT NULL REFERENCES mail_message (id) ON DELETE CASCADE,
	position      INTEGER NOT NULL,
	filename      TEXT NOT NULL CHECK (filename <> ''),
	content_type  TEXT NOT NULL DEFAULT 'application/octet-stream',
	size          INTEGER NOT NULL CHECK (size >= 0),
	inline        INTEGER NOT NULL DEFAULT 0 CHECK (inline IN (0, 1)),
	content       BLOB,
	UNIQUE (message_id, position)
) STRICT;

-- Senders that match no contact, listed for review; never turned into
-- contacts automatically.
CREATE TABLE mail_unknown_sender (
	address        TEXT PRIMARY KEY,
	name           TEXT NOT NULL DEFAULT '',
	message_count  INTEGER NOT NULL DEFAULT 0 CHECK (message_count >= 0),
	last_date      TEXT NOT NULL,
	last_subject   TEXT NOT NULL DEFAULT '',
	dismissed      INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1))
) STRICT;

-- Full-text search over subjects and bodies, accent- and case-blind;
-- rowid = mail_message.id, content read from mail_message.
CREATE VIRTUAL TABLE mail_fts USING fts5 (
	subject,
	body,
	content = 'mail_message',
	content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
