-- The donation register. Amounts are integer cents; civil dates are
-- 'YYYY-MM-DD' text, checked by SQLite's date().

CREATE TABLE gift (
	id                 INTEGER PRIMARY KEY,
	donor_id           INTEGER NOT NULL REFERENCES contact (id),
	amount_cents       INTEGER NOT NULL CHECK (amount_cents > 0),
	date_received      TEXT NOT NULL CHECK (date(date_received) IS date_received),
	date_cashed        TEXT CHECK (date_cashed IS NULL OR date(date_cashed) IS date_cashed),
	method             TEXT NOT NULL CHECK (method IN ('especes', 'cheque', 'virement', 'prelevement', 'carte')),
	cheque_number      TEXT NOT NULL DEFAULT '',
	bank               TEXT NOT NULL DEFAULT '',
	nature             TEXT NOT NULL DEFAULT 'numeraire' CHECK (nature IN ('numeraire', 'titres',
	                       'abandon_revenus', 'frais_benevoles', 'nature')),
	forme              TEXT NOT NULL DEFAULT 'don_manuel' CHECK (forme IN ('don_manuel',
	                       'acte_authentique', 'acte_sous_seing_prive', 'autre')),
	-- A membership fee is receipted only for its part without counterpart.
	kind               TEXT NOT NULL DEFAULT 'don' CHECK (kind IN ('don', 'cotisation')),
	description        TEXT NOT NULL DEFAULT '',
	valuation_method   TEXT NOT NULL DEFAULT '',
	campaign           TEXT NOT NULL DEFAULT '',
	source             TEXT NOT NULL DEFAULT 'manual',
	reference          TEXT,
	counterpart_cents  INTEGER NOT NULL DEFAULT 0 CHECK (counterpart_cents >= 0),
	note               TEXT NOT NULL DEFAULT '',
	created_at         TEXT NOT NULL,
	UNIQUE (source, reference)
) STRICT;
CREATE INDEX gift_date ON gift (date_received);
CREATE INDEX gift_donor ON gift (donor_id, date_received);
CREATE INDEX gift_campaign ON gift (campaign, date_received) WHERE campaign <> '';
