package mail

import (
	"slices"
	"testing"
	"time"
)

// TestPlanThreadsKeepsIDs checks that thread ids survive rethreading: a
// grown thread keeps its id, two merged threads keep the bigger one's,
// a split gives the new part a new id, and empty threads are deleted.
func TestPlanThreadsKeepsIDs(t *testing.T) {
	d := func(n int) time.Time { return time.Date(2026, 1, n, 0, 0, 0, 0, time.UTC) }
	stored := []StoredHeader{
		{ID: 1, ThreadID: 10, Header: Header{MessageID: "a", Subject: "A", Date: d(1)}},
		{ID: 2, ThreadID: 10, Header: Header{MessageID: "b", InReplyTo: "a", Subject: "Re: A", Date: d(2)}},
		{ID: 3, ThreadID: 0, Header: Header{MessageID: "c", InReplyTo: "b", Subject: "Re: A", Date: d(3)}}, // new reply
		{ID: 4, ThreadID: 20, Header: Header{MessageID: "x", Subject: "X", Date: d(4)}},
		{ID: 5, ThreadID: 30, Header: Header{MessageID: "y", InReplyTo: "x", Subject: "Re: X", Date: d(5)}}, // joins X
		{ID: 6, ThreadID: 40, Header: Header{MessageID: "z", Subject: "Z", Date: d(6)}},                     // unchanged
	}
	hs := make([]Header, len(stored))
	for i, h := range stored {
		hs[i] = h.Header
	}
	roots := BuildThreads(hs, ThreadOptions{})
	c := planThreads(stored, roots, func(ids []int64) []int64 { return ids[:1] }, false)
	got := map[int64]ThreadUpdate{}
	for _, u := range c.Threads {
		got[u.ID] = u
	}
	if u := got[10]; u.Count != 3 || !slices.Equal(u.Move, []int64{3}) || u.Subject != "A" || !u.LastDate.Equal(d(3)) {
		t.Errorf("thread 10: %+v", u)
	}
	if u := got[20]; u.Count != 2 || !slices.Equal(u.Move, []int64{5}) {
		t.Errorf("thread 20: %+v", u)
	}
	if _, ok := got[40]; ok {
		t.Error("unchanged thread 40 rewritten")
	}
	if !slices.Equal(c.Deleted, []int64{30}) {
		t.Errorf("deleted %v, want [30]", c.Deleted)
	}
	// Relinking rewrites every thread, moving nothing.
	c = planThreads(stored, roots, func(ids []int64) []int64 { return nil }, true)
	if len(c.Threads) != 3 {
		t.Errorf("relink all: %d threads", len(c.Threads))
	}
}

func TestPlanThreadsSplit(t *testing.T) {
	stored := []StoredHeader{
		{ID: 1, ThreadID: 7, Header: Header{MessageID: "a", Subject: "Budget"}},
		{ID: 2, ThreadID: 7, Header: Header{MessageID: "b", Subject: "Facture"}},
	}
	hs := []Header{stored[0].Header, stored[1].Header}
	c := planThreads(stored, BuildThreads(hs, ThreadOptions{}), func([]int64) []int64 { return nil }, false)
	var ids []int64
	for _, u := range c.Threads {
		ids = append(ids, u.ID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []int64{0, 7}) || len(c.Deleted) != 0 {
		t.Errorf("split: ids %v, deleted %v", ids, c.Deleted)
	}
}
