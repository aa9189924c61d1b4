package store

import (
	"context"
	"fmt"
	"time"

	"github.com/bureau-asso/bureau/internal/report"
)

// ThreadsOf returns the email threads (0009_mail.sql) linked to
// organisation orgID or to one of its people that have a message from
// from to to (YYYY-MM-DD, both included), by date of their last message:
// each with its subject, the dates of its first and last messages, in
// local time, and its number of messages. Threads are found through
// mail_thread_contact, which mail sync fills from the messages'
// addresses.
func (db *DB) ThreadsOf(ctx context.Context, orgID int64, from, to string) ([]report.ThreadSummary, error) {
	end, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return nil, fmt.Errorf("threads of %d: invalid date %q", orgID, to)
	}
	// Dates are stored in UTC RFC 3339: a prefix compares as a date.
	rows, err := db.r.QueryContext(ctx, `SELECT t.id, t.subject, t.first_date, t.last_date, t.message_count
		FROM mail_thread t
		WHERE t.id IN (SELECT tc.thread_id FROM mail_thread_contact tc WHERE tc.contact_id = ?
		               UNION SELECT tc.thread_id FROM mail_thread_contact tc
		               JOIN membership m ON m.person_id = tc.contact_id WHERE m.organisation_id = ?)
		AND t.last_date >= ? AND t.first_date < ?
		ORDER BY t.last_date, t.id`, orgID, orgID, from, end.AddDate(0, 0, 1).Format(time.DateOnly))
	if err != nil {
		return nil, mapError(err)
	}
	defer rows.Close()
	var out []report.ThreadSummary
	for rows.Next() {
		var th report.ThreadSummary
		var first, last string
		if err := rows.Scan(&th.ID, &th.Subject, &first, &last, &th.Messages); err != nil {
			return nil, err
		}
		th.First = parseMailTime(first).Local().Format(time.DateOnly)
		th.Last = parseMailTime(last).Local().Format(time.DateOnly)
		out = append(out, th)
	}
	return out, mapError(rows.Err())
}
