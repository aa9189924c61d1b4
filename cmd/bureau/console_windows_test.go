package main

import "testing"

func TestWantsConsole(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"--db", `C:\Users\Élodie\Clé USB\bureau.db`}, false},
		{[]string{"--db=demo.db", "-lang", "en"}, false},
		{[]string{"--smoke-test"}, false},
		{[]string{"--version"}, true},
		{[]string{"-h"}, true},
		{[]string{"help"}, true},
		{[]string{"--db", "x.db", "receipts", "issue", "--year", "2025"}, true},
		{[]string{"association", "categories"}, true},
		{[]string{"--db"}, true},
		{[]string{"--unknown"}, true},
	}
	for _, tt := range tests {
		if got := wantsConsole(tt.args); got != tt.want {
			t.Errorf("wantsConsole(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}
