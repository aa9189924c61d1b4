package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/bureau-asso/bureau/internal/mail"
)

// CreateMailAccount saves an account and its chosen folders. The
// password is never stored here.
func (db *DB) CreateMailAccount(ctx context.Context, a *mail.Account) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `INSERT INTO mail_account (name, host, port, username, security, fingerprint, address, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Name, a.Host, a.Port, a.User, a.Security, a.Fingerprint, a.Address, now)
		if err != nil {
			return err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		for i, f := range a.Folders {
			if _, err := tx.ExecContext(ctx, `INSERT INTO mail_folder (account_id, name, position) VALUES (?, ?, ?)
				ON CONFLICT (account_id, name) DO NOTHING`, a.ID, f, i); err != nil {
				return err
			}
		}
		a.CreatedAt, _ = time.Parse(time.RFC3339, now)
		return db.audit(ctx, tx, "create", "mail_account", a.ID, map[string]any{
			"name": a.Name, "host": a.Host, "port": a.Port, "user": a.User, "security": a.Security, "folders": a.Folders})
	})
}

// ListMailAccounts returns the accounts by name, with their folders in
// the order they were chosen.
func (db *DB) ListMailAccounts(ctx context.Context) ([]mail.Account, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, name, host, port, username, security, fingerprint, address, created_at
		FROM mail_account ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, mapError(err)
	}
	var out []mail.Account
	for rows.Next() {
		var a mail.Account
		var created string
		if err := rows.Scan(&a.ID, &a.Name, &a.Host, &a.Port, &a.User, &a.Security, &a.Fingerprint, &a.Address, &created); err != nil {
			rows.Close()
			return nil, err
		}
		a.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Folders, err = mailFolderNames(ctx, db.r, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func mailFolderNames(ctx context.Context, q contactReader, accountID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM mail_folder WHERE account_id = ? ORDER BY position, id`, accountID)
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// DeleteMailAccount deletes an account and its folders' sync state; the
// messages stay.
func (db *DB) DeleteMailAccount(ctx context.Context, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mail_account WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return sql.ErrNoRows
		}
		return db.audit(ctx, tx, "delete", "mail_account", id, nil)
	})
}

// MailFolder returns the sync state of a folder of an account, created
// empty (never synced) when missing.
func (db *DB) MailFolder(ctx context.Context, accountID int64, name string) (mail.Folder, error) {
	f, err := getMailFolder(ctx, db.r, accountID, name)
	if !errors.Is(err, sql.ErrNoRows) {
		return f, mapError(err)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mail_folder (account_id, name, position)
			VALUES (?, ?, (SELECT coalesce(max(position), -1) + 1 FROM mail_folder WHERE account_id = ?))
			ON CONFLICT (account_id, name) DO NOTHING`, accountID, name, accountID); err != nil {
			return err
		}
		f, err = getMailFolder(ctx, tx, accountID, name)
		return err
	})
	return f, err
}

func getMailFolder(ctx context.Context, q contactReader, accountID int64, name string) (mail.Folder, error) {
	var f mail.Folder
	var synced sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, account_id, name, uidvalidity, last_uid, highest_modseq, synced_at
		FROM mail_folder WHERE account_id = ? AND name = ?`, accountID, name).
		Scan(&f.ID, &f.AccountID, &f.Name, &f.UIDValidity, &f.LastUID, &f.HighestModSeq, &synced)
	if synced.Valid {
		f.SyncedAt, _ = time.Parse(time.RFC3339, synced.String)
	}
	return f, err
}

// ListMailFolders returns the sync state of an account's folders.
func (db *DB) ListMailFolders(ctx context.Context, accountID int64) ([]mail.Folder, error) {
	names, err := mailFolderNames(ctx, db.r, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]mail.Folder, 0, len(names))
	for _, n := range names {
		f, err := getMailFolder(ctx, db.r, accountID, n)
		if err != nil {
			return nil, mapError(err)
		}
		out = append(out, f)
	}
	return out, nil
}

// ResetMailFolder forgets the UIDs of a folder whose UIDVALIDITY changed
// and records the new value; the folder is then read from the start.
func (db *DB) ResetMailFolder(ctx context.Context, folderID int64, uidValidity uint32) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM mail_message_folder WHERE folder_id = ?`, folderID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE mail_folder SET uidvalidity = ?, last_uid = 0, highest_modseq = 0
			WHERE id = ?`, uidValidity, folderID); err != nil {
			return err
		}
		return db.audit(ctx, tx, "reset", "mail_folder", folderID, map[string]any{"uidvalidity": uidValidity})
	})
}
