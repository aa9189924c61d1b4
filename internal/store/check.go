package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Problem is one thing wrong with a database, found by Check.
type Problem struct {
	Check  string // name of the check that found it, as in Checks
	Detail string
}

// CheckInfo describes one check that DB.Check runs.
type CheckInfo struct {
	Name  string // stable key: "integrity", "contact_fts"…
	Label string // French fallback label, shown by the doors
}

// invariant is a rule of the application that the schema cannot express
// (or that SQLite does not verify on read-only connections). Its query
// returns one text row per violation and nothing when the rule holds.
// Later features add their own here: contiguous receipt numbers, PDF
// hashes…
type invariant struct {
	CheckInfo
	since int // first schema version that has the tables it reads
	query string
}

// invariantFuncs replace the query of the invariants named here, for
// rules SQL cannot check, such as the SHA-256 of stored documents. Same
// contract: one line per violation.
var invariantFuncs = map[string]func(ctx context.Context, db *DB) ([]string, error){
	"receipt_pdf_hash": receiptHashProblems,
}

// runInvariant returns the violations of inv.
func (db *DB) runInvariant(ctx context.Context, inv invariant) ([]string, error) {
	if fn := invariantFuncs[inv.Name]; fn != nil {
		return fn(ctx, db)
	}
	return db.lines(ctx, inv.query)
}

var invariants = []invariant{
	{CheckInfo{"audit_triggers", "journal d'audit non modifiable"}, 1, `
		WITH want (name) AS (VALUES ('audit_log_no_update'), ('audit_log_no_delete'))
		SELECT 'le déclencheur ' || name || ' qui protège le journal d''audit a disparu'
		FROM want WHERE name NOT IN (SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_log')`},
	// A read-only connection drops CHECK constraints from the schema it
	// parses, so PRAGMA integrity_check does not verify them there (that is
	// how "bureau check" and restore open a database). The few that carry
	// legal weight are checked here explicitly.
	{CheckInfo{"association_single", "une seule fiche d'association"}, 1, `
		SELECT 'fiche d''association en trop (id ' || id || ')' FROM association WHERE id <> 1`},
	{CheckInfo{"gift_amounts", "montants des dons positifs"}, 3, `
		SELECT 'don ' || id || ' : montant ' || amount_cents || ' centimes, contreparties ' || counterpart_cents || ' centimes'
		FROM gift WHERE amount_cents <= 0 OR counterpart_cents < 0`},
	// The search index is maintained by the store, not by triggers: a
	// contact missing from it cannot be found by a search.
	{CheckInfo{"contact_fts", "index de recherche des contacts"}, 2, `
		SELECT 'contact ' || id || ' absent de l''index de recherche' FROM contact
		WHERE id NOT IN (SELECT rowid FROM contact_fts)
		UNION ALL
		SELECT 'entrée ' || rowid || ' de l''index de recherche sans contact' FROM contact_fts
		WHERE rowid NOT IN (SELECT id FROM contact)`},
	// Tax receipts (0007_receipts.sql, receipts-law.md §3, §8.2). The
	// triggers prevent these; the checks prove, to a control, that they
	// held, and find a database changed behind Bureau's back. "bureau
	// receipts check" runs the checks whose name starts with "receipt".
	{CheckInfo{"receipt_triggers", "reçus protégés par la base"}, 7, `
		WITH want (name) AS (VALUES ('receipt_counter_insert'), ('receipt_counter_update'),
			('receipt_counter_no_delete'), ('receipt_insert'), ('receipt_take_number'), ('receipt_immutable'),
			('receipt_no_delete'), ('receipt_cancel_lines'), ('receipt_line_insert'), ('receipt_line_immutable'),
			('receipt_line_no_delete'), ('receipt_asset_no_update'), ('receipt_asset_no_delete'),
			('receipt_run_update'), ('receipt_run_no_delete'), ('receipt_duplicate_log_no_update'),
			('receipt_duplicate_log_no_delete'), ('gift_receipted_update'), ('gift_receipted_delete'))
		SELECT 'le déclencheur ' || name || ' qui protège les reçus a disparu'
		FROM want WHERE name NOT IN (SELECT name FROM sqlite_schema WHERE type = 'trigger')
		UNION ALL
		SELECT 'l''index one_valid_receipt_per_gift (un don sur un seul reçu valide) a disparu'
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'one_valid_receipt_per_gift')`},
	{CheckInfo{"receipt_series", "numérotation des reçus continue"}, 7, `
		WITH RECURSIVE s (year, seq, last) AS (
			SELECT year, first_seq, next_seq - 1 FROM receipt_counter WHERE next_seq > first_seq
			UNION ALL SELECT year, seq + 1, last FROM s WHERE seq < last)
		SELECT 'numéro ' || printf('%04d-%05d', s.year, s.seq) || ' manquant : la série ' || s.year || ' a un trou'
		FROM s WHERE NOT EXISTS (SELECT 1 FROM receipt r WHERE r.year = s.year AND r.seq = s.seq)
		UNION ALL
		SELECT 'reçu ' || r.number || ' hors de la série ' || r.year || ', qui va de ' || printf('%04d-%05d', c.year, c.first_seq)
			|| ' à ' || printf('%04d-%05d', c.year, c.next_seq - 1)
		FROM receipt r JOIN receipt_counter c ON c.year = r.year WHERE r.seq < c.first_seq OR r.seq >= c.next_seq
		UNION ALL
		SELECT 'reçu ' || number || ' : l''année ' || year || ' n''a pas de compteur' FROM receipt
		WHERE year NOT IN (SELECT year FROM receipt_counter)
		UNION ALL
		SELECT 'numéro ' || printf('%04d-%05d', year, seq) || ' donné ' || count(*) || ' fois'
		FROM receipt GROUP BY year, seq HAVING count(*) > 1
		UNION ALL
		SELECT 'numéro ' || number || ' donné ' || count(*) || ' fois' FROM receipt GROUP BY number HAVING count(*) > 1
		UNION ALL
		SELECT 'reçu ' || number || ' : numéro mal formé (année ' || year || ', rang ' || seq || ')'
		FROM receipt WHERE number IS NOT printf('%04d-%05d', year, seq)`},
	{CheckInfo{"receipt_pdf_hash", "PDF des reçus conformes à leur empreinte"}, 7, ""}, // invariantFuncs
	{CheckInfo{"receipt_gift_once", "un don sur un seul reçu valide"}, 7, `
		SELECT 'don ' || l.gift_id || ' sur ' || count(*) || ' reçus valides : ' || group_concat(r.number, ', ')
		FROM receipt_line l JOIN receipt r ON r.id = l.receipt_id WHERE r.status = 'valid'
		GROUP BY l.gift_id HAVING count(*) > 1`},
	{CheckInfo{"receipt_consistency", "reçus cohérents avec leurs dons"}, 7, `
		SELECT 'reçu ' || r.number || ' : ' || count(l.gift_id) || ' dons pour ' || r.line_count || ' annoncés, total '
			|| coalesce(sum(l.amount_cents), 0) || ' centimes pour ' || r.total_cents || ' imprimés'
		FROM receipt r LEFT JOIN receipt_line l ON l.receipt_id = r.id GROUP BY r.id
		HAVING count(l.gift_id) <> r.line_count OR coalesce(sum(l.amount_cents), 0) <> r.total_cents
		UNION ALL
		SELECT 'reçu ' || r.number || ' (' || r.status || ') : le don ' || l.gift_id || ' est marqué '
			|| CASE l.active WHEN 1 THEN 'couvert' ELSE 'libéré' END
		FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id
		WHERE (r.status = 'valid') <> (l.active = 1)
		UNION ALL
		SELECT 'reçu ' || r.number || ' : statut ' || r.status || ' incohérent avec ses dates, motif ou documents d''annulation'
		FROM receipt r
		WHERE NOT ((r.status = 'valid' AND r.cancelled_on IS NULL AND r.cancel_reason IS NULL AND r.replaced_by IS NULL
		            AND r.cancelled_pdf IS NULL AND r.cancelled_sha256 IS NULL)
		        OR (r.status = 'cancelled' AND r.cancelled_on IS NOT NULL AND trim(coalesce(r.cancel_reason, '')) <> ''
		            AND length(r.cancelled_pdf) > 0 AND length(r.cancelled_sha256) = 64))
		UNION ALL
		SELECT 'reçu ' || r.number || ' : le don ' || g.id || ' appartient à la fiche ' || g.donor_id
			|| ', le reçu à la fiche ' || r.donor_id
		FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id JOIN gift g ON g.id = l.gift_id
		WHERE l.active = 1 AND g.donor_id <> r.donor_id
		UNION ALL
		SELECT 'reçu ' || r.number || ' : le don ' || g.id || ' ne correspond plus au reçu (reçu : '
			|| l.amount_cents || ' centimes le ' || l.date || ', ' || l.nature || ' ; don : ' || g.amount_cents
			|| ' centimes reçu le ' || g.date_received || ', ' || g.nature || ')'
		FROM receipt r JOIN receipt_line l ON l.receipt_id = r.id JOIN gift g ON g.id = l.gift_id
		WHERE l.active = 1 AND (l.date NOT IN (g.date_received, coalesce(g.date_cashed, '')) OR l.nature <> g.nature
			OR l.amount_cents <> CASE g.kind WHEN 'cotisation' THEN g.amount_cents - g.counterpart_cents ELSE g.amount_cents END)
		UNION ALL
		SELECT 'reçu ' || n.number || ' : il remplace le reçu ' || n.replaces || ', qui '
			|| CASE WHEN o.id IS NULL THEN 'n''existe pas' WHEN o.status <> 'cancelled' THEN 'n''est pas annulé'
			        ELSE 'renvoie au reçu ' || coalesce(o.replaced_by, 'aucun') END
		FROM receipt n LEFT JOIN receipt o ON o.number = n.replaces
		WHERE n.replaces IS NOT NULL AND (o.id IS NULL OR o.status <> 'cancelled' OR o.replaced_by IS NOT n.number)
		UNION ALL
		SELECT 'reçu ' || o.number || ' : remplacé par le reçu ' || o.replaced_by || ', qui ne le remplace pas'
		FROM receipt o LEFT JOIN receipt n ON n.number = o.replaced_by
		WHERE o.replaced_by IS NOT NULL AND n.replaces IS NOT o.number`},
}

// Checks lists, in order, the checks that DB.Check runs.
func Checks() []CheckInfo {
	out := []CheckInfo{
		{"integrity", "intégrité SQLite"},
		{"foreign_keys", "références entre tables"},
		{"schema", "version du schéma"},
	}
	for _, inv := range invariants {
		out = append(out, inv.CheckInfo)
	}
	return out
}

// maxProblems bounds the problems reported per check: a badly damaged
// file would otherwise list thousands of lines.
const maxProblems = 100

// Check verifies the database: SQLite's integrity_check (all of it, not
// quick_check), foreign keys, the schema version, then the application's
// invariants. It only reads. A check that cannot run, because the file is
// damaged for instance, is itself reported as a problem; the error is for
// a cancelled context only.
func (db *DB) Check(ctx context.Context) ([]Problem, error) {
	var out []Problem
	add := func(check string, details []string, err error) error {
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			details = append(details, "vérification impossible : "+err.Error())
		}
		for _, d := range details {
			out = append(out, Problem{Check: check, Detail: d})
		}
		return nil
	}

	rows, err := db.integrityProblems(ctx)
	if err := add("integrity", rows, err); err != nil {
		return nil, err
	}

	rows, err = db.foreignKeyProblems(ctx)
	if err := add("foreign_keys", rows, err); err != nil {
		return nil, err
	}

	version, rows, err := db.schemaProblems(ctx)
	if err := add("schema", rows, err); err != nil {
		return nil, err
	}

	for _, inv := range invariants {
		if version < inv.since {
			continue
		}
		rows, err := db.runInvariant(ctx, inv)
		if err := add(inv.Name, rows, err); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// lines runs a query whose rows are one text column, keeping at most
// maxProblems of them.
func (db *DB) lines(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		if len(out) == maxProblems {
			out = append(out, fmt.Sprintf("… liste arrêtée aux %d premiers", maxProblems))
			break
		}
		var s string
		if err := rows.Scan(&s); err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// integrityProblems runs the full integrity_check. SQLite may pack
// several findings in one row, one per line, under a "*** in database
// main ***" heading: each line becomes a problem.
func (db *DB) integrityProblems(ctx context.Context) ([]string, error) {
	rows, err := db.lines(ctx, fmt.Sprintf("PRAGMA integrity_check(%d)", maxProblems))
	var out []string
	for _, r := range rows {
		for _, l := range strings.Split(r, "\n") {
			if l = strings.TrimSpace(l); l != "" && l != "ok" && !strings.HasPrefix(l, "*** ") {
				out = append(out, l)
			}
		}
	}
	return out, err
}

func (db *DB) foreignKeyProblems(ctx context.Context) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		if len(out) == maxProblems {
			out = append(out, fmt.Sprintf("… liste arrêtée aux %d premiers", maxProblems))
			break
		}
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return out, err
		}
		out = append(out, fmt.Sprintf("%s, ligne %d : renvoie à une ligne de %s qui n'existe pas", table, rowid.Int64, parent))
	}
	return out, rows.Err()
}

// schemaProblems compares user_version, the schema_migrations rows and the
// migrations embedded in this build. It returns the version it read.
// A database opened read-only may be older than this build (it is
// migrated when opened for writing); one opened for writing has been
// migrated, so it must be exactly current.
func (db *DB) schemaProblems(ctx context.Context) (int, []string, error) {
	var version int
	if err := db.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, nil, err
	}
	if version == 0 {
		return 0, []string{"la base ne contient pas les tables de Bureau (schéma 0)"}, nil
	}
	var out []string
	if db.w != nil && version != SchemaVersion() {
		out = append(out, fmt.Sprintf("schéma %d, cette version de Bureau attend le schéma %d", version, SchemaVersion()))
	}
	ms, err := migrations()
	if err != nil {
		return version, out, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT version, name FROM schema_migrations ORDER BY version`)
	if err != nil {
		return version, out, err
	}
	defer rows.Close()
	want := 1
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return version, out, err
		}
		switch {
		case v != want:
			out = append(out, fmt.Sprintf("migration %d enregistrée à la place de la migration %d", v, want))
		case v <= len(ms) && name != ms[v-1].name:
			out = append(out, fmt.Sprintf("migration %d enregistrée sous le nom %s au lieu de %s", v, name, ms[v-1].name))
		}
		want = v + 1
	}
	if err := rows.Err(); err != nil {
		return version, out, err
	}
	if want-1 != version {
		out = append(out, fmt.Sprintf("user_version vaut %d mais la dernière migration enregistrée est la %d", version, want-1))
	}
	return version, out, nil
}
